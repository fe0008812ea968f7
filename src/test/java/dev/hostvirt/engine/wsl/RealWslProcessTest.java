package dev.hostvirt.engine.wsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hostvirt.engine.forward.InheritingLauncher;
import dev.hostvirt.facts.windows.WslDistro;
import dev.hostvirt.host.CommandOutput;
import dev.hostvirt.host.ProcessCommandRunner;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real processes: a fake wsl.exe written as a shell script, started the way hostvirt starts the real
 * one. It records its argv (one per line) and its WSL_UTF8, copies stdin to stdout, writes to stderr,
 * and answers --list --verbose in UTF-16LE unless WSL_UTF8=1 reached it.
 */
class RealWslProcessTest {
    @TempDir
    Path dir;

    private Path script() throws IOException {
        Path wsl = dir.resolve("wsl");
        Files.writeString(wsl, """
                #!/bin/sh
                for a in "$@"; do printf '%s\\n' "$a"; done > "$(dirname "$0")/argv"
                printf '%s' "${WSL_UTF8:-unset}" > "$(dirname "$0")/utf8"
                if [ "$1" = "--list" ]; then
                    text=$(printf '  NAME      STATE     VERSION\\r\\n* hostvirt  Stopped   2\\r\\n')
                    if [ "${WSL_UTF8:-}" = 1 ]; then printf '%s' "$text"; else printf '%s' "$text" | iconv -f UTF-8 -t UTF-16LE; fi
                    exit 0
                fi
                cat
                echo "to stderr" >&2
                exit 7
                """, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(wsl, PosixFilePermissions.fromString("rwxr-xr-x"));
        return wsl;
    }

    @Test
    void forwardedCommandGetsArgvStdinAndWslUtf8AndItsExitCodeComesBack() throws IOException {
        Path wsl = script();
        Path in = Files.writeString(dir.resolve("in"), "input from the user\n");
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        WslExe exe = new WslExe(wsl.toString(), new ProcessCommandRunner(Duration.ofSeconds(20), WslExe.ENVIRONMENT));
        WslForwarder f = new WslForwarder(exe, "hostvirt", new WslPaths("C:\\Users\\José", "hostvirt"), java.util.Map.of(),
                new InheritingLauncher(Redirect.from(in.toFile()), Redirect.to(out.toFile()), Redirect.to(err.toFile())));
        picocli.CommandLine cl = dev.hostvirt.cli.CommandLineFactory.create(new dev.hostvirt.cli.CliEnvironment(
                new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(new java.io.StringWriter()),
                java.util.Map.of(), java.util.Locale.ENGLISH, false, () -> null, java.time.Clock.systemUTC(), dir),
                new dev.hostvirt.engine.forward.EngineLocator.Local());
        int code = f.forward(List.of("run"), List.of("--rm", "-v", "C:\\Users\\José\\mis datos:/d", "busybox", "cat"),
                cl.getSubcommands().get("run").getCommandSpec());
        assertEquals(7, code);
        assertEquals(List.of("--distribution", "hostvirt", "--user", "root", "--exec", "/opt/hostvirt/bin/hostvirt", "run",
                "--rm", "-v", "/mnt/c/Users/José/mis datos:/d", "busybox", "cat"),
                Files.readAllLines(dir.resolve("argv"), StandardCharsets.UTF_8));
        assertEquals("1", Files.readString(dir.resolve("utf8")));
        assertEquals("input from the user\n", Files.readString(out));
        assertEquals("to stderr\n", Files.readString(err));
    }

    @Test
    void managementCallsSetWslUtf8AndStillReadUtf16() throws IOException {
        Path wsl = script();
        WslExe withUtf8 = new WslExe(wsl.toString(), new ProcessCommandRunner(Duration.ofSeconds(20), WslExe.ENVIRONMENT));
        CommandOutput o = withUtf8.run("--list", "--verbose").orElseThrow();
        assertEquals("1", Files.readString(dir.resolve("utf8")));
        assertEquals(List.of(new WslDistro("hostvirt", "Stopped", 2, true)), withUtf8.list(o));
        // An inbox wsl.exe ignores WSL_UTF8 and writes UTF-16LE: still read.
        WslExe inbox = new WslExe(wsl.toString(), new ProcessCommandRunner(Duration.ofSeconds(20), java.util.Map.of()));
        CommandOutput u = inbox.run("--list", "--verbose").orElseThrow();
        assertEquals(List.of(new WslDistro("hostvirt", "Stopped", 2, true)), inbox.list(u));
        assertTrue(inbox.run("--status").isPresent());
    }

    @Test
    void missingWslExeIsNotInstalled() {
        WslExe none = new WslExe(dir.resolve("no-such-wsl").toString(),
                new ProcessCommandRunner(Duration.ofSeconds(5), WslExe.ENVIRONMENT));
        assertTrue(none.run("--status").isEmpty());
    }
}
