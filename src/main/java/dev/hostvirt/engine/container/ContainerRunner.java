package dev.hostvirt.engine.container;

import dev.hostvirt.engine.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hostvirt.HostvirtException;
import dev.hostvirt.engine.Engine;
import dev.hostvirt.engine.bundle.Capabilities;
import dev.hostvirt.engine.bundle.OciConfigBuilder;
import dev.hostvirt.engine.bundle.ProcessPlan;
import dev.hostvirt.engine.bundle.Rlimits;
import dev.hostvirt.engine.bundle.RunSpec;
import dev.hostvirt.engine.bundle.SeccompProfile;
import dev.hostvirt.engine.bundle.UserResolver;
import dev.hostvirt.engine.image.ImageConfig;
import dev.hostvirt.engine.image.ImageRecord;
import dev.hostvirt.engine.layer.LayerStore;
import dev.hostvirt.engine.layer.UnpackEvents;
import dev.hostvirt.engine.layer.RootPath;
import dev.hostvirt.engine.mount.MountCalls;
import dev.hostvirt.engine.runtime.OciRuntime;
import dev.hostvirt.engine.seccomp.SeccompPolicyCache;
import dev.hostvirt.i18n.Messages;
import dev.hostvirt.i18n.Text;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code hostvirt run}: image -> container root (overlay or copy) -> config.json -> the runtime.
 * In the foreground the container's output is copied to the user and to the container's log files
 * and the exit code is podman's; detached, a small shell monitor ({@code setsid sh}) plays conmon's
 * part: it outlives hostvirt, waits for the runtime and writes the exit code.
 */
public final class ContainerRunner {
    private final Engine engine;
    private final ContainerStore store;
    private final OciRuntime runtime;
    private final OciConfigBuilder.HostFacts host;
    private final Clock clock;
    /** The user's language, for the warnings and notes run prints on stderr. */
    private final Messages messages;

    public ContainerRunner(Engine engine, OciRuntime runtime, OciConfigBuilder.HostFacts host, Clock clock, Messages messages) {
        this.engine = engine;
        this.store = new ContainerStore(engine.containersDir());
        this.runtime = runtime;
        this.host = host;
        this.clock = clock;
        this.messages = messages;
    }

    /** Loads what mounting a container's root needs (JNA), for callers that can do it ahead of time. */
    public static void loadNativeCalls() {
        MountCalls.load();
    }

    /**
     * Random bytes for a container ID from the kernel's CSPRNG (/dev/urandom; podman's crypto/rand
     * asks the same generator through getrandom(2)). The JDK's SecureRandom reads the same device, but
     * its first use sets up the security providers: a run waited ~13 ms for that, and nothing else in
     * a run of an image already unpacked needs them (records and chain IDs avoid them too).
     * SecureRandom when the device is not readable.
     */
    static byte[] randomBytes(int n) {
        try (InputStream in = Files.newInputStream(Path.of("/dev/urandom"))) {
            byte[] b = in.readNBytes(n);
            if (b.length == n) {
                return b;
            }
        } catch (IOException | SecurityException e) {
            // no /dev/urandom here (a minimal chroot): the JDK's generator below
        }
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    public int run(RunSpec spec, PrintWriter out, PrintWriter err) throws IOException {
        return run(spec, out, err, w -> err.println("hostvirt: " + messages.get("engine.warning", w)));
    }

    /** As {@link #run(RunSpec, PrintWriter, PrintWriter)}, the unpack of a first run telling {@code warn}. */
    public int run(RunSpec spec, PrintWriter out, PrintWriter err, UnpackEvents warn) throws IOException {
        return run(spec, CallerStdio.NONE, out, err, warn);
    }

    /** As above, a container run with -i or -t reading {@code stdin}. */
    public int run(RunSpec spec, CallerStdio stdin, PrintWriter out, PrintWriter err, UnpackEvents warn) throws IOException {
        if (!Engine.isRoot()) {
            throw new HostvirtException(Text.of("engine.error.container.needsRoot"), 125);
        }
        if (spec.tty() && spec.detach()) {
            throw new HostvirtException(Text.of("engine.error.run.ttyDetached"), 125);
        }
        if (spec.tty() && !stdin.terminal()) {
            // runc and crun set the terminal raw and copy keys from it; without one they fail obscurely.
            throw new HostvirtException(Text.of("engine.error.run.ttyNeedsTerminal"), 125);
        }
        // Installed before anything: a Ctrl-C or SIGTERM in the first instants (the JVM's shutdown racing this
        // thread) left mounted roots with no record. Held once the container is being made (SignalRelay).
        try (SignalRelay relay = SignalRelay.install(!spec.tty())) {
            ImageRecord image = engine.images().find(spec.image());
            ImageConfig cfg = engine.images().config(image.config());
            // --stop-signal over the image's STOPSIGNAL; refused before anything is made, as podman's create refuses it
            StopSignal.of(spec.stopSignal() != null ? spec.stopSignal() : cfg.stopSignal());
            // Held until the container's overlay is mounted and its record saved: image rm's clean-up
            // cannot delete a layer under this run (LayerStore).
            try (LayerStore.Hold hold = engine.rootfs().holdLayers()) {
                return run(spec, image, cfg, warn, hold, relay, stdin, out, err);
            }
        }
    }

    private int run(RunSpec spec, ImageRecord image, ImageConfig cfg, UnpackEvents warn, LayerStore.Hold hold, SignalRelay relay,
            CallerStdio stdin, PrintWriter out, PrintWriter err) throws IOException {
        Optional<List<Path>> layers = engine.rootfs().prepareLayers(image, warn);
        Path merged = layers.isPresent() ? null : engine.rootfs().prepare(image, warn);
        warn.unpacked();
        relay.holdFromNow(); // a signal during the unpack ended the JVM (the unpack is crash-safe); now it is held
        String id = HexFormat.of().formatHex(randomBytes(32));
        String name = spec.name() != null ? spec.name() : id.substring(0, 12);
        // A generated name is the new ID's own prefix: only a chosen one can be taken already.
        try (ContainerStore.NameLock names = spec.name() != null ? store.lockNames() : null) {
            if (spec.name() != null && store.nameTaken(name)) {
                throw new HostvirtException(Text.of("engine.error.container.nameInUse", name), 125);
            }
            return createAndStart(spec, image, cfg, warn, hold, relay, stdin, out, err, layers, merged, id, name, names);
        }
    }

    /** Makes the container (directory, root, config.json, record) and starts it; the name lock goes once it is recorded. */
    private int createAndStart(RunSpec spec, ImageRecord image, ImageConfig cfg, UnpackEvents warn, LayerStore.Hold hold,
            SignalRelay relay, CallerStdio stdin, PrintWriter out, PrintWriter err, Optional<List<Path>> layers, Path merged, String id, String name,
            ContainerStore.NameLock names) throws IOException {
        for (RunSpec.Volume v : spec.volumes()) {
            if (!Files.exists(Path.of(v.source()))) {
                throw new HostvirtException(Text.of("engine.error.container.volumeSourceMissing", v.source()), 125);
            }
        }
        Path dir = store.create(id);
        AbandonedRun.claim(dir); // should this JVM die, the next command that looks finishes its job, or clears what it began
        boolean keep = false;
        try {
            // What the container's root is made of, for image rm's clean-up: another image of the same
            // name may replace this one's record while the container lives on its layers.
            Files.write(dir.resolve("lowers"), engine.rootfs().unpackedNames(cfg, layers.orElse(List.of())));
            String mode = layers.isPresent()
                    ? RootfsMounter.mountLayers(layers.get(), dir, () -> engine.rootfs().prepare(image, warn))
                    : RootfsMounter.mount(merged, dir);
            Path rootfs = dir.resolve("rootfs");
            String hostname = spec.hostname() != null ? spec.hostname()
                    : spec.network() == RunSpec.Network.HOST ? hostsName().orElse(id.substring(0, 12)) : id.substring(0, 12);
            MountedView view = mountedView(rootfs, spec);
            UserResolver.User user = UserResolver.resolve(spec.user() != null ? spec.user() : cfg.user(),
                    view.read("/etc/passwd"), view.read("/etc/group"));
            List<String> argv = ProcessPlan.command(cfg, spec);
            List<String> env = ProcessPlan.env(cfg, spec.env(), user.home(), hostname, spec.tty());
            String cwd = ProcessPlan.cwd(cfg, spec);
            List<String> mounted = new ArrayList<>();
            spec.tmpfs().forEach(t -> mounted.add(t.destination()));
            spec.volumes().forEach(v -> mounted.add(v.destination()));
            CommandCheck check = new CommandCheck(rootfs, mounted);
            check.workdir(cwd, spec.workdir() != null);
            check.mounts(view, spec.volumes(), spec.tmpfs().stream().map(RunSpec.Tmpfs::destination).toList());
            check.workdirThroughMounts(view, cwd);
            if (argv.isEmpty()) {
                // podman's and docker's 125: a usage matter, not a command that could not be found
                throw new HostvirtException(Text.of(spec.entrypoint() != null ? "engine.error.container.noCommandCleared"
                        : "engine.error.container.noCommand"), 125);
            }
            check.command(argv.get(0), cwd, pathOf(env));
            ProcessPlan plan = new ProcessPlan(argv, env, cwd, spec.workdir() != null, user);
            List<String> notes = new ArrayList<>();
            List<Rlimits.Granted> limits = Rlimits.grant(spec.ulimits(), Rlimits.parseHardLimits(readProcLimits()));
            for (Rlimits.Granted g : limits) {
                if (g.clampNote() != null) {
                    if (g.requested()) {
                        err.println("hostvirt: " + messages.get("engine.note", g.clampNote()));
                    }
                    notes.add(Messages.forLocale(Messages.ENGLISH).render(g.clampNote())); // the record is data, kept in English
                }
            }
            OciConfigBuilder.EtcFiles etc = etcFiles(dir, hostname, name, spec.network()).mountable(p -> {
                try {
                    return view.canMountFileAt(p);
                } catch (IOException e) {
                    return true; // as before: the runtime says what is wrong
                }
            });
            if (spec.memorySwapBytes() != null && !host.swapLimit()) {
                err.println("hostvirt: " + messages.get("engine.note", Text.of("engine.note.noSwapLimit")));
            }
            Set<String> caps = Capabilities.resolve(spec.capAdd(), spec.capDrop(), Capabilities.hostBounding());
            RunSpec effective = withHostname(spec, hostname);
            SeccompPolicyCache.Policy seccomp = effective.seccomp() ? seccompPolicy(caps, spec.seccompProfile()) : null;
            ObjectNode config = OciConfigBuilder.build(id, rootfs.toRealPath(), plan, effective, caps, limits, etc, host,
                    seccomp == null ? null : seccomp.section());
            if (spec.tty()) {
                TerminalSettings.size(stdin.stdin()).ifPresent(rc -> ((ObjectNode) config.get("process")).putObject("consoleSize")
                        .put("height", rc[0]).put("width", rc[1]));
            }
            annotations(config).put(ProcessPlan.DEFAULTED_ANNOTATION, String.join(",", ProcessPlan.defaulted(cfg, spec.env(), spec.tty())))
                    .put(ProcessPlan.ENTRYPOINT_WORDS_ANNOTATION, Integer.toString(ProcessPlan.entrypointWords(cfg, spec)))
                    .put(ProcessPlan.USER_ANNOTATION, spec.user() != null ? spec.user() : cfg.user() == null ? "" : cfg.user())
                    .put(StopSignal.ANNOTATION, Integer.toString(StopSignal.of(spec.stopSignal() != null ? spec.stopSignal() : cfg.stopSignal())));
            if (seccomp != null) {
                // The section stays (what the container's policy is, for inspect and any other runtime).
                seccomp.filter().ifPresent(bpf -> annotations(config).put(SeccompPolicyCache.ANNOTATION, bpf));
            }
            Files.write(dir.resolve("config.json"), Json.write(config, true));
            cancelIfSignalled(relay);
            ContainerRecord rec = new ContainerRecord(id, name, image.ref(), image.config().toString(), argv,
                    clock.instant().toString(), runtime.name(), "created", null, false, null, spec.detach(), spec.remove(), mode, notes);
            store.save(rec);
            keep = true;
            try {
                hold.close(); // the container is recorded: image rm now sees it as a user
                if (names != null) {
                    names.close(); // and its name is taken for every other run
                }
            } catch (IOException releasing) {
                // the lock goes with the process at the latest; the container must still start
            }
            if (spec.detach()) {
                relay.close(); // the monitor starts in a session of its own: a Ctrl-C now only stops the wait
                return detached(rec, dir, spec.interactive(), out, err);
            }
            return foreground(rec, dir, spec, stdin, relay, out, err);
        } finally {
            if (!keep) {
                RootfsMounter.unmountAndDelete(dir);
            }
        }
    }

    /** A signal held since the relay went in: the run is given up, with podman's 128+N. */
    private static void cancelIfSignalled(SignalRelay relay) {
        int signal = relay.pendingSignal();
        if (signal != 0) {
            throw new HostvirtException(Text.of("engine.error.container.cancelled"), 128 + signal);
        }
    }

    /** A profile's policy for these capabilities (null: the default's): kept, or made and kept (engine/seccomp). */
    private SeccompPolicyCache.Policy seccompPolicy(Set<String> caps, String profile) {
        return engine.seccompPolicies().policy(SeccompProfile.cacheKey(profile, host.goArch(), caps, host.kernelRelease()),
                () -> SeccompProfile.toOci(profile == null ? SeccompProfile.loadDefault() : SeccompProfile.parse(profile), host.goArch(),
                        caps, host.kernelRelease()),
                runtime.takesCompiledSeccomp());
    }

    /** {@code relay} is the caller's, installed before the container was made and closed after this returns. */
    private int foreground(ContainerRecord rec, Path dir, RunSpec spec, CallerStdio stdin, SignalRelay relay, PrintWriter out,
            PrintWriter err) throws IOException {
        long oomBefore = oomKills();
        Path pidFile = dir.resolve("pid");
        ForegroundRuntime call = ForegroundRuntime.of(runtime.command("run", "--bundle", dir.toString(), "--pid-file", pidFile.toString(),
                rec.id()), stdin, spec.interactive(), spec.tty(), pidFile, false);
        store.save(rec.withStatus("running"));
        int code;
        Exception failed = null;
        try (ContainerLog log = ContainerLog.appendTo(dir.resolve(ContainerLog.FILE))) {
            code = call.run(relay, out, err, log, () -> Exec.run(runtime.command("kill", "--all", rec.id(), "KILL")));
        } catch (IOException | RuntimeException e) {
            // The runtime could not be started: the record must not stay "running" for ever.
            failed = e;
            code = 125;
        }
        boolean started = Files.exists(pidFile);
        if (!started) {
            // A signal that ended the run before the container existed is the user's doing, not the engine's.
            code = failed == null && relay.lastSignal() != 0 ? 128 + relay.lastSignal() : 125;
        }
        boolean oom = started && code == 137 && spec.memoryBytes() != null && oomBefore >= 0 && oomKills() > oomBefore;
        if (oom) {
            err.println("hostvirt: " + messages.get("engine.note.oomKilled", spec.memoryBytes()));
        }
        ContainerRecord done = rec.exited(code, oom, clock.instant().toString());
        if (!started) {
            // `run` deletes its container on exit; only a failed start may leave runtime state behind.
            Exec.run(runtime.command("delete", "--force", rec.id()));
            CgroupLeftovers.remove(Path.of("/sys/fs/cgroup"), rec.id());
        }
        if (spec.remove()) {
            RootfsMounter.unmountAndDelete(dir);
        } else {
            RootfsMounter.unmountExited(dir);
            store.save(done);
        }
        if (failed instanceof IOException io) {
            throw io;
        }
        if (failed instanceof RuntimeException re) {
            throw re;
        }
        return code;
    }

    /** The detached monitor's own output (its messages, and the copier's should it fail). */
    static final String MONITOR_LOG = "monitor.log";
    /** The detached monitor's pid, while it lives: ContainerControl#refresh waits for its exit code. */
    static final String MONITOR_PID = "monitor.pid";
    /**
     * Seconds an --rm container's log and record outlive it (ContainerStore#locate): the monitor
     * removed them as it exited, and `run -d --rm img echo hi; logs -f ID` found no container 30 times
     * in 30 (a logs JVM is ~0.2 s from its start to its look; podman's cleanup, a podman process of its
     * own, comes ~0.1 s after the exit, and `logs` found the container about half the time). Long
     * enough for a loaded host; the rest of the directory (its root's writes) goes at once.
     */
    static final int KEPT_FOR_LOGS = 5;

    /**
     * conmon's part, in sh. With -i the container's stdin is a FIFO the monitor holds open for
     * reading and writing, so it never sees end-of-file: a shell started with -d -i waits for input
     * instead of exiting, as with docker run -di. The output goes through two FIFOs to a LogPump (a
     * small JVM) that keeps both streams in one log, in the order they came (ArrivalOrder). The runtime
     * starts once the copier has opened them (LogPump.READY), as podman's starts after conmon: what came
     * before that sat in the FIFOs, each stream's together, and its order was lost (the first ~25
     * lines of a container writing on both). The monitor holds the FIFOs open until then, so that
     * opening them blocks nobody. A copier that could not start (LogPump.END first) is replaced by two
     * cats into stdout.log and stderr.log (ContainerControl reads those too). The exit
     * code is written once the log is complete. An --rm container that ran leaves
     * ID.started beside its directory, so that hostvirt, if the directory went before it saw the pid
     * file, still knows it started; hostvirt deletes it after its wait. The directory is then renamed
     * to ID.removing and all of it but the record and the log deleted; those go KEPT_FOR_LOGS seconds
     * later (HV_KEEP), for a `logs` started as the container ended, and with them an ID.started written
     * after hostvirt's wait (the container outlived it; a later detached run deletes what a killed
     * monitor left). A container that stays has its root unmounted (RootfsMounter.unmountExited).
     */
    static final String MONITOR = monitor("\"$HV_DIR/" + LogPump.OUT + "\"", "\"$HV_DIR/" + LogPump.ERR + "\"",
            "\"$HV_DIR/" + LogPump.READY + "\"", "\"$HV_DIR/" + LogPump.END + "\"", "\"$HV_DIR/" + LogPump.DIED + "\"");

    /**
     * A copier that dies once the container runs (killed: SIGKILL, the OOM killer) must not take the
     * output with it: the container ran on with every write failing (or killed by SIGPIPE) and nothing
     * said so. The copier's subshell holds both FIFOs open for reading (read-only: the copier still
     * sees their end), so what the container writes meanwhile waits in them; when the copier ends with
     * a failure after it was ready, the subshell says so in monitor.log ($HV_LOG_DIED, in the user's
     * language), leaves {@link LogPump#DIED} for inspect, and appends the rest to stdout.log and
     * stderr.log, as when it could not start (logs reads them after ctr.log).
     */
    private static String copier(String out, String err, String ready, String died) {
        return "( exec 5<" + out + " 6<" + err + "; "
            + "\"$HV_JAVA\" -Xmx8m -Xss256k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Xlog:disable -Xlog:all=error:stderr "
            // JNA (epoll, ArrivalOrder) as hostvirt's own JVM has it: its library unpacked beside the jar, no ldconfig.
            + "--enable-native-access=ALL-UNNAMED -Djna.platform.library.path= ${HV_JNA_BOOT:+\"-Djna.boot.library.path=$HV_JNA_BOOT\"} "
            + "-cp \"$HV_CP\" " + LogPump.class.getName() + " \"$HV_DIR\" </dev/null 5<&- 6<&-; st=$?; "
            + "if [ $st != 0 ] && [ -e " + ready + " ]; then : > " + died + "; echo \"hostvirt: ${HV_LOG_DIED:-log copier ended} ($st)\" >&2; "
            + "cat <&5 >>\"$HV_DIR/stdout.log\" 6<&- & cat <&6 >>\"$HV_DIR/stderr.log\" 5<&- & exec 5<&- 6<&-; wait; fi; ";
    }

    private static String monitor(String out, String err, String ready, String end, String died) {
        return "echo $$ > \"$HV_DIR/" + MONITOR_PID + "\"; "
            + "if [ \"$HV_OPEN_STDIN\" = 1 ]; then mkfifo -m 600 \"$HV_DIR/stdin\" && exec 0<>\"$HV_DIR/stdin\"; fi; "
            + "if mkfifo -m 600 " + out + " " + err + " && exec 3<>" + out + " 4<>" + err + "; then "
            + copier(out, err, ready, died) + ": > " + end + " ) 3<&- 4<&- & "
            + "while [ ! -e " + ready + " ] && [ ! -e " + end + " ]; do sleep 0.01; done; "
            + "if [ ! -e " + ready + " ]; then exec 5<" + out + " 6<" + err + "; "
            + "cat <&5 >>\"$HV_DIR/stdout.log\" 3<&- 4<&- 6<&- & cat <&6 >>\"$HV_DIR/stderr.log\" 3<&- 4<&- 5<&- & exec 5<&- 6<&-; fi; "
            // sh gives a command in the background /dev/null for stdin unless it is redirected: through fd 7, it keeps the monitor's
            + "exec 7<&0; \"$@\" <&7 >" + out + " 2>" + err + " 3<&- 4<&- 7<&- & rt=$!; exec 7<&-; "
            + "exec 3<&- 4<&-; wait $rt; code=$?; wait; "
            + "rm -f " + out + " " + err + " " + ready + " " + end + "; "
            + "else \"$@\" >>\"$HV_DIR/stdout.log\" 2>>\"$HV_DIR/stderr.log\"; code=$?; fi; "
            + "[ -e \"$HV_DIR/pid\" ] || code=125; " // a runtime that never started it: 125, as in the foreground
            + "echo $code > \"$HV_DIR/exit.tmp\"; mv \"$HV_DIR/exit.tmp\" \"$HV_DIR/exit\"; rm -f \"$HV_DIR/" + MONITOR_PID + "\"; "
            + "if [ \"$HV_RM\" = 1 ]; then [ -e \"$HV_DIR/pid\" ] && : > \"$HV_DIR.started\"; "
            // Renamed away first: a record saved meanwhile (logs -f refreshing it) made rm -rf fail and
            // the container come back in ps -a, its name taken (ContainerStore.save saves only into a directory).
            + "umount \"$HV_DIR/rootfs\" 2>/dev/null || umount -l \"$HV_DIR/rootfs\" 2>/dev/null; "
            // What logs reads is kept HV_KEEP seconds more, the rest goes at once (see KEPT_FOR_LOGS); the root's
            // mount point only by rmdir, which fails on one both umounts left mounted where rm would descend into it.
            + "if mv \"$HV_DIR\" \"$HV_DIR" + ContainerStore.REMOVING + "\" 2>/dev/null; then "
            + "for f in \"$HV_DIR" + ContainerStore.REMOVING + "\"/*; do case ${f##*/} in container.json|" + ContainerLog.FILE
            + "|stdout.log|stderr.log) ;; rootfs) rmdir \"$f\" 2>/dev/null ;; *) rm -rf --one-file-system \"$f\" ;; esac; done; "
            // ID.started too by then: hostvirt's wait is long over (it was left until a later run, if any).
            + "sleep \"${HV_KEEP:-0}\"; rm -rf --one-file-system \"$HV_DIR" + ContainerStore.REMOVING + "\"; rm -f \"$HV_DIR.started\"; "
            + "else rm -rf --one-file-system \"$HV_DIR\"; fi; "
            + "else umount \"$HV_DIR/rootfs\" 2>/dev/null; fi"; // RootfsMounter.unmountExited's rule
    }

    private int detached(ContainerRecord rec, Path dir, boolean openStdin, PrintWriter out, PrintWriter err) throws IOException {
        Path pidFile = dir.resolve("pid");
        // The monitor is a grandchild: the sh started here starts it in the background and exits. A child
        // that lived on held the JVM's process reaper in wait4, and the JVM's exit then waited ~300 ms for
        // it: run -d took 607 ms (podman 114). (Not setsid -f: busybox's setsid has no -f.)
        List<String> argv = new ArrayList<>(Arrays.asList("setsid", "sh", "-c", "sh -c \"$HV_MONITOR\" sh \"$@\" &", "sh"));
        argv.addAll(runtime.command("run", "--bundle", dir.toString(), "--pid-file", pidFile.toString(), rec.id()));
        File monitorLog = dir.resolve(MONITOR_LOG).toFile();
        ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(monitorLog))
                .redirectError(ProcessBuilder.Redirect.appendTo(monitorLog));
        pb.environment().put("HV_MONITOR", MONITOR);
        pb.environment().put("HV_DIR", dir.toString());
        pb.environment().put("HV_RM", rec.autoRemove() ? "1" : "0");
        pb.environment().put("HV_KEEP", Integer.toString(KEPT_FOR_LOGS));
        pb.environment().put("HV_OPEN_STDIN", openStdin ? "1" : "0");
        pb.environment().put("HV_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        pb.environment().put("HV_CP", LogPump.classPath());
        pb.environment().put("HV_JNA_BOOT", System.getProperty("jna.boot.library.path", ""));
        pb.environment().put("HV_LOG_DIED", messages.get("engine.monitor.copierDied"));
        // The caller's JVM options are not the copier's: JAVA_TOOL_OPTIONS=-Xms64m kept it from starting.
        List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS").forEach(pb.environment()::remove);
        store.save(rec.withStatus("running"));
        pb.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        Path started = dir.resolveSibling(dir.getFileName() + ".started");
        boolean ran = false;
        // Opened as soon as they exist: an --rm container's monitor deletes them once the start failed,
        // and the runtime's own words were lost 3 times in 10.
        ContainerLogs failure = new ContainerLogs(dir.resolve(ContainerLog.FILE), null,
                new PrintWriter(java.io.OutputStream.nullOutputStream()), err);
        PlainLog monitorSaid = new PlainLog(dir.resolve(MONITOR_LOG), null, err);
        while (System.nanoTime() < deadline && !ran) {
            failure.openIfThere();
            monitorSaid.openIfThere();
            if (Files.exists(pidFile)) {
                ran = true;
            } else if (Files.exists(dir.resolve("exit")) || !Files.exists(dir)) {
                break;
            } else {
                sleep(10);
            }
        }
        ran |= Files.deleteIfExists(started);
        deleteLeftovers(dir.getParent());
        if (ran) {
            failure.close();
            monitorSaid.close();
            out.println(rec.id());
            out.flush();
            return 0;
        }
        // Why it did not start: the runtime's own words, in the container's log (stderr), and the monitor's.
        try (failure; monitorSaid) {
            failure.from(0);
            Path twoFiles = dir.resolve("stderr.log");
            if (Files.exists(twoFiles)) {
                err.print(Files.readString(twoFiles, StandardCharsets.UTF_8));
            }
            monitorSaid.from(0);
        }
        CgroupLeftovers.remove(Path.of("/sys/fs/cgroup"), rec.id());
        throw new HostvirtException(Text.of("engine.error.container.didNotStart"), 125);
    }

    /**
     * ID.started markers a minute old, whose runs are long over, and ID.removing directories a minute
     * old: an --rm container's monitor killed while it kept them (KEPT_FOR_LOGS), or a removal cut short,
     * would otherwise leave them for ever, seen by no command (see MONITOR). Their age is their ctime,
     * which the rename set: a directory's mtime is its last change inside.
     */
    private static void deleteLeftovers(Path containers) {
        long minuteAgo = System.currentTimeMillis() - 60_000;
        try (var s = Files.newDirectoryStream(containers, "*{.started," + ContainerStore.REMOVING + "}")) {
            for (Path m : s) {
                java.nio.file.attribute.FileTime changed = (java.nio.file.attribute.FileTime) Files.getAttribute(m, "unix:ctime",
                        java.nio.file.LinkOption.NOFOLLOW_LINKS);
                if (changed.toMillis() < minuteAgo && !RootfsMounter.isMountPoint(m.resolve("rootfs"))) {
                    dev.hostvirt.engine.layer.TreeDeletion.delete(m);
                }
            }
        } catch (IOException | RuntimeException e) {
            // what is left is deleted by the next run
        }
    }

    /** The host's own name: Docker's hostname for a container on the host's network. */
    private static Optional<String> hostsName() {
        try {
            String n = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            return n.matches("[a-zA-Z0-9]([a-zA-Z0-9.-]{0,62})") ? Optional.of(n) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static OciConfigBuilder.EtcFiles etcFiles(Path dir, String hostname, String name, RunSpec.Network network) throws IOException {
        Path hosts = dir.resolve("hosts");
        Path hn = dir.resolve("hostname");
        Path resolv = dir.resolve("resolv.conf");
        if (network == RunSpec.Network.HOST && Files.isReadable(Path.of("/etc/hosts"))) {
            Files.writeString(hosts, Files.readString(Path.of("/etc/hosts")) + "127.0.1.1\t" + hostname
                    + (name.equals(hostname) ? "" : " " + name) + "\n");
        } else {
            Files.writeString(hosts, "127.0.0.1\tlocalhost localhost.localdomain\n::1\tlocalhost ip6-localhost ip6-loopback\n"
                    + "127.0.1.1\t" + hostname + (name.equals(hostname) ? "" : " " + name) + "\n");
        }
        Files.writeString(hn, hostname + "\n");
        Path hostResolv = Path.of("/etc/resolv.conf");
        Files.writeString(resolv, Files.isReadable(hostResolv) ? Files.readString(hostResolv) : "");
        return new OciConfigBuilder.EtcFiles(hosts, hn, resolv);
    }

    private static ObjectNode annotations(ObjectNode config) {
        return config.has("annotations") ? (ObjectNode) config.get("annotations") : config.putObject("annotations");
    }

    private static RunSpec withHostname(RunSpec s, String hostname) {
        return new RunSpec(s.image(), s.name(), s.env(), s.workdir(), s.user(), s.entrypoint(), hostname, s.readOnly(), s.volumes(),
                s.tmpfs(), s.memoryBytes(), s.memorySwapBytes(), s.cpus(), s.pidsLimit(), s.network(), s.ulimits(), s.runtime(), s.seccomp(), s.seccompProfile(),
                s.noNewPrivileges(), s.capAdd(), s.capDrop(), s.args(), s.remove(), s.detach(), s.interactive(), s.tty(), s.stopSignal());
    }

    /** The PATH of a process's environment, or the default one. */
    static String pathOf(List<String> env) {
        for (String e : env) {
            if (e.startsWith("PATH=")) {
                return e.substring(5);
            }
        }
        return ProcessPlan.DEFAULT_PATH;
    }

    /** The image's root with the run's -v and --tmpfs over it, as the runtime will mount them. */
    private static MountedView mountedView(Path rootfs, RunSpec spec) {
        List<MountedView.Mount> mounts = new ArrayList<>();
        spec.tmpfs().forEach(t -> mounts.add(MountedView.Mount.tmpfs(MountedView.normalized(t.destination()), t.options())));
        spec.volumes().forEach(v -> mounts.add(MountedView.Mount.bind(MountedView.normalized(v.destination()), Path.of(v.source()),
                v.readOnly())));
        return new MountedView(rootfs, mounts);
    }

    /** A small file under a root, its symlinks resolved inside that root ({@link #readSmallFile}). */
    static String readInRoot(Path rootfs, String path) throws IOException {
        RootPath rp = new RootPath(rootfs);
        return readSmallFile(rp.path(rp.resolve(Arrays.asList(path.split("/")))));
    }

    private static final int SMALL_FILE = 1 << 20;

    /**
     * At most 1 MiB of a regular file, "" for anything else. A running container can swap the file
     * between the look and the read: the last component is not followed if it became a link, and no
     * more than the limit is read (a /dev/zero put in its place filled the heap).
     */
    static String readSmallFile(Path p) throws IOException {
        java.nio.file.attribute.BasicFileAttributes a = RootPath.lstat(p);
        if (a == null || !a.isRegularFile() || a.size() > SMALL_FILE) {
            return "";
        }
        try (java.io.InputStream in = java.nio.channels.Channels.newInputStream(
                Files.newByteChannel(p, java.nio.file.StandardOpenOption.READ, java.nio.file.LinkOption.NOFOLLOW_LINKS))) {
            byte[] b = in.readNBytes(SMALL_FILE + 1);
            return b.length > SMALL_FILE ? "" : new String(b, StandardCharsets.UTF_8);
        } catch (java.nio.file.FileSystemException swapped) {
            return ""; // became a link (ELOOP) or went away meanwhile
        }
    }

    private static String readProcLimits() {
        try {
            return Files.readString(Path.of("/proc/self/limits"));
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * OOM kills that can be charged to our containers: on a unified (v2) host the engine's parent
     * cgroup's memory.events, which counts its children's kills; on v1, whose memory events do not
     * propagate to parents, the kernel's count since boot (/proc/vmstat oom_kill, Linux >= 4.13), so a
     * host OOM kill during the run could also be counted. -1 when neither can be read.
     */
    static long oomKills() {
        Path v2 = Path.of("/sys/fs/cgroup/hostvirt/memory.events");
        try {
            if (Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"))) {
                return Files.exists(v2) ? counter(Files.readString(v2), "oom_kill") : 0;
            }
            return counter(Files.readString(Path.of("/proc/vmstat")), "oom_kill");
        } catch (IOException e) {
            return -1;
        }
    }

    /** The value of a "key value" line (memory.events, /proc/vmstat); -1 when absent or odd. */
    static long counter(String text, String key) {
        for (String line : text.split("\n")) {
            if (line.startsWith(key + " ")) {
                try {
                    return Long.parseLong(line.substring(key.length() + 1).trim());
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
