package dev.hostvirt.cli;

import static dev.hostvirt.cli.OptionBinding.bound;

import dev.hostvirt.engine.Engine;
import dev.hostvirt.engine.bundle.OciConfigBuilder;
import dev.hostvirt.engine.image.Platform;
import dev.hostvirt.engine.runtime.CgroupMode;
import dev.hostvirt.engine.runtime.OciRuntime;
import dev.hostvirt.engine.runtime.RuntimeSelector;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Options and wiring shared by the engine commands: where the engine keeps its state. */
public final class EngineOptions implements OptionGroup {
    private Path stateDir;

    @Override
    public void addTo(CommandSpec spec) {
        spec.addOption(bound(OptionSpec.builder("--state-dir").type(Path.class).paramLabel("DIR").descriptionKey("state-dir"),
                () -> stateDir, v -> stateDir = v));
    }

    /** {@code --state-dir} as given, or null. */
    Path stateDir() {
        return stateDir;
    }

    public Engine engine(CliEnvironment env) {
        return Engine.open(Engine.stateDir(stateDir, env.env(), env.workingDirectory()));
    }

    /** {@code --runtime}, else {@code HOSTVIRT_RUNTIME}, else the selector's choice. */
    public static OciRuntime runtime(Engine engine, CliEnvironment env, String forced) {
        String choice = forced;
        if (choice == null) {
            String fromEnv = env.env().get("HOSTVIRT_RUNTIME");
            choice = fromEnv == null || fromEnv.isBlank() ? null : fromEnv;
        }
        return selector(engine, env).select(choice);
    }

    /** Runtimes by name, for containers that exist: each one's own (null: the default, as for a new one). */
    public static Function<String, OciRuntime> runtimes(Engine engine, CliEnvironment env) {
        return name -> name == null ? runtime(engine, env, null) : selector(engine, env).select(name);
    }

    private static RuntimeSelector selector(Engine engine, CliEnvironment env) {
        return new RuntimeSelector(engine.stateDir(), CgroupMode.detect(Path.of("/sys/fs/cgroup")), env.env().get("PATH"));
    }

    /** The host facts the generated config.json depends on. */
    public static OciConfigBuilder.HostFacts hostFacts() {
        List<String> thermal = new ArrayList<>();
        // containers/common getMaskedPaths: /sys/devices/system/cpu/cpu*/thermal_throttle, globbed on the host.
        Path cpus = Path.of("/sys/devices/system/cpu");
        if (Files.isDirectory(cpus)) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(cpus, "cpu*")) {
                for (Path c : s) {
                    if (Files.isDirectory(c.resolve("thermal_throttle"))) {
                        thermal.add(c.resolve("thermal_throttle").toString());
                    }
                }
            } catch (IOException e) {
                // not masked if it cannot be listed: it is not readable either
            }
        }
        return new OciConfigBuilder.HostFacts(CgroupMode.detect(Path.of("/sys/fs/cgroup")) == CgroupMode.UNIFIED,
                Platform.host().architecture(), System.getProperty("os.version", ""), thermal,
                dev.hostvirt.engine.runtime.SwapLimit.supported(Path.of("/sys/fs/cgroup")));
    }
}
