package dev.hostvirt.cli;

import dev.hostvirt.host.LiveHosts;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The training run for the class-data-sharing archives (linux/build-cds.sh): runs the common commands
 * in one JVM so that their classes, not only check's, start from the archive. Everything it runs only
 * reads this machine; engine commands see an empty state directory of their own, deleted afterwards,
 * and pull from a {@link TrainingRegistry} on 127.0.0.1 (no network).
 * Not a user command: it is started with {@code java -cp hostvirt.jar dev.hostvirt.cli.StartupTraining}.
 */
public final class StartupTraining {
    private static final List<List<String>> RUNS = List.of(
            List.of("check"), List.of("check", "--json", "--verbose"), List.of("facts"), List.of("facts", "--json"),
            List.of("sources"), List.of("images"), List.of("ps", "-a"), List.of("run", "--help"),
            List.of("pull", "--help"), List.of("image", "import", "--help"), List.of("switch", "--help"),
            List.of("status"), List.of("check", "--help"), List.of("--help"), List.of("--version"));

    private StartupTraining() {
    }

    /**
     * The check archives' training: the main job and nothing else, one archive per output (text, and
     * --json, which needs Jackson). An archive holding both cost the text report ~15 ms to map and load
     * Jackson's classes it never uses.
     */
    private static final Map<String, List<List<String>>> CHECK_RUNS = Map.of(
            "check", List.of(List.of("check")),
            "check-json", List.of(List.of("check", "--json")));

    public static void main(String[] args) throws IOException {
        Path state = Files.createTempDirectory("hostvirt-training");
        boolean succeeded;
        try {
            succeeded = train(args.length > 0 ? args[0] : "", state);
        } finally {
            try (Stream<Path> walk = Files.walk(state)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        // An archive trained on a pull or run that failed early holds less than the general one: the
        // exit status tells linux/build-cds.sh not to keep it. (check's own exit code is its findings.)
        if (!succeeded) {
            System.exit(1);
        }
    }

    /** Trains one family (empty: the general archive); false when a run that must succeed did not. */
    static boolean train(String family, Path state) throws IOException {
        Map<String, String> env = Map.of("HOSTVIRT_STATE_DIR", state.toString(), "NO_COLOR", "1");
        if (CHECK_RUNS.containsKey(family)) {
            execute(CHECK_RUNS.get(family), env);
            return true;
        }
        if (family.equals("run")) {
            return allZero(trainRun(state, env));
        }
        if (family.equals("image")) {
            // The image archive: an import that stores and unpacks a layer, then the listing and the
            // removal. (The general archive's training imports nothing: an import loaded its store,
            // tar, hashing and unpack classes from the jar, ~60 ms of a busybox import's ~240.)
            Path layout = TrainingLayout.write(state.resolve("layout"));
            return allZero(execute(List.of(List.of("image", "import", layout.toString()), List.of("image", "ls"),
                    List.of("image", "rm", TrainingLayout.NAME)), env));
        }
        if (family.equals("pull")) {
            // The pull archive: a pull that downloads, then the same pull with every blob stored.
            // The general archive's other commands cost a pull ~15 ms more to map than they save.
            try (TrainingRegistry registry = TrainingRegistry.start()) {
                return allZero(execute(List.of(List.of("pull", "--tls-verify=false", registry.reference()),
                        List.of("pull", "-q", "--tls-verify=false", registry.reference())), env));
            }
        }
        // `pull --help` loads none of what a pull runs (HTTP, TLS, manifest JSON, the store and the
        // engine's index): one real pull from a registry served here on 127.0.0.1 does.
        try (TrainingRegistry registry = TrainingRegistry.start()) {
            List<List<String>> runs = new ArrayList<>(RUNS);
            runs.add(List.of("pull", "--tls-verify=false", registry.reference()));
            runs.add(List.of("images"));
            runs.add(List.of("run", "--rm", "--pull=never", "training/absent", "true"));
            execute(runs, env);
        }
        return true;
    }

    private static boolean allZero(List<Integer> codes) {
        return !codes.isEmpty() && codes.stream().allMatch(code -> code == 0);
    }

    /**
     * The run archive: a whole {@code run --rm} of the training image (as root: the root file system
     * mounted, the bundle written, the runtime started, the container cleaned up) with a stand-in for
     * the runtime that starts nothing, so that no container runs at build time. Trained on a run that
     * fails early instead (not root), the archive would be smaller than the general one but slower for
     * a real run, so linux/build-cds.sh asks for it only as root. Measured: a real run 213 -> 178 ms.
     */
    static List<Integer> trainRun(Path state, Map<String, String> base) throws IOException {
        Path bin = Files.createDirectories(state.resolve("training-runtime"));
        // Writes the pid file a runtime writes for `run --pid-file F` (its own pid), then exits 0.
        String standIn = "#!/bin/sh\n"
                + "pidfile=\n"
                + "while [ $# -gt 0 ]; do case $1 in --pid-file) pidfile=$2; shift ;; esac; shift; done\n"
                + "[ -z \"$pidfile\" ] || echo $$ > \"$pidfile\"\n";
        for (String runtime : List.of("crun", "runc")) {
            Path program = bin.resolve(runtime);
            Files.writeString(program, standIn);
            if (!program.toFile().setExecutable(true)) {
                return List.of();
            }
        }
        Map<String, String> env = new HashMap<>(base);
        env.put("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"));
        env.put("HOSTVIRT_STATE_DIR", state.resolve("engine").toString());
        try (TrainingRegistry registry = TrainingRegistry.start()) {
            return execute(List.of(List.of("pull", "-q", "--tls-verify=false", registry.reference()),
                    List.of("run", "--rm", "--pull=never", registry.reference(), "/bin/true"),
                    List.of("run", "--rm", "--pull=never", "-e", "A=b", "-w", "/", "--read-only", registry.reference(), "/bin/true"),
                    List.of("ps", "-a")), env);
        }
    }

    /** Runs each command line in this JVM, output discarded; their exit codes, in order. */
    private static List<Integer> execute(List<List<String>> runs, Map<String, String> env) {
        List<Integer> codes = new ArrayList<>();
        for (List<String> run : runs) {
            PrintWriter sink = new PrintWriter(Writer.nullWriter());
            CliEnvironment environment = new CliEnvironment(sink, sink, env, Locale.getDefault(), false,
                    LiveHosts::current, Clock.systemUTC(), Path.of("").toAbsolutePath());
            String[] argv = run.toArray(String[]::new);
            // What Main does before the command line, so that its classes are archived too (the
            // console lookup alone loads providers from two other modules).
            CliEnvironment.system();
            Main.languageOption(argv);
            EarlyProbing.worthIt(argv);
            StartupWarmUp.start(argv);
            codes.add(CommandLineFactory.create(environment, argv).execute(argv));
        }
        return codes;
    }
}
