package dev.hostvirt.engine.container;

import dev.hostvirt.engine.Json;
import dev.hostvirt.engine.store.Digest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hostvirt.HostvirtException;
import dev.hostvirt.engine.Engine;
import dev.hostvirt.engine.bundle.ExecProcess;
import dev.hostvirt.engine.bundle.ExecRequest;
import dev.hostvirt.engine.bundle.UserResolver;
import dev.hostvirt.engine.runtime.OciRuntime;
import dev.hostvirt.engine.seccomp.SeccompPolicyCache;
import dev.hostvirt.i18n.Text;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** ps, stop, rm, exec, logs and inspect over saved containers and the runtime. */
public final class ContainerControl {
    private final ContainerStore store;
    /** Where an image's config is read from, for inspect's labels and stop signal. */
    private final dev.hostvirt.engine.store.FileContentStore blobs;
    private final Function<String, OciRuntime> runtimes;
    private final Clock clock;

    /**
     * @param runtimes a runtime by name: each container is stopped, removed and exec'd into by the one
     *     that runs it (its record's), whatever today's default or HOSTVIRT_RUNTIME says; the default
     *     for a name it cannot use (null)
     */
    public ContainerControl(Engine engine, Function<String, OciRuntime> runtimes, Clock clock) {
        this.store = new ContainerStore(engine.containersDir());
        this.blobs = engine.blobs();
        this.runtimes = runtimes;
        this.clock = clock;
    }

    /** The runtime that runs {@code r}: another one does not know it (crun's state is not runc's). */
    private OciRuntime runtimeOf(ContainerRecord r) {
        String name = r.runtime();
        return runtimes.apply(name == null || name.isBlank() ? null : name);
    }

    /** rm's code for a running container without -f: podman's 2, for scripts that tell it from a failure. */
    public static final int RUNNING = 2;

    public ContainerStore store() {
        return store;
    }

    /** The record with its status brought up to date (a detached container may have exited since). */
    public ContainerRecord refresh(ContainerRecord r) {
        Path dir = store.dirOf(r.id());
        if (AbandonedRun.ownerGone(r, dir)) {
            return settleAbandoned(r, dir);
        }
        boolean codeMissing = "exited".equals(r.status()) && r.exitCode() == null;
        if (!"running".equals(r.status()) && !codeMissing) {
            return r;
        }
        Path exit = dir.resolve("exit");
        if (!codeMissing && r.detached() && !alive(dir)) {
            // The monitor writes the code once the runtime returned and the log copier has written out
            // what the container left in the FIFOs: give it a moment, and while it lives it is running.
            long until = System.nanoTime() + 2_000_000_000L;
            while (!Files.exists(exit) && Files.exists(dir) && System.nanoTime() < until) {
                ContainerRunner.sleep(10);
            }
            if (!Files.exists(exit) && monitorAlive(dir)) {
                return r;
            }
        }
        try {
            if (Files.exists(exit)) {
                int code = Integer.parseInt(Files.readString(exit).trim());
                ContainerRecord done = r.exited(code, false, Files.getLastModifiedTime(exit).toInstant().toString());
                store.save(done);
                return done;
            }
        } catch (IOException | NumberFormatException e) {
            return r;
        }
        if (codeMissing) {
            return r;
        }
        if (!alive(dir)) {
            // Whoever waited for it (a foreground hostvirt) is gone without writing the code, or
            // unmounting its root: done here, as it would have.
            RootfsMounter.unmountExited(dir);
            ContainerRecord lost = r.withStatus("exited");
            store.save(lost);
            return lost;
        }
        return r;
    }

    /**
     * The container of that name (or ID), settled if its foreground hostvirt died (AbandonedRun): a
     * run given the name of an --rm container left so found it taken until a ps freed it. Nothing
     * happens for any other container, or a name nobody has.
     */
    public void settleIfAbandoned(String name) {
        try {
            store.lookup(name).filter(r -> AbandonedRun.ownerGone(r, store.dirOf(r.id()))).ifPresent(this::refresh);
        } catch (HostvirtException ambiguous) {
            // a prefix of several IDs: no container has that name, and the run finds it free
        }
    }

    /**
     * Finishes what the foreground hostvirt of {@code r} could not (AbandonedRun): what still runs is
     * killed, the runtime's state and cgroups deleted, the FIFOs and the root's mount gone; an --rm
     * container is removed.
     */
    private ContainerRecord settleAbandoned(ContainerRecord r, Path dir) {
        boolean running = Files.exists(dir.resolve("pid")) && alive(dir);
        OciRuntime runtime = installedRuntimeOf(r);
        if (runtime != null) {
            if (running) {
                Exec.run(runtime.command("kill", "--all", r.id(), "KILL"));
                waitDead(dir, 10_000);
            }
            Exec.run(runtime.command("delete", "--force", r.id()));
        }
        CgroupLeftovers.remove(Path.of("/sys/fs/cgroup"), r.id());
        ContainerRecord done = AbandonedRun.settled(r, running, clock.instant());
        if (r.autoRemove()) {
            try {
                RootfsMounter.unmountAndDelete(dir);
            } catch (IOException e) {
                // another command removing it at the same moment; what is left, rm -f removes
            }
        } else {
            ArrivalOrder.deleteFifos(dir.resolve(LogPump.OUT), dir.resolve(LogPump.ERR));
            RootfsMounter.unmountExited(dir);
            store.save(done);
        }
        return done;
    }

    /**
     * Directories of runs that died before they recorded a container (AbandonedRun#unfinishedAndGone):
     * their root unmounted and all of them deleted. Nothing had started in them (the runtime starts
     * after the record), so there is no process or cgroup to stop. One that cannot be cleared now is
     * left for the next look.
     */
    private void removeUnfinished() {
        for (Path d : store.unrecorded()) {
            if (AbandonedRun.unfinishedAndGone(d)) {
                try {
                    RootfsMounter.unmountAndDelete(d);
                } catch (IOException | RuntimeException busy) {
                    // still mounted or being deleted by another command: the next look tries again
                }
            }
        }
    }

    /** Its runtime, or null when that is no longer installed (then it holds no state of it either). */
    private OciRuntime installedRuntimeOf(ContainerRecord r) {
        try {
            return runtimeOf(r);
        } catch (HostvirtException notInstalled) {
            return null;
        }
    }

    public List<ContainerRecord> list(boolean all) {
        removeUnfinished();
        List<ContainerRecord> out = new ArrayList<>();
        for (ContainerRecord r : store.list()) {
            ContainerRecord now = refresh(r);
            if (!Files.isDirectory(store.dirOf(r.id()))) {
                continue; // removed meanwhile: an --rm container settled just now, or finishing
            }
            if (all || "running".equals(now.status())) {
                out.add(now);
            }
        }
        return out;
    }

    /**
     * Stops them all at once, as podman does: one after the other, N containers whose init ignores
     * SIGTERM took N times the grace period. Every name is resolved before any stop begins, and each
     * container is stopped once however many of its names are given. Returns each name given, in
     * their order, with the failure of its stop (null: stopped); no stop is still going on.
     */
    public List<Stopped> stopAll(List<String> idsOrNames, int seconds) {
        List<String> ids = new ArrayList<>();
        for (String n : idsOrNames) {
            ids.add(store.find(n).id());
        }
        Map<String, Thread> byId = new LinkedHashMap<>();
        Map<String, RuntimeException> failed = new java.util.concurrent.ConcurrentHashMap<>();
        Map<String, Integer> killed = new java.util.concurrent.ConcurrentHashMap<>();
        for (String id : ids) {
            byId.computeIfAbsent(id, i -> {
                Thread t = new Thread(() -> {
                    try {
                        stop(i, seconds, signal -> killed.put(i, signal));
                    } catch (RuntimeException e) {
                        failed.put(i, e);
                    } catch (Error e) {
                        failed.put(i, new IllegalStateException(e));
                    }
                }, "stop-" + i.substring(0, 12));
                t.setDaemon(true);
                t.start();
                return t;
            });
        }
        // Every stop runs to its end (a SIGKILL after the grace period): an interrupt does not cut it short.
        boolean interrupted = false;
        for (Thread t : byId.values()) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        List<Stopped> results = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            results.add(new Stopped(idsOrNames.get(i), failed.get(ids.get(i)), killed.getOrDefault(ids.get(i), 0)));
        }
        return results;
    }

    /**
     * A name given to {@link #stopAll}, why its container could not be stopped (null: it was), and the
     * stop signal that did not stop it within the time given, so that SIGKILL did (0: it did).
     */
    public record Stopped(String name, RuntimeException failure, int signalIgnored) {
    }

    /**
     * The image's stop signal (SIGTERM unless it names another), then SIGKILL after {@code seconds}
     * (negative: never, docker's -1); returns once the container has exited.
     */
    public ContainerRecord stop(String idOrName, int seconds) {
        return stop(idOrName, seconds, signal -> { });
    }

    /** {@code ignored} hears of a stop signal that SIGKILL had to follow. */
    private ContainerRecord stop(String idOrName, int seconds, java.util.function.IntConsumer ignored) {
        ContainerRecord r = refresh(store.find(idOrName));
        if (!"running".equals(r.status())) {
            return r;
        }
        Path dir = store.dirOf(r.id());
        int signal = stopSignal(dir);
        Exec.run(runtimeOf(r).command("kill", r.id(), Integer.toString(signal)));
        if (!waitDead(dir, seconds < 0 ? -1 : seconds * 1000L)) {
            if (seconds != 0) {
                ignored.accept(signal); // -t 0 asks for SIGKILL at once: nothing to warn about, as podman
            }
            Exec.run(runtimeOf(r).command("kill", "--all", r.id(), "KILL"));
            waitDead(dir, 10_000);
        }
        // Give the waiter (foreground hostvirt or the detached monitor) a moment to record the code.
        long until = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < until && Files.exists(dir) && !Files.exists(dir.resolve("exit")) && "running".equals(reload(r).status())) {
            ContainerRunner.sleep(20);
        }
        if (!Files.exists(dir)) {
            return r.exited(137, false, clock.instant().toString());
        }
        return refresh(reload(r));
    }

    /** The host pid of a running container's first process, as inspect's State.Pid; 0 otherwise. */
    public long pidOf(ContainerRecord r) {
        return "running".equals(r.status()) ? ForegroundRuntime.pidIn(store.dirOf(r.id()).resolve("pid")).orElse(0L) : 0L;
    }

    /** What the run recorded in config.json (StopSignal); SIGTERM when it cannot be read. */
    private static int stopSignal(Path dir) {
        try {
            return StopSignal.recorded(Json.read(Files.readAllBytes(dir.resolve("config.json"))).path("annotations")
                    .path(StopSignal.ANNOTATION).asText(null));
        } catch (IOException | RuntimeException e) {
            return StopSignal.DEFAULT; // a container that cannot say gets what every container got before
        }
    }

    private ContainerRecord reload(ContainerRecord r) {
        try {
            return store.find(r.id());
        } catch (HostvirtException e) {
            return r.exited(137, false, clock.instant().toString());
        }
    }

    public void remove(String idOrName, boolean force) throws IOException {
        ContainerRecord r = refresh(store.find(idOrName));
        if ("running".equals(r.status())) {
            if (!force) {
                throw new HostvirtException(Text.of("engine.error.container.running", r.name()), RUNNING);
            }
            stop(r.id(), 0);
            Exec.run(runtimeOf(r).command("delete", "--force", r.id()));
        } else {
            // An exited container's runtime may have been uninstalled since: then it holds no state of it.
            OciRuntime runtime = installedRuntimeOf(r);
            if (runtime != null) {
                Exec.run(runtime.command("delete", "--force", r.id()));
            }
        }
        Path dir = store.dirOf(r.id());
        if (Files.exists(dir)) {
            RootfsMounter.unmountAndDelete(dir);
        }
        CgroupLeftovers.remove(Path.of("/sys/fs/cgroup"), r.id()); // of a start that failed before this
    }

    /**
     * Runs a command in a running container, in the foreground: with -i it reads hostvirt's stdin,
     * with -t it gets a terminal joined to the user's. Its process is the container's own with the
     * request applied (ExecProcess), handed to the runtime in a file of its own.
     */
    public int exec(String idOrName, ExecRequest request, CallerStdio stdin, PrintWriter out, PrintWriter err) throws IOException {
        return exec(idOrName, request, false, stdin, out, err);
    }

    /**
     * {@code detach}: podman's and docker's {@code exec -d}: the process is started and left to run,
     * its output discarded (there is no attach), and 0 returned once the runtime has started it.
     */
    public int exec(String idOrName, ExecRequest request, boolean detach, CallerStdio stdin, PrintWriter out, PrintWriter err)
            throws IOException {
        if (detach && request.tty()) {
            throw new HostvirtException(Text.of("engine.error.exec.detachTty"), 125);
        }
        if (request.tty() && !stdin.terminal()) {
            throw new HostvirtException(Text.of("engine.error.run.ttyNeedsTerminal"), 125);
        }
        ContainerRecord r = refresh(store.find(idOrName));
        if (!"running".equals(r.status())) {
            throw new HostvirtException(Text.of("engine.error.container.notRunning", r.name()), 125);
        }
        Path dir = store.dirOf(r.id());
        UserResolver.User user = null;
        JsonNode config = Json.read(Files.readAllBytes(dir.resolve("config.json")));
        if (request.user() != null) {
            // Its root as its processes see it, volumes included (a -v /etc/passwd): the image's root and the
            // config's binds, read from the host's side. Through /proc/PID/root a link the container put in the
            // path meanwhile would have been followed from the host's root.
            MountedView view = MountedView.ofConfig(dir.resolve("rootfs"), config);
            user = UserResolver.resolve(request.user(), view.read("/etc/passwd"), view.read("/etc/group"));
        }
        ObjectNode process = ExecProcess.of(config, request, user);
        if (request.tty()) {
            // crun gives the terminal this size and otherwise 0x0, as for run -t.
            TerminalSettings.size(stdin.stdin()).ifPresent(rc -> process.putObject("consoleSize").put("height", rc[0]).put("width", rc[1]));
        }
        check(dir.resolve("rootfs"), config, process, request.workdir() != null);
        removeFilesOfGoneExecs(dir);
        // 0600 whatever the umask: it holds the container's environment and the -e values. Named after this
        // JVM, so that a later exec can tell the files of one that was killed (SIGKILL skips the finally below).
        String execName = "exec-" + ProcessIdentity.current().filter(me -> me.pidNamespace() != null)
                .map(me -> me.pid() + "-" + me.startTicks() + "-" + me.pidNamespace().replaceAll("[^0-9]", "") + "-").orElse("")
                + HexFormat.of().formatHex(ContainerRunner.randomBytes(8));
        Path file = dir.resolve(execName + ".json");
        Path pidFile = dir.resolve(execName + ".pid");
        Files.write(Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
                Json.write(process, false));
        if (detach) {
            try {
                Process p = new ProcessBuilder(runtimeOf(r).command("exec", "--detach", "--process", file.toString(),
                        "--pid-file", pidFile.toString(), r.id())).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                int code = ForegroundRuntime.waitFor(p); // interrupted: the runtime starts the process and ends on its own
                if (code != 0) {
                    throw new HostvirtException(Text.of("engine.error.exec.detachFailed", r.name(), code), 125);
                }
                return 0;
            } finally {
                Files.deleteIfExists(file);
                Files.deleteIfExists(pidFile);
            }
        }
        try (SignalRelay relay = SignalRelay.install(!request.tty()).holdFromNow()) {
            // An exec'd process that ignores SIGTERM once its output is gone is killed by its pid, with
            // what it started (null: ForegroundRuntime's own rule); the container lives on. Killing only
            // the runtime call left it writing into hostvirt, which waited for that output for ever.
            ForegroundRuntime call = ForegroundRuntime.of(runtimeOf(r).command("exec", "--process", file.toString(),
                    "--pid-file", pidFile.toString(), r.id()), stdin, request.interactive(), request.tty(), pidFile, true);
            // Not logged, as podman: the output is the caller's. It went to an exec.log that only grew.
            return call.run(relay, out, err, null, null);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(pidFile);
        }
    }

    private static final java.util.regex.Pattern EXEC_FILE = java.util.regex.Pattern.compile(
            "exec-([0-9]+)-([0-9]+)-([0-9]+)-[0-9a-f]+\\.(json|pid)");

    /**
     * The process and pid files of execs whose hostvirt was killed: each exec deletes its own when it
     * ends, but a SIGKILLed one left them until `rm`, the process file holding the container's
     * environment and the exec's -e values (QA). The name carries the exec's PID namespace: one started
     * from another namespace (a toolbox sharing the state) is never taken for gone.
     */
    private static void removeFilesOfGoneExecs(Path dir) {
        try (var files = Files.newDirectoryStream(dir, "exec-*")) {
            for (Path f : files) {
                java.util.regex.Matcher m = EXEC_FILE.matcher(f.getFileName().toString());
                if (m.matches() && new ProcessIdentity(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), "pid:[" + m.group(3) + "]")
                        .liveness() == ProcessIdentity.Liveness.GONE) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // left for the next exec, or rm
        }
    }

    /**
     * podman's codes for what the runtime would report in its own words (runc exec exits 255 for a
     * missing command): 126 for a missing -w or a file that cannot run, 127 for no such command.
     * Under any of the container's mounts the runtime decides.
     */
    private static void check(Path rootfs, JsonNode config, JsonNode process, boolean workdirFromUser) throws IOException {
        List<String> mounted = new ArrayList<>();
        config.path("mounts").forEach(m -> mounted.add(m.path("destination").asText()));
        CommandCheck check = new CommandCheck(rootfs, mounted);
        String cwd = process.path("cwd").asText("/");
        if (workdirFromUser) {
            check.workdir(cwd, true);
        }
        List<String> env = new ArrayList<>();
        process.path("env").forEach(e -> env.add(e.asText()));
        check.command(process.path("args").path(0).asText(), cwd, ContainerRunner.pathOf(env));
    }

    /**
     * Prints the container's output, each line to the stream it came from, in the order it came
     * (ContainerLog); {@code tail} (null for all) limits it to the last lines of both streams together,
     * {@code follow} goes on until it exits, {@code timestamps} puts each line's time before it.
     */
    public void logs(String idOrName, boolean follow, Long tail, boolean timestamps, CallerStdio stdio, PrintWriter out, PrintWriter err)
            throws IOException {
        ContainerStore.Located c = store.locate(idOrName);
        if (!c.has(ContainerLog.FILE) && (c.has("stdout.log") || c.has("stderr.log"))) {
            twoFileLogs(c, follow, tail, stdio, out, err);
            return;
        }
        boolean[] open = {true};
        try (ContainerLogs log = new ContainerLogs(c.places(ContainerLog.FILE), stdio, out, err, timestamps)) {
            // Ended: its record says so, its exit code is written, or it is being removed.
            boolean ended = c.gone() || c.has("exit") || !"running".equals(c.record().status());
            long[] pos = {log.tailStart(tail, ended)};
            follow(c.record(), c.dir(), follow, () -> open[0] = (pos[0] = log.from(pos[0])) != ContainerLogs.CLOSED);
            shown(c, log.found());
        }
        if (open[0] && c.has(LogPump.DIED)) {
            // The copier died while the container ran: the monitor appended the rest to two plain files.
            twoFileLogs(c, false, tail, stdio, out, err);
        }
    }

    /**
     * A log never found of a container that is gone now was removed between the look that found the
     * container and the one for its log (an --rm container's end, a concurrent rm): an error, where
     * it printed nothing and exited 0. A container still there has just not written its log yet.
     */
    private static void shown(ContainerStore.Located c, boolean logFound) {
        if (!logFound && c.gone()) {
            throw new HostvirtException(Text.of("engine.error.container.removedBeforeLogs", c.record().name()), 125);
        }
    }

    /** One read of what a log has gained: false once the user's side is closed. */
    @FunctionalInterface
    private interface LogRead {
        boolean more() throws IOException;
    }

    /** Reads once, or with {@code follow} until the container stops running, and once more after that. */
    private void follow(ContainerRecord r, Path dir, boolean follow, LogRead read) throws IOException {
        do {
            if (!read.more()) {
                return;
            }
            if (!follow || !"running".equals(refresh(reload(r)).status()) || !Files.exists(dir)) {
                break;
            }
            ContainerRunner.sleep(200);
        } while (true);
        if (follow) {
            read.more(); // what was written between the last read and the exit
        }
    }

    /**
     * The logs of a container that kept each stream in a file of its own: one run by hostvirt before
     * ContainerLog, or one whose log copier could not start (the monitor then appends to these files).
     * {@code tail} counts each stream's lines on its own, and the streams come one after the other.
     */
    private void twoFileLogs(ContainerStore.Located c, boolean follow, Long tail, CallerStdio stdio, PrintWriter out,
            PrintWriter err) throws IOException {
        // Opened once and read through the same descriptors: an --rm container's monitor deletes the
        // files as it exits, and -f, which reopened them by name at each poll, lost the last lines.
        try (PlainLog stdout = new PlainLog(c.places("stdout.log"), stdio.stdout(), out);
                PlainLog stderr = new PlainLog(c.places("stderr.log"), stdio.stderr(), err)) {
            long[] pos = {stdout.tailStart(tail), stderr.tailStart(tail)};
            follow(c.record(), c.dir(), follow, () -> {
                pos[0] = stdout.from(pos[0]);
                pos[1] = stderr.from(pos[1]);
                return pos[0] != PlainLog.CLOSED && pos[1] != PlainLog.CLOSED;
            });
            shown(c, stdout.found() || stderr.found());
        }
    }

    /** The container as {@code podman inspect} shows one (ContainerInspection). */
    public ObjectNode inspect(String idOrName) throws IOException {
        ContainerRecord r = refresh(store.find(idOrName));
        Path dir = store.dirOf(r.id());
        if (!Files.isDirectory(dir)) {
            throw new HostvirtException(Text.of("engine.error.container.noSuch", idOrName), 125); // an --rm one, settled just now
        }
        Path config = dir.resolve("config.json");
        JsonNode c = com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        if (Files.exists(config)) {
            c = Json.read(Files.readAllBytes(config));
            if (c.path("annotations").path(SeccompPolicyCache.ANNOTATION).isTextual()) {
                ObjectNode a = (ObjectNode) c.get("annotations");
                a.put(SeccompPolicyCache.ANNOTATION, SeccompPolicyCache.describe(a.get(SeccompPolicyCache.ANNOTATION).asText()));
            }
        }
        JsonNode image = com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        try {
            Digest imageConfig = Digest.parse(r.imageId());
            if (blobs.has(imageConfig)) {
                image = Json.read(Files.readAllBytes(blobs.path(imageConfig))).path("config");
            }
        } catch (IOException | RuntimeException unreadable) {
            // the image went meanwhile, or its record is from before: no labels to show
        }
        if (Files.exists(dir.resolve(LogPump.DIED))) {
            r = r.withNote(Text.of("engine.note.logCopierDied"));
        }
        return ContainerInspection.of(r, dir, c, image, ForegroundRuntime.pidIn(dir.resolve("pid")));
    }

    /** The detached monitor still runs: it has not written the exit code yet, and will. */
    private static boolean monitorAlive(Path dir) {
        try {
            long pid = Long.parseLong(Files.readString(dir.resolve(ContainerRunner.MONITOR_PID)).strip());
            char state = ProcessState.of(pid);
            // Its command line names the bundle: a pid taken since by another process (after a reboot) does not.
            return state != 'Z' && state != ProcessState.GONE && state != ProcessState.UNKNOWN
                    && new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
                            .contains(dir.toString());
        } catch (IOException | NumberFormatException e) {
            return false; // gone, or a container from before the monitor kept its pid
        }
    }

    /** Alive while the container's init (the runtime's pid file) still exists. */
    private static boolean alive(Path dir) {
        Path pid = dir.resolve("pid");
        try {
            if (!Files.exists(pid)) {
                // not started yet (or failed to): the waiter will record it
                return Files.exists(dir) && !Files.exists(dir.resolve("exit"));
            }
            if (Files.exists(dir.resolve("exit"))) {
                return false; // the waiter saw it end: a process with its pid now is another one
            }
            String p = Files.readString(pid).trim();
            return !p.isEmpty() && Files.exists(Path.of("/proc", p)) && !isZombie(p);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    /** A zombie, or a pid that cannot be told apart from one, counts as not alive. */
    private static boolean isZombie(String pid) {
        char state = ProcessState.of(Long.parseLong(pid));
        return state == 'Z' || state == ProcessState.GONE || state == ProcessState.UNKNOWN;
    }

    /** {@code ms} negative: for as long as it takes. */
    private static boolean waitDead(Path dir, long ms) {
        long until = System.nanoTime() + Math.max(0, ms) * 1_000_000L;
        do {
            if (!alive(dir)) {
                return true;
            }
            ContainerRunner.sleep(25);
        } while (ms < 0 || System.nanoTime() < until);
        return !alive(dir);
    }
}
