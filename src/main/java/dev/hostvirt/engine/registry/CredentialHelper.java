package dev.hostvirt.engine.registry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.hostvirt.HostvirtException;
import dev.hostvirt.i18n.Text;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A docker credential helper, {@code docker-credential-NAME}, named by {@code credsStore} or
 * {@code credHelpers} in docker's config file: the protocol of docker/docker-credential-helpers.
 * {@code get} reads a server URL on stdin and prints {@code {"ServerURL","Username","Secret"}};
 * {@code store} reads that JSON; {@code erase} reads the URL. A helper that has nothing for the URL
 * exits non-zero and prints the protocol's own sentence, "credentials not found in native keychain".
 */
final class CredentialHelper {
    /** What docker-credential-helpers prints when it has nothing for a server (credentials.errCredentialsNotFoundMessage). */
    private static final String NOT_FOUND = "credentials not found";
    /**
     * Docker's marker for an OAuth identity token in place of a password, which hostvirt cannot use
     * (no refresh-token grant): treated as no credentials, so a public image still pulls and a private
     * one meets the registry's 401 and its "log in first" advice.
     */
    private static final String IDENTITY_TOKEN_USER = "<token>";
    /** A name is part of a program name: never a path (a config file must not be able to run any program). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    /** Helpers may ask the user to unlock a keyring; past this, the pull fails instead of hanging. */
    private static final long TIMEOUT_SECONDS = 120;
    private static final int MAX_OUTPUT = 1 << 20;

    private final Path program;
    private final Path configFile;

    private CredentialHelper(Path program, Path configFile) {
        this.program = program;
        this.configFile = configFile;
    }

    /**
     * The helper {@code name} found on {@code searchPath} (the user's PATH: the JDK would search the
     * JVM's own), or a one-line error saying which config file names it.
     */
    static CredentialHelper find(String name, String searchPath, Path configFile) {
        return locate(name, searchPath, configFile).orElseThrow(() ->
                new HostvirtException(Text.of("pull.error.helper.missing", "docker-credential-" + name, configFile), 125));
    }

    /** As {@link #find}, but empty when the helper is not installed. */
    static Optional<CredentialHelper> locate(String name, String searchPath, Path configFile) {
        String programName = "docker-credential-" + name;
        if (!NAME.matcher(name).matches()) {
            throw new HostvirtException(Text.of("pull.error.helper.badName", name, configFile), 125);
        }
        boolean windows = File.separatorChar == '\\';
        for (String dir : (searchPath == null ? "" : searchPath).split(File.pathSeparator)) {
            // Never the working directory's programs ("." or a relative entry), as docker refuses them.
            if (dir.isEmpty() || !Path.of(dir).isAbsolute()) {
                continue;
            }
            for (String candidate : windows ? new String[] {programName + ".exe", programName + ".cmd", programName + ".bat"}
                    : new String[] {programName}) {
                Path p = Path.of(dir, candidate);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return Optional.of(new CredentialHelper(p, configFile));
                }
            }
        }
        return Optional.empty();
    }

    /** The credentials the helper keeps for {@code serverUrl}, or empty when it has none it can give. */
    Optional<Credentials> get(String serverUrl) {
        Result r = run("get", serverUrl);
        if (r.exitCode != 0) {
            if (r.out.contains(NOT_FOUND)) {
                return Optional.empty();
            }
            throw failure("get", r, List.of());
        }
        Map<String, Object> answer;
        try {
            answer = JsonValues.object(JsonValues.parse(r.out.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            // Not the parser's words: they quote the answer, which may hold the secret.
            throw new HostvirtException(Text.of("pull.error.helper.badAnswer", programName()), 125);
        }
        String user = JsonValues.string(answer, "Username", "");
        String secret = JsonValues.string(answer, "Secret", "");
        if (user.equals(IDENTITY_TOKEN_USER) || (user.isEmpty() && secret.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(new Credentials(user, secret));
    }

    /** Hands {@code credentials} for {@code serverUrl} to the helper. */
    void store(String serverUrl, Credentials credentials) {
        StringWriter json = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(json)) {
            g.writeStartObject();
            g.writeStringField("ServerURL", serverUrl);
            g.writeStringField("Username", credentials.username());
            g.writeStringField("Secret", credentials.password());
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to memory", e);
        }
        Result r = run("store", json.toString());
        if (r.exitCode != 0) {
            // A helper may print the password it was handed, or echo its whole input.
            List<String> known = new ArrayList<>(HelperWords.forms(credentials.password()));
            known.add(json.toString());
            throw failure("store", r, known);
        }
    }

    /** Asks the helper to forget {@code serverUrl}; false when it had nothing for it. */
    boolean erase(String serverUrl) {
        Result r = run("erase", serverUrl);
        if (r.exitCode == 0) {
            return true;
        }
        if (r.out.contains(NOT_FOUND)) {
            return false;
        }
        throw failure("erase", r, List.of());
    }

    private String programName() {
        return program.getFileName().toString();
    }

    /**
     * The helper's own words for a failure, with every secret hidden: {@code known} are those hostvirt
     * handed it (see {@link HelperWords}).
     */
    private HostvirtException failure(String action, Result r, List<String> known) {
        String said = HelperWords.of(r.err, r.out, known);
        return new HostvirtException(Text.of("pull.error.helper.failed", programName(), action, r.exitCode,
                said.isEmpty() ? "-" : said, configFile), 125);
    }

    private record Result(int exitCode, String out, String err) {
    }

    private Result run(String action, String input) {
        Process p;
        try {
            p = new ProcessBuilder(program.toString(), action).start();
        } catch (IOException e) {
            throw new HostvirtException(Text.of("pull.error.helper.failed", programName(), action, -1, e.getMessage(), configFile), 125, e);
        }
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try (OutputStream in = p.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // A helper that exits without reading its input: its exit code and output say why.
        }
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new HostvirtException(Text.of("pull.error.helper.timeout", programName(), action, TIMEOUT_SECONDS), 125);
            }
            return new Result(p.exitValue(), out.get(5, TimeUnit.SECONDS), err.get(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new HostvirtException(Text.of("pull.error.interrupted"), 125, e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new HostvirtException(Text.of("pull.error.helper.outputOpen", programName(), action), 125, e);
        } catch (ExecutionException e) {
            throw new HostvirtException(Text.of("pull.error.helper.failed", programName(), action, p.exitValue(),
                    String.valueOf(e.getCause().getMessage()), configFile), 125, e);
        }
    }

    /** Reads a stream to its end on a thread of its own (so that neither pipe can fill and block the helper). */
    private static CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (stream) {
                byte[] bytes = stream.readNBytes(MAX_OUTPUT);
                stream.transferTo(OutputStream.nullOutputStream());
                result.complete(new String(bytes, StandardCharsets.UTF_8));
            } catch (IOException e) {
                result.completeExceptionally(e);
            }
        }, "hostvirt-credential-helper");
        t.setDaemon(true);
        t.start();
        return result;
    }
}
