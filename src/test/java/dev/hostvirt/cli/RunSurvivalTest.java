package dev.hostvirt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hostvirt.engine.TestImages;
import dev.hostvirt.engine.TestImages.Image;
import dev.hostvirt.engine.TestImages.Packing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What becomes of a foreground run when things around it fail: the caller's stdout (a full disk), or
 * hostvirt itself (SIGKILL). Real containers in hostvirt JVMs of their own; needs root and crun or runc.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunSurvivalTest {
    @TempDir
    static Path tmp;
    EngineCli cli;
    static final String BB = "busybox:latest";

    @BeforeAll
    void importBusybox() throws IOException {
        TestImages.assumeContainersCanRun();
        cli = new EngineCli(tmp.resolve("state"), tmp);
        Image bb = new Image(List.of(TestImages.busyboxLayer()), TestImages.busyboxConfig());
        ok(cli.run("image", "import", TestImages.ociLayout(tmp.resolve("bb-oci"), "docker.io/library/busybox:latest", bb, Packing.GZIP)
                .toString()));
    }

    @AfterAll
    void removeContainers() {
        if (cli != null) {
            cli.removeAllContainers();
        }
    }

    @Test
    void aFullStdoutLosesNothingFromTheLogAndAlwaysExits125() throws Exception {
        assumeTrue(Files.exists(Path.of("/dev/full")), "no /dev/full");
        for (String exit : List.of("0", "3")) {
            String name = "full-" + exit;
            Process p = hostvirt("run", "--name", name, BB, "sh", "-c", "echo a; sleep 0.2; echo b; echo c >&2; exit " + exit)
                    .redirectOutput(new java.io.File("/dev/full")).redirectError(tmp.resolve(name + ".err").toFile()).start();
            assertTrue(p.waitFor(2, TimeUnit.MINUTES));
            assertEquals(125, p.exitValue(), "the output was lost, whatever the container's code: " + Files.readString(tmp.resolve(name + ".err")));
            EngineCli.Result logs = ok(cli.run("logs", name));
            assertEquals("a\nb\n", logs.out(), "the log is the container's, not the caller's stdout");
            assertEquals("c\n", logs.err());
        }
    }

    @Test
    void aTerminalRunWhoseHostvirtIsKilledAsItsTerminalClosesLeavesNoRuntimeSpinning() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "needs script(1) from util-linux (bsdutils)");
        List<String> argv = new java.util.ArrayList<>(hostvirt().command());
        argv.addAll(List.of("run", "-t", "--rm", "--name", "tty-killed", BB, "sh"));
        String quoted = String.join(" ", argv.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").toList());
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/script", "-qefc", "exec " + quoted, "/dev/null").redirectErrorStream(true);
        pb.environment().put("SHELL", "/bin/sh");
        pb.environment().put("HOSTVIRT_STATE_DIR", tmp.resolve("state").toString());
        TerminalSession session = new TerminalSession(pb.start());
        session.await("# ");
        ProcessHandle jvm = session.process().descendants().filter(h -> h.info().commandLine().orElse("").contains(Main.class.getName()))
                .findFirst().orElseThrow();
        jvm.destroyForcibly(); // SIGKILL: script(1) then ends too, and the terminal closes
        session.exit();
        List<ProcessHandle> left = List.of();
        for (int i = 0; i < 50; i++) {
            left = runtimesOfThisTest();
            if (left.isEmpty()) {
                break;
            }
            Thread.sleep(100);
        }
        left.forEach(ProcessHandle::destroyForcibly);
        assertTrue(left.isEmpty(), "the runtime died with hostvirt (crun 1.8 spun on the closed terminal): "
                + left.stream().map(h -> h.info().commandLine().orElse("?")).toList());
    }

    @Test
    void aForegroundRunWhoseHostvirtIsKilledIsFinishedByTheNextCommandThatLooks() throws Exception {
        long removedPid = killHostvirtOf("orphan-rm", "--rm");
        long keptPid = killHostvirtOf("orphan-kept");
        String ps = ok(cli.run("ps", "-a")).out();
        assertFalse(ps.contains("orphan-rm"), "--rm: removed, as its hostvirt would have: " + ps);
        assertTrue(ps.matches("(?s).*Exited \\(137\\).*orphan-kept.*"), "killed, with the code that says so (was Up, then Exited (?)): " + ps);
        for (long pid : List.of(removedPid, keptPid)) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the container's process is gone");
        }
        assertTrue(runtimesOfThisTest().isEmpty());
        assertFalse(Files.readString(Path.of("/proc/mounts")).contains(tmp.resolve("state").toString()), "no root left mounted");
        try (var dirs = Files.list(tmp.resolve("state").resolve("containers"))) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                assertFalse(Files.exists(d.resolve("out.pipe")) || Files.exists(d.resolve("err.pipe")), "FIFOs gone: " + d);
            }
        }
        assertTrue(ok(cli.run("inspect", "-f", "{{json .HostvirtNotes}}", "orphan-kept")).out().contains("ended while it ran"));
        ok(cli.run("rm", "orphan-kept"));
    }

    @Test
    void theNameOfAnRmRunWhoseHostvirtWasKilledIsFreeForTheNextRun() throws Exception {
        long pid = killHostvirtOf("orphan-name", "--rm");
        assertEquals("again\n", ok(cli.run("run", "--rm", "--name", "orphan-name", BB, "echo", "again")).out(), "was: name in use");
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }

    @Test
    void aDetachedContainerWhoseLogCopierIsKilledKeepsItsOutputAndInspectSaysSo() throws Exception {
        Path shared = Files.createDirectories(tmp.resolve("copier-killed"));
        String id = ok(cli.run("run", "-d", "-v", shared + ":/w", BB, "sh", "-c",
                "echo before; echo before-err >&2; while [ ! -e /w/go ]; do sleep 0.05; done; echo after; echo after-err >&2")).out().strip();
        for (int i = 0; i < 300 && !cli.run("logs", id).err().contains("before-err"); i++) {
            Thread.sleep(100);
        }
        ProcessHandle copier = ProcessHandle.allProcesses().filter(h -> { // the JVM, not the monitor's sh that names it
            String line = h.info().commandLine().orElse("");
            return h.info().command().orElse("").endsWith("/java") && line.contains("LogPump") && line.contains(id);
        }).findFirst().orElseThrow();
        copier.destroyForcibly();
        copier.onExit().get(10, TimeUnit.SECONDS);
        Files.createFile(shared.resolve("go"));
        for (int i = 0; i < 300 && !cli.run("inspect", "-f", "{{.State.Status}}", id).out().strip().equals("exited"); i++) {
            Thread.sleep(100);
        }
        EngineCli.Result logs = ok(cli.run("logs", id));
        assertEquals("before\nafter\n", logs.out(), "what came after the copier died is kept (it was discarded, silently)");
        assertEquals("before-err\nafter-err\n", logs.err());
        String notes = ok(cli.run("inspect", "-f", "{{json .HostvirtNotes}}", id)).out();
        assertTrue(notes.contains("log copier ended"), notes);
        assertEquals("0", ok(cli.run("inspect", "-f", "{{.State.ExitCode}}", id)).out().strip(), "the container never noticed");
    }

    @Test
    void aRunKilledBetweenItsMountAndItsRecordLeavesNothingOnceACommandLooks() throws Exception {
        // The state such a run leaves (QA: 4 kills in 5 at ~100 ms): the root mounted, the maker's file, no record.
        Path containers = Files.createDirectories(tmp.resolve("state/containers"));
        Process child = new ProcessBuilder("sleep", "30").start();
        String stat = Files.readString(Path.of("/proc", Long.toString(child.pid()), "stat"));
        String ticks = stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19];
        String pidNs = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
        child.destroyForcibly();
        assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        Path dead = halfMade(containers, "d", child.pid() + " " + ticks + " " + pidNs + "\n");
        Path alive = halfMade(containers, "a", liveOwner());
        Path oldNoOwner = halfMade(containers, "b", null);
        Files.setLastModifiedTime(oldNoOwner, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 120_000));
        Path newNoOwner = halfMade(containers, "c", null);
        try {
            ok(cli.run("ps", "-a"));
            assertFalse(Files.exists(dead), "its maker is gone: unmounted and deleted");
            assertFalse(Files.exists(oldNoOwner), "no maker file (an older hostvirt's) and untouched for a minute");
            assertTrue(Files.isDirectory(alive.resolve("rootfs")) && mounted(alive.resolve("rootfs")), "a run still making it");
            assertTrue(mounted(newNoOwner.resolve("rootfs")), "could be a run that is just starting");
            assertFalse(mounted(dead.resolve("rootfs")));
        } finally {
            for (Path d : List.of(dead, alive, oldNoOwner, newNoOwner)) {
                if (mounted(d.resolve("rootfs"))) {
                    new ProcessBuilder("umount", d.resolve("rootfs").toString()).start().waitFor();
                }
                new ProcessBuilder("rm", "-rf", d.toString()).start().waitFor();
            }
        }
    }

    @Test
    void theFilesOfAKilledExecGoWithTheNextExec() throws Exception {
        String id = ok(cli.run("run", "-d", "--name", "exec-killed", BB, "sleep", "300")).out().strip();
        Path dir = tmp.resolve("state/containers").resolve(id);
        Process exec = hostvirt("exec", "exec-killed", "sh", "-c", "echo 'secret' >/dev/null; sleep 60")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        for (int i = 0; i < 300 && execFiles(dir).stream().noneMatch(f -> f.endsWith(".pid")); i++) {
            Thread.sleep(100);
        }
        assertTrue(execFiles(dir).stream().anyMatch(f -> f.endsWith(".pid")), "the exec started: " + execFiles(dir));
        exec.destroyForcibly();
        assertTrue(exec.waitFor(10, TimeUnit.SECONDS));
        assertEquals(2, execFiles(dir).size(), "SIGKILL skips the exec's own clean-up: " + execFiles(dir));
        ok(cli.run("exec", "exec-killed", "true"));
        assertEquals(List.of(), execFiles(dir), "the process file holds the container's environment");
        ok(cli.run("rm", "-f", "exec-killed"));
    }

    private static List<String> execFiles(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("exec-")).sorted().toList();
        }
    }

    /** A container directory as a run leaves it between its mount and its record; {@code owner} null: no maker file. */
    private static Path halfMade(Path containers, String hexDigit, String owner) throws Exception {
        Path d = Files.createDirectory(containers.resolve(hexDigit.repeat(64)));
        Path rootfs = Files.createDirectory(d.resolve("rootfs"));
        Files.writeString(d.resolve("lowers"), "x\n");
        if (owner != null) {
            Files.writeString(d.resolve("owner"), owner);
        }
        assertEquals(0, new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", rootfs.toString()).start().waitFor());
        return d;
    }

    private static String liveOwner() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        return ProcessHandle.current().pid() + " " + stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19] + " "
                + Files.readSymbolicLink(Path.of("/proc/self/ns/pid")) + "\n";
    }

    private static boolean mounted(Path p) throws IOException {
        return Files.readString(Path.of("/proc/self/mountinfo")).contains(" " + p + " ");
    }

    /** Starts a foreground run of sleep 30 in a hostvirt JVM, SIGKILLs that JVM once the container runs; the container's pid. */
    private long killHostvirtOf(String name, String... options) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("run", "--name", name));
        args.addAll(List.of(options));
        args.addAll(List.of(BB, "sleep", "30"));
        Process hostvirt = hostvirt(args.toArray(String[]::new)).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String pid = "";
        for (int i = 0; i < 300 && !pid.matches("[1-9][0-9]*"); i++) {
            Thread.sleep(100);
            pid = cli.run("inspect", "-f", "{{.State.Pid}}", name).out().strip();
        }
        assertTrue(pid.matches("[1-9][0-9]*"), "the container started: " + pid);
        hostvirt.destroyForcibly();
        assertTrue(hostvirt.waitFor(10, TimeUnit.SECONDS));
        return Long.parseLong(pid);
    }

    /** The runtime calls (run --bundle) on this test's state that still live. */
    private static List<ProcessHandle> runtimesOfThisTest() {
        String state = tmp.resolve("state").toString();
        return ProcessHandle.allProcesses().filter(h -> {
            String line = h.info().commandLine().orElse("");
            return line.contains(state) && line.contains(" run --bundle ") && !line.contains(Main.class.getName());
        }).toList();
    }

    /** hostvirt in a JVM of its own, with this test's state. */
    private static ProcessBuilder hostvirt(String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("HOSTVIRT_STATE_DIR", tmp.resolve("state").toString());
        return pb;
    }

    private static EngineCli.Result ok(EngineCli.Result r) {
        assertEquals(0, r.exit(), r.toString());
        return r;
    }
}
