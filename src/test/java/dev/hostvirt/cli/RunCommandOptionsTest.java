package dev.hostvirt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hostvirt.engine.bundle.RunSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** run's options, declared in code, reach the run spec as docker and podman read them. */
class RunCommandOptionsTest {
    private static final Path WORK = Path.of("/work/dir");

    private static RunSpec parse(String... args) throws Exception {
        CliEnvironment env = new CliEnvironment(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                Map.of("FROM_HOST", "h"), Locale.ENGLISH, false, () -> null, Clock.systemUTC(), WORK);
        RunCommand run = new RunCommand(env);
        new CommandLine(run.spec(CommandLine.defaultFactory())).parseArgs(args);
        return run.runSpec();
    }

    @Test
    void anEnvironmentEntryWithoutANameIsRefusedAsDockerAndPodmanDo() throws Exception {
        for (String bad : List.of("=x", " =x", "  ", "A=b\0c")) {
            dev.hostvirt.HostvirtException e = assertThrows(dev.hostvirt.HostvirtException.class, () -> parse("-e", bad, "busybox"), bad);
            assertEquals(125, e.exitCode());
        }
        assertEquals(List.of("A=", "B= x"), parse("-e", "A=", "-e", "B= x", "busybox").env(), "an empty value is a value");
        assertEquals(List.of("A=1"), parse("-e", "", "-e", "A=1", "busybox").env(), "-e '' passes nothing, as podman's");
    }

    @Test
    void memorySwapIsMemoryAndSwapTogetherAndNeedsMemory() throws Exception {
        assertNull(parse("-m", "64m", "busybox").memorySwapBytes(), "the default: twice --memory, made by the config");
        assertEquals(100L << 20, parse("-m", "64m", "--memory-swap", "100m", "busybox").memorySwapBytes());
        assertEquals(64L << 20, parse("-m", "64m", "--memory-swap", "64m", "busybox").memorySwapBytes(), "no swap at all");
        assertEquals(RunSpec.UNLIMITED_SWAP, parse("-m", "64m", "--memory-swap", "-1", "busybox").memorySwapBytes());
        assertNull(parse("-m", "64m", "--memory-swap", "0", "busybox").memorySwapBytes());
        for (String[] bad : new String[][] {{"--memory-swap", "100m"}, {"-m", "100m", "--memory-swap", "50m"},
            {"-m", "100m", "--memory-swap", "lots"}}) {
            List<String> args = new java.util.ArrayList<>(List.of(bad));
            args.add("busybox");
            dev.hostvirt.HostvirtException e = assertThrows(dev.hostvirt.HostvirtException.class, () -> parse(args.toArray(String[]::new)),
                    String.join(" ", bad));
            assertEquals(125, e.exitCode());
        }
    }

    @Test
    void volumeOptionsBeyondReadOnlyReachTheSpecAndContradictionsAreRefused() throws Exception {
        RunSpec.Volume v = parse("-v", "/srv:/data:ro,nosuid,noexec,nodev,bind,rslave,z", "busybox").volumes().get(0);
        assertTrue(v.readOnly());
        assertEquals(List.of("nosuid", "noexec", "nodev", "bind", "rslave"), v.options());
        assertEquals(List.of(), parse("-v", "/srv:/data:rbind", "busybox").volumes().get(0).options(), "rbind is the default");
        for (String bad : List.of("/srv:/data:ro,rw", "/srv:/data:exec,noexec", "/srv:/data:bind,rbind", "/srv:/data:shared,rslave",
                "/srv:/data:U", "/srv:/data:O")) {
            dev.hostvirt.HostvirtException e = assertThrows(dev.hostvirt.HostvirtException.class, () -> parse("-v", bad, "busybox"), bad);
            assertEquals(125, e.exitCode());
        }
    }

    @Test
    void anOptionGivenTwiceTakesItsLastValueAsInPodmanButNotInTheHostCommands() throws Exception {
        CliEnvironment env = new CliEnvironment(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                Map.of(), Locale.ENGLISH, false, () -> null, Clock.systemUTC(), WORK);
        String[] args = {"run", "--rm", "--rm", "--name", "a1", "--name", "a2", "-w", "/", "-w", "/etc", "-u", "0", "-u", "1",
            "busybox", "true"};
        CommandLine cl = CommandLineFactory.create(env, args);
        CommandLine.ParseResult parsed = cl.parseArgs(args);
        RunSpec s = ((RunCommand) parsed.subcommand().commandSpec().userObject()).runSpec();
        assertTrue(s.remove());
        assertEquals("a2", s.name());
        assertEquals("/etc", s.workdir());
        assertEquals("1", s.user());
        String[] stop = {"stop", "-t", "1", "-t", "2", "web"};
        CommandLineFactory.create(env, stop).parseArgs(stop);
        String[] rm = {"image", "rm", "-f", "-f", "busybox"};
        CommandLineFactory.create(env, rm).parseArgs(rm);
        String[] check = {"check", "--snapshot", "a.json", "--snapshot", "b.json"};
        assertThrows(CommandLine.OverwrittenOptionException.class, () -> CommandLineFactory.create(env, check).parseArgs(check));
    }

    @Test
    void everyOptionLandsInTheSpec() throws Exception {
        RunSpec s = parse("--rm", "-d", "--name", "web", "-e", "A=1", "--env", "FROM_HOST", "-w", "/srv", "-u", "1000:100",
                "--entrypoint", "/bin/sh", "--hostname", "box", "--read-only", "-v", "./data:/data:ro", "--tmpfs", "/cache",
                "-m", "64m", "--cpus", "0.5", "--pids-limit", "32", "--net", "host", "--ulimit", "nofile=1024:2048",
                "--runtime", "runc", "--security-opt", "seccomp=unconfined", "--cap-add", "NET_ADMIN", "--cap-drop",
                "CHOWN", "busybox", "ls", "-l");
        assertTrue(s.remove());
        assertTrue(s.detach());
        assertEquals("web", s.name());
        assertEquals(List.of("A=1", "FROM_HOST=h"), s.env());
        assertEquals("/srv", s.workdir());
        assertEquals("1000:100", s.user());
        assertEquals("/bin/sh", s.entrypoint());
        assertEquals("box", s.hostname());
        assertTrue(s.readOnly());
        assertEquals(List.of(new RunSpec.Volume(WORK.resolve("data").toString(), "/data", true)), s.volumes());
        assertEquals(List.of(new RunSpec.Tmpfs("/cache", List.of("rw", "noexec", "nosuid", "nodev", "mode=1777", "tmpcopyup"))), s.tmpfs());
        assertEquals(64L * 1024 * 1024, s.memoryBytes());
        assertEquals(0.5, s.cpus());
        assertEquals(32L, s.pidsLimit());
        assertEquals(RunSpec.Network.HOST, s.network());
        assertEquals(1, s.ulimits().size());
        assertEquals("runc", s.runtime());
        assertFalse(s.seccomp());
        assertEquals(List.of("NET_ADMIN"), s.capAdd());
        assertEquals(List.of("CHOWN"), s.capDrop());
        assertEquals("busybox", s.image());
        assertEquals(List.of("ls", "-l"), s.args(), "options after the image belong to the container's command");
    }

    @org.junit.jupiter.api.io.TempDir
    Path tmp;

    @Test
    void envFilesAsDockerReadsThemAndOneLineErrorsForTheRest() throws Exception {
        Path vars = java.nio.file.Files.write(tmp.resolve("vars.env"),
                "  A=leading blanks go\r\nB=trailing stay  \n\n# comment\n   \nFROM_HOST\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        org.junit.jupiter.api.Assertions.assertEquals(List.of("A=leading blanks go", "B=trailing stay  ", "FROM_HOST=h"),
                parse("--env-file", vars.toString(), "busybox").env());
        Path latin1 = java.nio.file.Files.write(tmp.resolve("latin1.env"), new byte[] {'A', '=', (byte) 0xff, '\n'});
        for (Path bad : List.of(latin1, tmp, tmp.resolve("missing.env"))) {
            dev.hostvirt.HostvirtException e = org.junit.jupiter.api.Assertions.assertThrows(dev.hostvirt.HostvirtException.class,
                    () -> parse("--env-file", bad.toString(), "busybox"));
            org.junit.jupiter.api.Assertions.assertEquals(125, e.exitCode(), bad.toString());
        }
        // A pipe, as `--env-file <(...)` gives one: it was refused as a file that "does not exist".
        Path fifo = tmp.resolve("vars.fifo");
        org.junit.jupiter.api.Assertions.assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Thread writer = new Thread(() -> {
            try {
                java.nio.file.Files.writeString(fifo, "PIPED=yes\n");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.start();
        assertEquals(List.of("PIPED=yes"), parse("--env-file", fifo.toString(), "busybox").env());
        writer.join();
        dev.hostvirt.HostvirtException huge = assertThrows(dev.hostvirt.HostvirtException.class,
                () -> parse("--env-file", "/dev/zero", "busybox"));
        assertEquals(125, huge.exitCode(), "read up to a limit, not until the heap is full");
    }

    @Test
    void tmpfsOptionsAfterAColonGoOverPodmansDefaults() throws Exception {
        assertEquals(List.of(new RunSpec.Tmpfs("/data", List.of("rw", "nosuid", "nodev", "tmpcopyup", "size=64m", "exec", "mode=700"))),
                parse("--tmpfs", "/data:size=64m,exec,mode=700", "busybox").tmpfs());
        RunSpec.Tmpfs empty = parse("--tmpfs", "/data:notmpcopyup", "busybox").tmpfs().get(0);
        assertFalse(empty.copiesUp() || empty.options().contains("notmpcopyup"), "the runtimes know only tmpcopyup: " + empty);
        assertTrue(parse("--tmpfs", "/data:notmpcopyup,tmpcopyup", "busybox").tmpfs().get(0).copiesUp(), "the last one wins");
        org.junit.jupiter.api.Assertions.assertEquals(List.of(new RunSpec.Volume(WORK.resolve("d").toString(), "/d", true)),
                parse("-v", "./d:/d:ro,Z", "--security-opt", "label=disable", "busybox").volumes(), "podman's SELinux words: no-ops here");
        List<String> readOnly = parseQuietly("/r:ro");
        org.junit.jupiter.api.Assertions.assertTrue(readOnly.contains("ro") && !readOnly.contains("rw") && readOnly.contains("noexec"),
                readOnly.toString());
        for (String bad : List.of("/d:size=1m;rm", "/d:bind", "relative:size=1m", "/d:size=abc")) {
            org.junit.jupiter.api.Assertions.assertEquals(125, org.junit.jupiter.api.Assertions.assertThrows(
                    dev.hostvirt.HostvirtException.class, () -> parse("--tmpfs", bad, "busybox"), bad).exitCode());
        }
    }

    private static List<String> parseQuietly(String tmpfs) {
        try {
            return parse("--tmpfs", tmpfs, "busybox").tmpfs().get(0).options();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void interactiveAndTtyAndNotANumberOfCpus() throws Exception {
        RunSpec it = parse("-it", "busybox", "sh");
        org.junit.jupiter.api.Assertions.assertTrue(it.interactive() && it.tty());
        RunSpec neither = parse("busybox", "sh", "-it");
        org.junit.jupiter.api.Assertions.assertFalse(neither.interactive() || neither.tty(), "after the image: the container's");
        for (String[] refused : new String[][] {{"--cpus", "NaN"}, {"--cpus", "0.001"}, {"--memory", "1"}, {"--memory", "5m"},
                {"-v", "/srv:/"}, {"-v", "/srv:/proc"}, {"-v", "/srv:/proc/sys"}, {"-v", "/srv:/data:"}, {"-v", "/srv:/data:ro,"}}) {
            String[] args = {refused[0], refused[1], "busybox"};
            org.junit.jupiter.api.Assertions.assertEquals(125, org.junit.jupiter.api.Assertions.assertThrows(
                    dev.hostvirt.HostvirtException.class, () -> parse(args), String.join(" ", refused)).exitCode());
        }
        org.junit.jupiter.api.Assertions.assertEquals(125, org.junit.jupiter.api.Assertions.assertThrows(dev.hostvirt.HostvirtException.class,
                () -> parse("-v", "/a:/x", "--tmpfs", "/x", "busybox")).exitCode(), "two mounts on one place");
        dev.hostvirt.HostvirtException named = assertThrows(dev.hostvirt.HostvirtException.class, () -> parse("-v", "data:/data", "busybox"));
        assertEquals(125, named.exitCode(), "a named volume to docker and podman: it bind-mounted ./data");
        org.junit.jupiter.api.Assertions.assertEquals(125, org.junit.jupiter.api.Assertions.assertThrows(dev.hostvirt.HostvirtException.class,
                () -> parse("-v", "/a:/x", "-v", "/b:/x/", "busybox")).exitCode(), "the same place, spelled apart");
        org.junit.jupiter.api.Assertions.assertNull(parse("--memory", "0", "busybox").memoryBytes(), "0: no limit, as podman");
        org.junit.jupiter.api.Assertions.assertEquals(6L << 20, parse("--memory", "6m", "busybox").memoryBytes());
        assertEquals("x_y", parse("--hostname", "x_y", "busybox").hostname(), "podman takes an underscore");
        assertNull(parse("--name", "", "busybox").name(), "'' is no name, as podman");
        for (String tmpfs : new String[] {"/", "/proc", "/proc/sys", "/d:mode=999", "/d:mode=rwx"}) {
            assertEquals(125, assertThrows(dev.hostvirt.HostvirtException.class, () -> parse("--tmpfs", tmpfs, "busybox")).exitCode(),
                    tmpfs + ": refused in hostvirt's words, not the runtime's");
        }
        assertTrue(parse("--tmpfs", "/d:mode=0700", "busybox").tmpfs().get(0).options().contains("mode=0700"));
        assertEquals(125, assertThrows(dev.hostvirt.HostvirtException.class,
                () -> parse("-v", "./d:/d:ro,rw", "busybox")).exitCode(), "ro and rw at once: podman refuses (the last won)");
        assertNull(parse("--hostname", "", "busybox").hostname(), "'' is the default, as podman");
        assertEquals(64, parse("--hostname", "a".repeat(64), "busybox").hostname().length(), "the kernel's 64, as podman");
        assertThrows(dev.hostvirt.HostvirtException.class, () -> parse("--hostname", "a".repeat(65), "busybox"));
        assertNull(parse("-w", "", "busybox").workdir(), "'' is the image's, as podman");
        RunSpec caps = parse("--cap-add", "net_admin,sys_time", "--cap-add", "CHOWN", "--cap-drop", "kill, mknod", "busybox");
        assertEquals(List.of("net_admin", "sys_time", "CHOWN"), caps.capAdd(), "podman's comma-separated lists");
        assertEquals(List.of("kill", "mknod"), caps.capDrop());
        assertThrows(dev.hostvirt.HostvirtException.class, () -> parse("--hostname", "a b", "busybox"));
        // docker's go-units forms
        assertEquals(1L << 40, RunCommand.parseSize("1t"));
        assertEquals(1L << 30, RunCommand.parseSize("1GiB"));
        assertEquals(3L << 29, RunCommand.parseSize("1.5g"));
        assertEquals(512L << 20, RunCommand.parseSize("512 MB"));
        assertEquals(1L << 50, RunCommand.parseSize("1P"));
        assertEquals(4096, RunCommand.parseSize("4096"));
        assertEquals(1_000_000_000L, RunCommand.parseSize("1e9"), "Go's ParseFloat, as go-units v0.5");
        assertEquals(512, RunCommand.parseSize(".5k"));
        assertEquals(1L << 20, RunCommand.parseSize("1MiB"));
        assertEquals(5, RunCommand.parseSize("5b"));
        for (String bad : new String[] {" 256m", "256m ", "-1m", "1.2.3m", "1x", "m", "", "99999999999p", "1i", "1ki", "1kbb",
                "1bb", "1f", "0x10", "NaNm", "1kB "}) {
            assertThrows(dev.hostvirt.HostvirtException.class, () -> RunCommand.parseSize(bad), bad);
        }
        org.junit.jupiter.api.Assertions.assertEquals(0.01, parse("--cpus", "0.01", "busybox").cpus());
        assertNull(parse("--cpus", "0", "busybox").cpus(), "0 is no limit, as docker and podman");
        assertThrows(dev.hostvirt.HostvirtException.class, () -> parse("--cpus", "-1", "busybox"));
    }

    @Test
    void defaultsAreDockersAndRepeatedParsesStartAfresh() throws Exception {
        RunSpec s = parse("busybox");
        assertFalse(s.remove());
        assertNull(s.name());
        assertEquals(List.of(), s.env());
        assertEquals(RunSpec.Network.NONE, s.network());
        assertTrue(s.seccomp());
        assertTrue(s.noNewPrivileges());
        assertEquals(List.of(), s.args());
    }

    @Test
    void theImageIsRequiredAndAUsageErrorIsExit125AsPodman() {
        Cli.Run r = Cli.run("run");
        assertEquals(125, r.exit());
        assertTrue(r.err().contains("Missing required parameter: 'IMAGE'"), r.err());
        assertThrows(CommandLine.MissingParameterException.class, () -> parse("--rm"));
    }
}
