package dev.hostvirt.cli;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * What every annotated engine command (ps, logs, stop, rm, exec, inspect, images, image ...) shares:
 * the environment it writes to, the engine's options (--state-dir, --runtime) and the help options.
 * Its own options stay on the subclass, where picocli reads their annotations.
 */
abstract class EngineSubcommand implements EngineCommand, Callable<Integer>, HasOptionGroups {
    final CliEnvironment env;
    final EngineOptions engineOptions = new EngineOptions();

    EngineSubcommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public List<OptionGroup> optionGroups() {
        return List.of(engineOptions, StandardHelpOptions.INSTANCE);
    }
}
