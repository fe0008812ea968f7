package dev.hostvirt.cli;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.engine.Engine;
import dev.hostvirt.engine.bundle.Rlimits;
import dev.hostvirt.engine.bundle.RunSpec;
import dev.hostvirt.engine.container.ContainerRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hostvirt run}: runs a command in a new container from a local image. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        modelTransformer = StopAtPositional.class)
public final class RunCommand implements EngineCommand, Callable<Integer> {
    private final CliEnvironment env;

    @Mixin
    EngineOptions engineOptions;

    @Mixin
    RegistryPullOptions registry;
    @Option(names = "--pull", paramLabel = "missing|always|never", descriptionKey = "run.pull")
    String pull = "missing";
    @Option(names = {"-q", "--quiet"}, descriptionKey = "run.quiet")
    boolean quiet;

    @Option(names = "--rm", descriptionKey = "run.rm")
    boolean remove;
    @Option(names = {"-d", "--detach"}, descriptionKey = "run.detach")
    boolean detach;
    @Option(names = "--name", paramLabel = "NAME", descriptionKey = "run.name")
    String name;
    @Option(names = {"-e", "--env"}, paramLabel = "KEY=VALUE", descriptionKey = "run.env")
    List<String> envs = new ArrayList<>();
    @Option(names = "--env-file", paramLabel = "FILE", descriptionKey = "run.env-file")
    List<Path> envFiles = new ArrayList<>();
    @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", descriptionKey = "run.workdir")
    String workdir;
    @Option(names = {"-u", "--user"}, paramLabel = "USER[:GROUP]", descriptionKey = "run.user")
    String user;
    @Option(names = "--entrypoint", paramLabel = "CMD", descriptionKey = "run.entrypoint")
    String entrypoint;
    @Option(names = "--hostname", paramLabel = "NAME", descriptionKey = "run.hostname")
    String hostname;
    @Option(names = "--read-only", descriptionKey = "run.read-only")
    boolean readOnly;
    @Option(names = {"-v", "--volume"}, paramLabel = "HOST:CTR[:ro]", descriptionKey = "run.volume")
    List<String> volumes = new ArrayList<>();
    @Option(names = "--tmpfs", paramLabel = "PATH", descriptionKey = "run.tmpfs")
    List<String> tmpfs = new ArrayList<>();
    @Option(names = {"-m", "--memory"}, paramLabel = "SIZE", descriptionKey = "run.memory")
    String memory;
    @Option(names = "--cpus", paramLabel = "N", descriptionKey = "run.cpus")
    Double cpus;
    @Option(names = "--pids-limit", paramLabel = "N", descriptionKey = "run.pids-limit")
    Long pidsLimit;
    @Option(names = {"--network", "--net"}, paramLabel = "none|host", descriptionKey = "run.network")
    String network = "none";
    @Option(names = "--ulimit", paramLabel = "NAME=SOFT[:HARD]", descriptionKey = "run.ulimit")
    List<String> ulimits = new ArrayList<>();
    @Option(names = "--runtime", paramLabel = "runc|crun", descriptionKey = "run.runtime")
    String runtime;
    @Option(names = "--security-opt", paramLabel = "OPT", descriptionKey = "run.security-opt")
    List<String> securityOpts = new ArrayList<>();
    @Option(names = "--cap-add", paramLabel = "CAP", descriptionKey = "run.cap-add")
    List<String> capAdd = new ArrayList<>();
    @Option(names = "--cap-drop", paramLabel = "CAP", descriptionKey = "run.cap-drop")
    List<String> capDrop = new ArrayList<>();
    @Parameters(index = "0", paramLabel = "IMAGE", descriptionKey = "run.image")
    String image;
    @Parameters(index = "1..*", paramLabel = "CMD", descriptionKey = "run.cmd")
    List<String> args = new ArrayList<>();

    RunCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws IOException {
        Engine engine = engineOptions.engine(env);
        RunSpec spec = spec();
        new RunPull(env, registry, quiet).ensure(engine, image, pull);
        ContainerRunner runner = new ContainerRunner(engine, EngineOptions.runtime(engine, env, runtime), EngineOptions.hostFacts(), env.clock());
        int code = runner.run(spec, env.out(), env.err());
        env.out().flush();
        env.err().flush();
        return code;
    }

    RunSpec spec() throws IOException {
        List<String> allEnv = new ArrayList<>();
        for (Path f : envFiles) {
            Path p = env.workingDirectory().resolve(f);
            if (!Files.isRegularFile(p)) {
                throw new HostvirtException("env file " + f + " does not exist", 125);
            }
            for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                String l = line.strip();
                if (!l.isEmpty() && !l.startsWith("#")) {
                    addEnv(allEnv, l);
                }
            }
        }
        envs.forEach(e -> addEnv(allEnv, e));
        List<RunSpec.Volume> vols = new ArrayList<>();
        for (String v : volumes) {
            vols.add(volume(v));
        }
        for (String t : tmpfs) {
            absolute(t, "--tmpfs");
        }
        boolean seccomp = true;
        boolean nnp = true;
        for (String o : securityOpts) {
            switch (o) {
                case "seccomp=unconfined" -> seccomp = false;
                case "no-new-privileges", "no-new-privileges=true", "no-new-privileges:true" -> nnp = true;
                case "no-new-privileges=false", "no-new-privileges:false" -> nnp = false;
                default -> throw new HostvirtException("unsupported --security-opt '" + o
                        + "' (seccomp=unconfined, no-new-privileges[=true|false])", 125);
            }
        }
        RunSpec.Network net = switch (network.toLowerCase(Locale.ROOT)) {
            case "none" -> RunSpec.Network.NONE;
            case "host" -> RunSpec.Network.HOST;
            default -> throw new HostvirtException("unsupported --network '" + network + "' (none or host)", 125);
        };
        if (cpus != null && (cpus <= 0 || cpus > Runtime.getRuntime().availableProcessors() * 64.0)) {
            throw new HostvirtException("invalid --cpus " + cpus, 125);
        }
        if (pidsLimit != null && pidsLimit < -1) {
            throw new HostvirtException("invalid --pids-limit " + pidsLimit, 125);
        }
        List<Rlimits.Limit> limits = new ArrayList<>();
        ulimits.forEach(u -> limits.add(Rlimits.parseOption(u)));
        if (workdir != null) {
            absolute(workdir, "--workdir");
        }
        // Docker's rules; they also keep both out of harm's way in /etc/hosts (no spaces, no newlines).
        if (name != null && !name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}")) {
            throw new HostvirtException("invalid container name '" + name + "' (letters, digits, _ . -)", 125);
        }
        if (hostname != null && !hostname.matches("[a-zA-Z0-9]([a-zA-Z0-9.-]{0,62})")) {
            throw new HostvirtException("invalid hostname '" + hostname + "'", 125);
        }
        return new RunSpec(image, name, allEnv, workdir, user, entrypoint, hostname, readOnly, vols, tmpfs,
                memory == null ? null : parseSize(memory), cpus, pidsLimit, net, limits, runtime, seccomp, nnp, capAdd, capDrop,
                args, remove, detach);
    }

    /** {@code KEY=VALUE}, or {@code KEY} alone to pass this process's value (skipped when unset), as Docker does. */
    private void addEnv(List<String> out, String e) {
        if (e.startsWith("=")) {
            throw new HostvirtException("invalid environment variable '" + e + "'", 125);
        }
        if (e.contains("=")) {
            out.add(e);
        } else if (env.env().containsKey(e)) {
            out.add(e + "=" + env.env().get(e));
        }
    }

    private RunSpec.Volume volume(String v) {
        String[] p = v.split(":");
        if (p.length < 2 || p.length > 3 || p[0].isEmpty()) {
            throw new HostvirtException("invalid volume '" + v + "' (expected HOST:CONTAINER[:ro|rw])", 125);
        }
        boolean ro = false;
        if (p.length == 3) {
            for (String opt : p[2].split(",")) {
                switch (opt) {
                    case "ro" -> ro = true;
                    case "rw" -> ro = false;
                    default -> throw new HostvirtException("unsupported volume option '" + opt + "' (ro or rw)", 125);
                }
            }
        }
        Path host = env.workingDirectory().resolve(p[0]).normalize();
        return new RunSpec.Volume(host.toString(), absolute(p[1], "-v"), ro);
    }

    private static String absolute(String path, String option) {
        if (!path.startsWith("/") || Path.of(path).normalize().toString().contains("..")) {
            throw new HostvirtException(option + " needs an absolute container path without '..': " + path, 125);
        }
        return Path.of(path).normalize().toString();
    }

    /** Docker's sizes: a number of bytes with an optional b, k, m or g suffix (binary units). */
    static long parseSize(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("b") && t.length() > 1 && Character.isLetter(t.charAt(t.length() - 2))) {
            t = t.substring(0, t.length() - 1);
        }
        long mult = 1;
        char last = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
        switch (last) {
            case 'b' -> t = t.substring(0, t.length() - 1);
            case 'k' -> { mult = 1L << 10; t = t.substring(0, t.length() - 1); }
            case 'm' -> { mult = 1L << 20; t = t.substring(0, t.length() - 1); }
            case 'g' -> { mult = 1L << 30; t = t.substring(0, t.length() - 1); }
            default -> { }
        }
        try {
            double v = Double.parseDouble(t);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return (long) (v * mult);
        } catch (NumberFormatException e) {
            throw new HostvirtException("invalid size '" + s + "' (e.g. 512m, 1g)", 125);
        }
    }
}
