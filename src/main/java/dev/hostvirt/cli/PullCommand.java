package dev.hostvirt.cli;

import static dev.hostvirt.cli.OptionBinding.bound;

import dev.hostvirt.engine.EnginePullDestination;
import dev.hostvirt.engine.layer.UnpackEvents;
import dev.hostvirt.engine.image.ImageNames;
import dev.hostvirt.engine.registry.ImageReference;
import dev.hostvirt.engine.registry.PullPolicy;
import dev.hostvirt.engine.registry.PulledImage;
import dev.hostvirt.i18n.Messages;
import dev.hostvirt.report.progress.TerminalImageProgress;
import java.util.concurrent.Callable;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code hostvirt pull}: fetches an image from its registry into the engine's store. Progress goes
 * to stderr; stdout gets only the pulled manifest's digest, so scripts can capture it (as podman
 * prints the image ID). The image is unpacked before the pull succeeds, so that a refused layer fails
 * the pull, not a later run.
 */
public final class PullCommand implements EngineCommand, Callable<Integer>, DeclaredInCode {
    private final CliEnvironment env;
    private final RegistryPullOptions registry = new RegistryPullOptions();
    private final EngineOptions engineOptions = new EngineOptions();
    private boolean quiet;
    private String image;

    PullCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public CommandSpec spec(IFactory factory) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(this, factory).name("pull");
        registry.addTo(spec);
        spec.addOption(bound(OptionSpec.builder("-q", "--quiet").type(boolean.class).initialValue(false)
                .descriptionKey("pull.quiet"), () -> quiet, v -> quiet = v));
        spec.addPositional(bound(PositionalParamSpec.builder().index("0").arity("1").required(true).type(String.class).paramLabel("IMAGE")
                .descriptionKey("pull.image"), () -> image, v -> image = v));
        engineOptions.addTo(spec);
        StandardHelpOptions.INSTANCE.addTo(spec);
        return DeclaredInCode.withUsage(spec, true);
    }

    @Override
    public Integer call() {
        ImageNames.requireNamable(image); // the pulled image would be named so
        ImageReference reference = ImageReference.parse(image);
        Messages m = Messages.forLocale(env.locale());
        // Warnings (a device node skipped) even with -q, which quiets only the progress.
        UnpackEvents warnings = w -> env.err().println("hostvirt: " + m.get("engine.warning", w));
        TerminalImageProgress progress = !quiet && env.errTerminal()
                ? new TerminalImageProgress(env.err(), m, env.clock(), warnings::warn, env.errColumns()) : null;
        PulledImage pulled;
        try {
            pulled = registry.pull(env, reference, PullPolicy.ALWAYS, false, quiet, () -> EnginePullDestination.forPull(
                    engineOptions.stateDir(), env.env(), env.workingDirectory(), progress != null ? progress : warnings)).orElseThrow();
        } finally {
            if (progress != null) {
                progress.finish();
            }
        }
        env.out().println(pulled.manifestDigest());
        env.out().flush();
        return ExitCodes.OK;
    }
}
