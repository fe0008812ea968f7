package dev.hostvirt.engine.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

/**
 * A real credential helper program for tests: {@code docker-credential-NAME} as a shell script in a
 * directory of its own (put it on PATH), speaking the docker-credential-helpers protocol over
 * stdin/stdout, keeping one JSON file per server URL and logging every call ("action url").
 */
final class FakeCredentialHelper {
    private final Path bin;
    private final Path keep;
    private final Path log;

    private FakeCredentialHelper(Path bin, Path keep, Path log) {
        this.bin = bin;
        this.keep = keep;
        this.log = log;
    }

    /** Installs docker-credential-NAME under dir/bin, keeping what it is given under dir/keep. */
    static FakeCredentialHelper install(Path dir, String name) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path keep = Files.createDirectories(dir.resolve("keep"));
        Path log = dir.resolve("calls.log");
        String script = "#!/bin/sh\n"
                + "keep='" + keep + "'\n"
                + "key() { printf %s \"$1\" | od -An -tx1 | tr -d ' \\n'; }\n"
                + "case \"$1\" in\n"
                + "get|erase) url=$(cat) ;;\n"
                + "store) json=$(cat); url=$(printf %s \"$json\" | sed -n 's/.*\"ServerURL\":\"\\([^\"]*\\)\".*/\\1/p') ;;\n"
                + "*) echo \"unknown action $1\"; exit 2 ;;\n"
                + "esac\n"
                + "echo \"$1 $url\" >> '" + log + "'\n"
                + "f=\"$keep/$(key \"$url\")\"\n"
                + "case \"$1\" in\n"
                + "get) if [ -f \"$f\" ]; then cat \"$f\"; else echo 'credentials not found in native keychain'; exit 1; fi ;;\n"
                + "store) printf %s \"$json\" > \"$f\" ;;\n"
                + "erase) if [ -f \"$f\" ]; then rm \"$f\"; else echo 'credentials not found in native keychain'; exit 1; fi ;;\n"
                + "esac\n";
        return write(bin, name, script, keep, log);
    }

    /** Installs docker-credential-NAME as the given script (a helper that fails or misbehaves). */
    static FakeCredentialHelper installScript(Path dir, String name, String script) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        return write(bin, name, script, dir.resolve("keep"), dir.resolve("calls.log"));
    }

    private static FakeCredentialHelper write(Path bin, String name, String script, Path keep, Path log) throws IOException {
        Path program = bin.resolve("docker-credential-" + name);
        Files.writeString(program, script);
        if (!program.toFile().setExecutable(true)) {
            throw new IOException("cannot make " + program + " executable");
        }
        return new FakeCredentialHelper(bin, keep, log);
    }

    /** The directory to put on PATH. */
    String path() {
        return bin.toString();
    }

    /** What the helper keeps for a server URL, as it would after a docker login. */
    void seed(String serverUrl, String user, String secret) throws IOException {
        Files.writeString(file(serverUrl), "{\"ServerURL\":\"" + serverUrl + "\",\"Username\":\"" + user + "\",\"Secret\":\"" + secret + "\"}");
    }

    /** The JSON kept for a server URL, or null. */
    String kept(String serverUrl) throws IOException {
        Path f = file(serverUrl);
        return Files.exists(f) ? Files.readString(f) : null;
    }

    List<String> calls() throws IOException {
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    private Path file(String serverUrl) {
        return keep.resolve(HexFormat.of().formatHex(serverUrl.getBytes(StandardCharsets.UTF_8)));
    }
}
