package dev.hostvirt.engine.macos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hostvirt.cli.CliEnvironment;
import dev.hostvirt.cli.CommandLineFactory;
import dev.hostvirt.engine.forward.EngineLocator;
import dev.hostvirt.engine.forward.ForwardException;
import dev.hostvirt.engine.forward.InheritingLauncher;
import dev.hostvirt.facts.macos.MacosFacts;
import dev.hostvirt.host.CommandRecord;
import dev.hostvirt.host.HostPlatform;
import dev.hostvirt.host.Snapshot;
import dev.hostvirt.host.SnapshotHost;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** macOS: engine commands forwarded to a docker or podman CLI (here fake ones: a recorder and a real script). */
class MacosForwardingTest {
    @TempDir
    Path dir;

    private final List<List<String>> launched = new ArrayList<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String cli, String... args) {
        CliEnvironment env = new CliEnvironment(new PrintWriter(out, true), new PrintWriter(err, true), Map.of(),
                Locale.ENGLISH, false, () -> {
                    throw new AssertionError("the choice is made by the locator");
                }, Clock.systemUTC(), Path.of("/Users/ana/proyecto"));
        EngineLocator locator = new EngineLocator.MacosCli(() -> new MacosCliForwarder(cli, "/Users/ana/proyecto",
                (argv, e) -> {
                    launched.add(argv);
                    return 0;
                }));
        return CommandLineFactory.create(env, locator).execute(args);
    }

    @Test
    void runKeepsHostvirtsNoNetworkDefaultAndAbsoluteVolumes() {
        assertEquals(0, run("docker", "run", "--rm", "-v", "datos:/d:ro", "-e", "A=1", "busybox", "echo", "-v", "x:y"));
        assertEquals(List.of(List.of("docker", "run", "--network=none", "--rm", "-v", "/Users/ana/proyecto/datos:/d:ro",
                "-e", "A=1", "busybox", "echo", "-v", "x:y")), launched);
    }

    @Test
    void hostvirtsOwnLanguageIsNotHandedToDockerOrPodman() {
        assertEquals(0, run("podman", "ps", "--lang", "es", "-a"));
        assertEquals(0, run("docker", "run", "--lang=es", "--rm", "busybox", "echo", "--lang", "es"));
        assertEquals(List.of(List.of("podman", "ps", "-a"),
                List.of("docker", "run", "--network=none", "--rm", "busybox", "echo", "--lang", "es")), launched,
                "the container's own arguments are its own");
    }

    @Test
    void anExplicitNetworkIsKept() {
        run("podman", "run", "--network", "host", "busybox", "true");
        assertEquals(List.of(List.of("podman", "run", "--network=host", "busybox", "true")), launched);
    }

    @Test
    void imageImportBecomesLoadAndOtherCommandsKeepTheirNames() {
        run("docker", "image", "import", "busybox.tar");
        run("docker", "images", "-q");
        run("podman", "ps", "-a");
        run("docker", "logs", "-f", "web");
        run("docker", "stop", "-t", "2", "web");
        run("docker", "rm", "-f", "web");
        run("podman", "pull", "--tls-verify=false", "localhost:5000/x");
        run("docker", "login", "-u", "ana", "--password-stdin", "ghcr.io");
        assertEquals(List.of(List.of("docker", "load", "-i", "busybox.tar"), List.of("docker", "images", "-q"),
                List.of("podman", "ps", "-a"), List.of("docker", "logs", "-f", "web"),
                List.of("docker", "stop", "-t", "2", "web"), List.of("docker", "rm", "-f", "web"),
                List.of("podman", "pull", "--tls-verify=false", "localhost:5000/x"),
                List.of("docker", "login", "-u", "ana", "--password-stdin", "ghcr.io")), launched);
    }

    @Test
    void flagsTheCliLacksAreRefusedByName() {
        assertEquals(125, run("docker", "run", "--runtime", "crun", "busybox", "true"));
        assertTrue(err.toString().contains("the option --runtime has no equivalent in docker"), err.toString());
        assertEquals(125, run("docker", "pull", "--tls-verify=false", "x"));
        assertEquals(125, run("podman", "image", "import", "--name", "a:b", "x.tar"));
        assertEquals(List.of(), launched);
    }

    @Test
    void aRealDockerCliGetsArgvAndGivesBackItsExitCode() throws IOException {
        Path docker = dir.resolve("docker");
        Files.writeString(docker, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > \"$(dirname \"$0\")/argv\"\n"
                + "echo out; echo err >&2; exit 42\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path o = dir.resolve("o");
        Path e = dir.resolve("e");
        MacosCliForwarder f = new MacosCliForwarder(docker.toString(), "/Users/ana",
                new InheritingLauncher(Redirect.PIPE, Redirect.to(o.toFile()), Redirect.to(e.toFile())));
        CliEnvironment env = new CliEnvironment(new PrintWriter(out), new PrintWriter(err), Map.of(), Locale.ENGLISH, false,
                () -> null, Clock.systemUTC(), dir);
        var spec = CommandLineFactory.create(env, new EngineLocator.Local()).getSubcommands().get("run").getCommandSpec();
        assertEquals(42, f.forward(List.of("run"), List.of("--rm", "busybox", "sh", "-c", "echo 'a b'"), spec));
        assertEquals(List.of("run", "--network=none", "--rm", "busybox", "sh", "-c", "echo 'a b'"),
                Files.readAllLines(dir.resolve("argv")));
        assertEquals("out\n", Files.readString(o));
        assertEquals("err\n", Files.readString(e));
    }

    // ---- the choice, from what the macOS detector reads ----

    private static MacosFacts facts(Map<List<String>, String[]> commands) {
        List<CommandRecord> records = new ArrayList<>();
        commands.forEach((argv, r) -> records.add(r == null ? new CommandRecord(argv, null, null, null)
                : new CommandRecord(argv, Integer.parseInt(r[0]), r[1], "")));
        Map<String, dev.hostvirt.host.PathInfo> paths = new LinkedHashMap<>();
        paths.put(MacosFacts.DOCKER_APP, null);
        paths.put(MacosFacts.ORBSTACK_APP, null);
        paths.put(MacosFacts.RANCHER_APP, null);
        Snapshot s = new Snapshot("2026-11-27T20:00:00Z", new HostPlatform(HostPlatform.MACOS, "arm64"), Map.of(), paths,
                records, Map.of(), Map.of(), Map.of(), Map.of());
        return new MacosFacts(new SnapshotHost(s));
    }

    private static Map<List<String>, String[]> nothing() {
        Map<List<String>, String[]> m = new LinkedHashMap<>();
        m.put(List.of("podman", "--version"), null);
        m.put(List.of("docker", "--version"), null);
        m.put(List.of("colima", "version"), null);
        m.put(List.of("docker", "context", "ls", "--format", "json"), null);
        return m;
    }

    @Test
    void nothingInstalledSaysHowToGetAnEngine() {
        ForwardException e = assertThrows(ForwardException.class, () -> MacosEngineChoice.choose(facts(nothing())));
        assertEquals("forward.macos.none", e.text().key());
    }

    @Test
    void runningPodmanMachineIsChosen() throws IOException {
        Map<List<String>, String[]> m = nothing();
        m.put(List.of("podman", "--version"), new String[] {"0", "podman version 5.3.1\n"});
        String machines = Files.readString(Path.of("src/test/resources/macos/podman-machine-ls-25387.json"));
        m.put(List.of("podman", "machine", "list", "--format", "json"), new String[] {"0", machines.replace("\"Running\": false", "\"Running\": true")});
        assertEquals("podman", MacosEngineChoice.choose(facts(m)));
        m.put(List.of("podman", "machine", "list", "--format", "json"), new String[] {"0", machines});
        assertEquals("forward.macos.podmanStopped",
                assertThrows(ForwardException.class, () -> MacosEngineChoice.choose(facts(m))).text().key());
    }

    @Test
    void dockerCliWithARunningColimaIsChosen() {
        Map<List<String>, String[]> m = nothing();
        m.put(List.of("docker", "--version"), new String[] {"0", "Docker version 27.3.1, build ce12230\n"});
        m.put(List.of("colima", "version"), new String[] {"0", "colima version 0.8.1\n"});
        m.put(List.of("colima", "status", "--json"), new String[] {"0", "{\"driver\":\"macOS Virtualization.Framework\"}"});
        assertEquals("docker", MacosEngineChoice.choose(facts(m)));
        m.put(List.of("colima", "status", "--json"), new String[] {"1", ""});
        assertEquals("forward.macos.dockerStopped",
                assertThrows(ForwardException.class, () -> MacosEngineChoice.choose(facts(m))).text().key());
    }
}
