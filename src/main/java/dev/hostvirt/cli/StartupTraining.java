package dev.hostvirt.cli;

import dev.hostvirt.host.LiveHosts;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

    /** The argument that makes this class import and first run the run archive's image (another JVM). */
    static final String RUN_IMAGE = "run-image";

    public static void main(String[] args) throws IOException {
        if (args.length == 2 && args[0].equals(RUN_IMAGE)) {
            System.exit(allZero(prepareRunImage(Path.of(args[1]))) ? 0 : 1);
        }
        Path state = stateDirectory();
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

    /**
     * A new private directory for the training's state. Not Files.createTempDirectory: its SecureRandom
     * would set up the JDK's security providers in the recording JVM, and their classes would go into
     * the archive, which every command then loads at start without using them.
     */
    private static Path stateDirectory() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        for (int attempt = 0; ; attempt++) {
            Path dir = tmp.resolve("hostvirt-training-" + ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime()));
            try {
                return Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (java.nio.file.FileAlreadyExistsException taken) {
                if (attempt == 10) {
                    throw taken;
                }
            } catch (UnsupportedOperationException notPosix) {
                return Files.createDirectory(dir);
            }
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
     * The run archive: a whole {@code run --rm} of an image already imported and unpacked (as root:
     * the root file system mounted, the bundle written, the runtime started, the container cleaned up)
     * with a stand-in for the runtime that starts nothing, so that no container runs at build time.
     * Trained on a run that fails early instead (not root), the archive would be smaller than the
     * general one but slower for a real run, so linux/build-cds.sh asks for it only as root. Measured:
     * a real run 213 -> 178 ms.
     * <p>Another JVM imports and first runs the image (which unpacks it): JDK 25 loads every class of
     * an AOT cache at start, and the registry client, the HTTP server of the training, the import and
     * the unpack (~750 classes) cost each run ~7 ms to load while a run of an image that is here uses
     * none of them. A first run, or one that pulls, loads those from the jar. The image has two
     * layers, as most do: a run then mounts both and hashes their chain ID (libcrypto's SHA-256).
     */
    static List<Integer> trainRun(Path state, Map<String, String> base) throws IOException {
        Map<String, String> env = runEnvironment(state, base);
        if (env == null || !preparedInAnotherJvm(state)) {
            return List.of();
        }
        String image = TrainingLayout.RUNNABLE_NAME;
        return execute(List.of(List.of("run", "--rm", "--pull=never", image, "/bin/true"),
                List.of("run", "--rm", "--pull=never", "-e", "A=b", "-w", "/", "--read-only", image, "/bin/true")), env);
    }

    /** What the run training's commands see: the engine's state under {@code state}, the stand-in runtimes first on PATH. */
    private static Map<String, String> runEnvironment(Path state, Map<String, String> base) throws IOException {
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
                return null;
            }
        }
        Map<String, String> env = new HashMap<>(base);
        env.put("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"));
        env.put("HOSTVIRT_STATE_DIR", state.resolve("engine").toString());
        return env;
    }

    /**
     * Starts this JVM's java on {@link #RUN_IMAGE} and {@code state}; whether the image is ready. A
     * child that hangs is killed, and waited for, before the state directory it may have mounts in is
     * deleted.
     */
    private static boolean preparedInAnotherJvm(Path state) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String property : List.of("jna.boot.library.path", "jna.platform.library.path")) {
            String value = System.getProperty(property);
            if (value != null) {
                cmd.add("-D" + property + "=" + value);
            }
        }
        cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-cp", classPath(), StartupTraining.class.getName(), RUN_IMAGE,
                state.toString()));
        // Its errors on this process's stderr (its commands print to null writers anyway).
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            if (p.waitFor(5, TimeUnit.MINUTES)) {
                return p.exitValue() == 0;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        p.destroyForcibly();
        try {
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** This JVM's class path, or the jar or directory this class came from when it has none. */
    private static String classPath() {
        String cp = System.getProperty("java.class.path", "");
        if (!cp.isEmpty()) {
            return cp;
        }
        try {
            return Path.of(StartupTraining.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return cp;
        }
    }

    /** In the other JVM: imports the run training's image and runs it once, which unpacks it. */
    static List<Integer> prepareRunImage(Path state) throws IOException {
        Map<String, String> env = runEnvironment(state, Map.of("NO_COLOR", "1"));
        if (env == null) {
            return List.of();
        }
        Path layout = TrainingLayout.writeRunnable(state.resolve("run-layout"));
        return execute(List.of(List.of("image", "import", layout.toString()),
                List.of("run", "--rm", "--pull=never", TrainingLayout.RUNNABLE_NAME, "/bin/true")), env);
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
