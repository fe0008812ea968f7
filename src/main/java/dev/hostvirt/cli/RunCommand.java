package dev.hostvirt.cli;

import static dev.hostvirt.cli.OptionBinding.bound;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.engine.Engine;
import dev.hostvirt.engine.bundle.Rlimits;
import dev.hostvirt.engine.bundle.RunSpec;
import dev.hostvirt.engine.container.ContainerControl;
import dev.hostvirt.engine.container.ContainerRunner;
import dev.hostvirt.i18n.Messages;
import dev.hostvirt.i18n.Text;
import dev.hostvirt.report.progress.TerminalImageProgress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code hostvirt run}: runs a command in a new container from a local image. */
public final class RunCommand implements ContainerCodeCommand, Callable<Integer>, DeclaredInCode {
    private final CliEnvironment env;
    private final EngineOptions engineOptions = new EngineOptions();
    private final RegistryPullOptions registry = new RegistryPullOptions();
    private String pull = "missing";
    private boolean quiet;
    private boolean remove;
    private boolean detach;
    private boolean interactive;
    private boolean tty;
    private String name;
    private List<String> envs = new ArrayList<>();
    private List<Path> envFiles = new ArrayList<>();
    private String workdir;
    private String stopSignal;
    private String user;
    private String entrypoint;
    private String hostname;
    private boolean readOnly;
    private List<String> volumes = new ArrayList<>();
    private List<String> tmpfs = new ArrayList<>();
    private String memory;
    private String memorySwap;
    private Double cpus;
    private Long pidsLimit;
    private String network = "none";
    private List<String> ulimits = new ArrayList<>();
    private String runtime;
    private List<String> securityOpts = new ArrayList<>();
    private List<String> capAdd = new ArrayList<>();
    private List<String> capDrop = new ArrayList<>();
    private String image;
    private List<String> args = new ArrayList<>();

    RunCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public CommandSpec spec(IFactory factory) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(this, factory).name("run");
        // Everything after the image belongs to the container's command: `run busybox ls -l` passes -l to ls.
        spec.parser().stopAtPositional(true);
        engineOptions.addTo(spec);
        registry.addTo(spec);
        spec.addOption(bound(option("run.pull", "--pull").type(String.class).initialValue("missing")
                .paramLabel("missing|always|never"), () -> pull, v -> pull = v));
        spec.addOption(flag("run.quiet", () -> quiet, v -> quiet = v, "-q", "--quiet"));
        spec.addOption(flag("run.rm", () -> remove, v -> remove = v, "--rm"));
        spec.addOption(flag("run.detach", () -> detach, v -> detach = v, "-d", "--detach"));
        spec.addOption(flag("run.interactive", () -> interactive, v -> interactive = v, "-i", "--interactive"));
        spec.addOption(flag("run.tty", () -> tty, v -> tty = v, "-t", "--tty"));
        spec.addOption(text("run.name", "NAME", () -> name, v -> name = v, "--name"));
        spec.addOption(list("run.env", "KEY=VALUE", String.class, () -> envs, v -> envs = v, "-e", "--env"));
        spec.addOption(list("run.env-file", "FILE", Path.class, () -> envFiles, v -> envFiles = v, "--env-file"));
        spec.addOption(text("run.workdir", "DIR", () -> workdir, v -> workdir = v, "-w", "--workdir"));
        spec.addOption(text("run.user", "USER[:GROUP]", () -> user, v -> user = v, "-u", "--user"));
        spec.addOption(text("run.entrypoint", "CMD", () -> entrypoint, v -> entrypoint = v, "--entrypoint"));
        spec.addOption(text("run.hostname", "NAME", () -> hostname, v -> hostname = v, "--hostname"));
        spec.addOption(text("run.stop-signal", "SIGNAL", () -> stopSignal, v -> stopSignal = v, "--stop-signal"));
        spec.addOption(flag("run.read-only", () -> readOnly, v -> readOnly = v, "--read-only"));
        spec.addOption(list("run.volume", "HOST:CTR[:OPTIONS]", String.class, () -> volumes, v -> volumes = v, "-v", "--volume"));
        spec.addOption(list("run.tmpfs", "PATH[:OPTIONS]", String.class, () -> tmpfs, v -> tmpfs = v, "--tmpfs"));
        spec.addOption(text("run.memory", "SIZE", () -> memory, v -> memory = v, "-m", "--memory"));
        spec.addOption(text("run.memory-swap", "SIZE|-1", () -> memorySwap, v -> memorySwap = v, "--memory-swap"));
        spec.addOption(bound(option("run.cpus", "--cpus").type(Double.class).paramLabel("N"), () -> cpus, v -> cpus = v));
        spec.addOption(bound(option("run.pids-limit", "--pids-limit").type(Long.class).paramLabel("N"),
                () -> pidsLimit, v -> pidsLimit = v));
        spec.addOption(bound(option("run.network", "--network", "--net").type(String.class).initialValue("none")
                .paramLabel("none|host"), () -> network, v -> network = v));
        spec.addOption(list("run.ulimit", "NAME=SOFT[:HARD]", String.class, () -> ulimits, v -> ulimits = v, "--ulimit"));
        spec.addOption(text("run.runtime", "runc|crun", () -> runtime, v -> runtime = v, "--runtime"));
        spec.addOption(list("run.security-opt", "OPT", String.class, () -> securityOpts, v -> securityOpts = v,
                "--security-opt"));
        spec.addOption(list("run.cap-add", "CAP", String.class, () -> capAdd, v -> capAdd = v, "--cap-add"));
        spec.addOption(list("run.cap-drop", "CAP", String.class, () -> capDrop, v -> capDrop = v, "--cap-drop"));
        spec.addPositional(bound(PositionalParamSpec.builder().index("0").arity("1").required(true).type(String.class).paramLabel("IMAGE")
                .descriptionKey("run.image"), () -> image, v -> image = v));
        spec.addPositional(bound(PositionalParamSpec.builder().index("1..*").arity("0..*").type(List.class).auxiliaryTypes(String.class)
                .paramLabel("CMD").descriptionKey("run.cmd"), () -> args, v -> args = v == null ? new ArrayList<>() : v));
        StandardHelpOptions.INSTANCE.addTo(spec);
        return DeclaredInCode.withUsage(spec, false);
    }

    private static OptionSpec.Builder option(String descriptionKey, String... names) {
        return OptionSpec.builder(names).descriptionKey(descriptionKey);
    }

    private static OptionSpec flag(String key, Supplier<Boolean> get, Consumer<Boolean> set, String... names) {
        return bound(option(key, names).type(boolean.class).initialValue(false), get, set);
    }

    private static OptionSpec text(String key, String label, Supplier<String> get, Consumer<String> set, String... names) {
        return bound(option(key, names).type(String.class).paramLabel(label), get, set);
    }

    /** A repeatable option; picocli resets it to null before each parse, which means empty here. */
    private static <E> OptionSpec list(String key, String label, Class<E> element, Supplier<List<E>> get,
            Consumer<List<E>> set, String... names) {
        return bound(option(key, names).type(List.class).auxiliaryTypes(element).paramLabel(label), get,
                v -> set.accept(v == null ? new ArrayList<>() : v));
    }

    @Override
    public Integer call() throws IOException {
        Engine engine = engineOptions.engine(env);
        RunSpec spec = runSpec();
        Messages messages = Messages.forLocale(env.locale());
        Consumer<Text> warn = w -> env.err().println("hostvirt: " + messages.get("engine.warning", w));
        // An image's first run unpacks it (or its pull does), which can take a while: progress on a
        // terminal, taken away before the container's own output (a run of an unpacked image draws nothing).
        TerminalImageProgress progress = env.errTerminal() ? new TerminalImageProgress(env.err(), messages, env.clock(), warn, env.errColumns()) : null;
        int code;
        try {
            new RunPull(env, registry, quiet).ensure(engine, image, pull, progress != null ? progress : warn::accept);
            if (progress != null) {
                progress.resume();
            }
            if (spec.name() != null) {
                // A name held by a run whose hostvirt was killed is freed as ps would free it (AbandonedRun).
                new ContainerControl(engine, EngineOptions.runtimes(engine, env), env.clock()).settleIfAbandoned(spec.name());
            }
            ContainerRunner runner = new ContainerRunner(engine, EngineOptions.runtime(engine, env, runtime), EngineOptions.hostFacts(),
                    env.clock(), messages);
            code = runner.run(spec, env.stdio(), env.out(), env.err(), progress != null ? progress : warn::accept);
        } finally {
            if (progress != null) {
                progress.finish();
            }
        }
        env.out().flush();
        env.err().flush();
        return code;
    }

    RunSpec runSpec() throws IOException {
        List<String> allEnv = new ArrayList<>();
        Map<String, String> callerEnv = env.callerEnv();
        for (Path f : envFiles) {
            List<String> lines = OptionFile.read(f.toString(), env.workingDirectory().resolve(f), "--env-file").lines().toList();
            for (String line : lines) {
                // Docker's reading: leading blanks go, trailing ones are part of the value; CRLF files too.
                String l = line.stripLeading();
                if (l.endsWith("\r")) {
                    l = l.substring(0, l.length() - 1);
                }
                if (!l.isBlank() && !l.startsWith("#")) {
                    addEnv(allEnv, l, callerEnv);
                }
            }
        }
        envs.forEach(e -> addEnv(allEnv, e, callerEnv));
        List<RunSpec.Volume> vols = new ArrayList<>();
        for (String v : volumes) {
            vols.add(volume(v));
        }
        List<RunSpec.Tmpfs> tmpfsMounts = new ArrayList<>();
        for (String t : tmpfs) {
            tmpfsMounts.add(TmpfsOption.parse(t));
        }
        // Two mounts on one place: the second hid the first, silently (podman refuses it too).
        java.util.Set<String> destinations = new java.util.HashSet<>();
        List<String> all = new ArrayList<>();
        vols.forEach(v -> all.add(v.destination()));
        tmpfsMounts.forEach(t -> all.add(t.destination()));
        for (String d : all) {
            if (!destinations.add(d)) {
                throw new HostvirtException(Text.of("engine.error.run.duplicateDestination", d), 125);
            }
        }
        boolean seccomp = true;
        String seccompProfile = null;
        boolean nnp = true;
        for (String o : securityOpts) {
            if (o.matches("seccomp[=:].+") && !o.substring(8).equals("unconfined")) {
                seccompProfile = seccompProfile(o.substring(8));
                seccomp = true;
                continue;
            }
            switch (o) {
                case "seccomp=unconfined", "seccomp:unconfined" -> seccomp = false; // docker took ":" once, as for the others
                case "no-new-privileges", "no-new-privileges=true", "no-new-privileges:true" -> nnp = true;
                case "no-new-privileges=false", "no-new-privileges:false" -> nnp = false;
                case "label=disable", "label:disable" -> { } // what hostvirt always does: no SELinux label
                default -> throw new HostvirtException(Text.of("engine.error.run.securityOpt", o), 125);
            }
        }
        RunSpec.Network net = switch (network.toLowerCase(Locale.ROOT)) {
            case "none" -> RunSpec.Network.NONE;
            case "host" -> RunSpec.Network.HOST;
            default -> throw new HostvirtException(Text.of("engine.error.run.network", network), 125);
        };
        // The kernel takes a quota of 1 ms per 100 ms period at least: 0.01 CPUs, as podman says.
        int cpuCount = Runtime.getRuntime().availableProcessors();
        if (cpus != null && (cpus.isNaN() || (cpus != 0 && cpus < 0.01) || cpus < 0 || cpus > cpuCount * 64.0)) {
            throw new HostvirtException(Text.of("engine.error.run.cpus", cpus, cpuCount * 64), 125);
        }
        Long memoryBytes = memory == null ? null : parseSize(memory);
        if (memoryBytes != null && memoryBytes == 0) {
            memoryBytes = null; // podman's and docker's 0: no limit
        }
        if (memoryBytes != null && memoryBytes < MINIMUM_MEMORY) {
            // Below it crun failed with "OOM: the memory limit could be too low" and a socket error.
            throw new HostvirtException(Text.of("engine.error.run.memoryTooLow", memory), 125);
        }
        Long swapBytes = memorySwap(memoryBytes);
        if (pidsLimit != null && (pidsLimit < -1 || pidsLimit > RunSpec.MAX_PIDS_LIMIT)) {
            throw new HostvirtException(Text.of("engine.error.run.pidsLimit", pidsLimit), 125);
        }
        List<Rlimits.Limit> limits = new ArrayList<>();
        ulimits.forEach(u -> limits.add(Rlimits.parseOption(u)));
        String cwd = workdir == null || workdir.isEmpty() ? null : workdir; // '': the image's, as podman
        if (cwd != null) {
            absolute(cwd, "--workdir");
        }
        // Docker's rules; they also keep both out of harm's way in /etc/hosts (no spaces, no newlines).
        String named = name == null || name.isEmpty() ? null : name; // '': no name, as podman (the ID's prefix)
        if (named != null && !named.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}")) {
            throw new HostvirtException(Text.of("engine.error.run.name", named), 125);
        }
        // podman's leniency: an underscore (Linux takes it, though DNS names may not have it), and ''
        // for the default (the ID's first 12 characters). No spaces or newlines: it goes in /etc/hosts.
        String host = hostname == null || hostname.isEmpty() ? null : hostname;
        if (host != null && !host.matches("[a-zA-Z0-9]([a-zA-Z0-9._-]{0,63})")) { // the kernel's 64
            throw new HostvirtException(Text.of("engine.error.run.hostname", hostname), 125);
        }
        if (stopSignal != null) {
            dev.hostvirt.engine.container.StopSignal.checkOption(stopSignal); // at parse time, as podman's
        }
        return new RunSpec(image, named, allEnv, cwd, user, entrypoint, host, readOnly, vols, tmpfsMounts,
                memoryBytes, swapBytes, cpus != null && cpus == 0 ? null : cpus, pidsLimit, net, limits, runtime, seccomp, seccomp ? seccompProfile : null, nnp, commaSeparated(capAdd),
                commaSeparated(capDrop),
                args, remove, detach, interactive, tty, stopSignal);
    }

    /**
     * --security-opt seccomp=FILE: a profile in docker's, containers-common's or the OCI form, read
     * and checked now (podman reads it before it makes anything), as the default profile is used.
     */
    private String seccompProfile(String file) throws IOException {
        String json = OptionFile.read("seccomp=" + file, env.workingDirectory().resolve(file), "--security-opt");
        try {
            dev.hostvirt.engine.bundle.SeccompProfile.parse(json);
        } catch (HostvirtException e) {
            throw new HostvirtException(Text.of("engine.error.run.seccompProfile", file, e.asArgument()), 125);
        }
        return json;
    }

    /**
     * --memory-swap as podman and docker read it: memory and swap together, at least --memory, which it
     * needs; -1 for swap without limit; 0 or nothing for the default (twice --memory). Without it a
     * container under --memory could take as much of the host's swap as it liked.
     */
    private Long memorySwap(Long memoryBytes) {
        if (memorySwap == null || memorySwap.isEmpty()) {
            return null;
        }
        long swap = memorySwap.strip().equals("-1") ? RunSpec.UNLIMITED_SWAP : parseSize(memorySwap);
        if (swap == 0) {
            return null;
        }
        if (memoryBytes == null) {
            throw new HostvirtException(Text.of("engine.error.run.memorySwapAlone", memorySwap), 125);
        }
        if (swap != RunSpec.UNLIMITED_SWAP && swap < memoryBytes) {
            throw new HostvirtException(Text.of("engine.error.run.memorySwapBelowMemory", memorySwap, memory), 125);
        }
        return swap;
    }

    /** podman's reading of --cap-add and --cap-drop: each value may name several, comma-separated. */
    static List<String> commaSeparated(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            for (String one : v.split(",")) {
                if (!one.isBlank()) {
                    out.add(one.strip());
                }
            }
        }
        return out;
    }

    /**
     * {@code KEY=VALUE}, or {@code KEY} alone to pass this process's value (skipped when unset), as Docker
     * does, or {@code PREFIX*} for every one of this process's variables whose name starts with PREFIX
     * (podman's, in name order; {@code *} alone passes them all). A blank name ({@code =x},
     * {@code ' =x'}) is refused, as docker's and podman's ValidateEnv do; {@code -e ''} passes nothing,
     * as podman's.
     */
    static void addEnv(List<String> out, String e, Map<String, String> callerEnv) {
        if (e.isEmpty()) {
            return; // podman's: `-e "$EXTRA"` with EXTRA unset passes nothing
        }
        if (e.indexOf('\0') >= 0) {
            // No process can be given it (execve ends the string there): podman's runtime refused it at the start.
            // Named, not shown: the value may be a secret.
            throw new HostvirtException(Text.of("engine.error.run.envNul", e.split("[=\0]", 2)[0]), 125);
        }
        if (e.split("=", 2)[0].isBlank()) {
            throw new HostvirtException(Text.of("engine.error.run.env", e), 125);
        }
        if (e.contains("=")) {
            out.add(e);
        } else if (e.endsWith("*")) {
            String prefix = e.substring(0, e.length() - 1);
            new java.util.TreeMap<>(callerEnv).forEach((k, v) -> {
                if (k.startsWith(prefix)) {
                    out.add(k + "=" + v);
                }
            });
        } else if (callerEnv.containsKey(e)) {
            out.add(e + "=" + callerEnv.get(e));
        }
    }

    private RunSpec.Volume volume(String v) {
        String[] p = v.split(":", -1); // keeps a trailing empty part: `-v /src:/dst:` is refused, as podman does
        if (p.length < 2 || p.length > 3 || p[0].isEmpty()) {
            throw new HostvirtException(Text.of("engine.error.run.volume", v), 125);
        }
        boolean ro = false;
        List<String> options = new ArrayList<>();
        if (p.length == 3) {
            String[] opts = p[2].split(",", -1);
            for (String[] pair : VOLUME_EXCLUSIVE) {
                if (java.util.Arrays.stream(opts).filter(o -> o.equals(pair[0]) || o.equals(pair[1])).count() > 1) {
                    // podman's rule: `ro,rw` mounted it read-write (the last one won), quietly
                    throw new HostvirtException(Text.of("engine.error.run.volumeRoRw", v, pair[0], pair[1]), 125);
                }
            }
            if (java.util.Arrays.stream(opts).filter(RunSpec.Volume.PROPAGATIONS::contains).count() > 1) {
                throw new HostvirtException(Text.of("engine.error.run.volumePropagations", v), 125);
            }
            for (String opt : opts) {
                switch (opt) {
                    case "ro" -> ro = true;
                    case "rw" -> ro = false;
                    // SELinux relabelling: hostvirt gives containers no SELinux label (as label=disable),
                    // so there is nothing to relabel for; accepted as copied from podman's documentation.
                    case "z", "Z" -> { }
                    // rbind is the default; the rest are mount(8) flags and propagations the runtimes take as they are.
                    case "rbind" -> { }
                    case "bind", "nosuid", "suid", "nodev", "dev", "noexec", "exec", "private", "rprivate", "shared", "rshared",
                        "slave", "rslave" -> options.add(opt);
                    default -> throw new HostvirtException(Text.of("engine.error.run.volumeOption", opt), 125);
                }
            }
        }
        if (!p[0].startsWith("/") && !p[0].startsWith(".")) {
            // docker and podman read a source without / or . as a named volume: `-v data:/data` bind
            // mounted ./data from wherever hostvirt was started, which is not what was meant.
            throw new HostvirtException(Text.of("engine.error.run.namedVolume", p[0]), 125);
        }
        Path host = env.workingDirectory().resolve(p[0]).normalize();
        String destination = absolute(p[1], "-v");
        notOverRootOrProc(destination, "-v");
        return new RunSpec.Volume(host.toString(), destination, ro, options);
    }

    /**
     * A mount over the root or /proc hides what the container runs on (the runtime said "Invalid
     * argument" for /; /proc was accepted and hid the process table), whether -v or --tmpfs.
     */
    static void notOverRootOrProc(String destination, String option) {
        if (destination.equals("/") || destination.equals("/proc") || destination.startsWith("/proc/")) {
            throw new HostvirtException(Text.of("engine.error.run.volumeDestination", option, destination), 125);
        }
    }

    /** Options of a -v that say opposite things: podman took the last, quietly. */
    private static final String[][] VOLUME_EXCLUSIVE = {{"ro", "rw"}, {"bind", "rbind"}, {"nosuid", "suid"}, {"nodev", "dev"},
        {"noexec", "exec"}};

    /** podman's minimum (containers/common: 6 MB): a container's runtime and init need that much to start. */
    static final long MINIMUM_MEMORY = 6L << 20;

    static String absolute(String path, String option) {
        if (!path.startsWith("/") || Path.of(path).normalize().toString().contains("..")) {
            throw new HostvirtException(Text.of("engine.error.run.containerPath", option, path), 125);
        }
        return Path.of(path).normalize().toString();
    }

    /**
     * Docker's sizes, read as go-units' RAMInBytes (v0.5) reads them: a number (Go's ParseFloat:
     * {@code 512}, {@code 1.5}, {@code .5}, {@code 1e9}), an optional space, then nothing, {@code b},
     * or k, m, g, t or p (binary: 1k = 1024) with an optional {@code b} or {@code ib}, in any case:
     * {@code 512m}, {@code 1.5g}, {@code 1GiB}, {@code 1 t}. It refused 1t and 1GiB.
     */
    static long parseSize(String s) {
        int sep = -1;
        for (int i = s.length() - 1; i >= 0 && sep < 0; i--) {
            if ("0123456789. ".indexOf(s.charAt(i)) >= 0) {
                sep = i;
            }
        }
        if (sep < 0) {
            throw new HostvirtException(Text.of("engine.error.run.size", s), 125);
        }
        String number = s.charAt(sep) == ' ' ? s.substring(0, sep) : s.substring(0, sep + 1);
        String suffix = s.substring(sep + 1).toLowerCase(Locale.ROOT);
        int shift = suffix.isEmpty() || suffix.equals("b") ? 0 : switch (suffix.charAt(0)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            case 't' -> 40;
            case 'p' -> 50;
            default -> -1;
        };
        boolean suffixOk = shift == 0 || suffix.length() == 1 || suffix.substring(1).equals("b") || suffix.substring(1).equals("ib");
        java.math.BigDecimal bytes;
        try {
            // Go's ParseFloat takes no blanks around, and neither Java's d or f type suffixes nor words
            if (shift < 0 || !suffixOk || number.isEmpty() || number.strip().length() != number.length()
                    || !number.matches("[0-9.eE+-]+")) {
                throw new NumberFormatException(s);
            }
            bytes = new java.math.BigDecimal(number).multiply(java.math.BigDecimal.valueOf(2).pow(shift));
        } catch (NumberFormatException e) {
            throw new HostvirtException(Text.of("engine.error.run.size", s), 125);
        }
        if (bytes.signum() < 0 || bytes.compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new HostvirtException(Text.of("engine.error.run.size", s), 125);
        }
        return bytes.longValue();
    }

}
