package dev.hostvirt.cli;

import static dev.hostvirt.cli.OptionBinding.bound;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.engine.registry.Credentials;
import dev.hostvirt.engine.registry.DockerConfigFile;
import dev.hostvirt.engine.registry.ImagePuller;
import dev.hostvirt.engine.registry.ImageReference;
import dev.hostvirt.engine.registry.Platform;
import dev.hostvirt.engine.registry.PullDestination;
import dev.hostvirt.engine.registry.PullListener;
import dev.hostvirt.engine.registry.PullPolicy;
import dev.hostvirt.engine.registry.PulledImage;
import dev.hostvirt.engine.registry.RegistryOptions;
import dev.hostvirt.i18n.Messages;
import dev.hostvirt.i18n.Text;
import dev.hostvirt.report.progress.LinePullProgress;
import dev.hostvirt.report.progress.TerminalPullProgress;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The registry options every pulling command shares ({@code pull}, and {@code run} for its
 * {@code --pull}); {@link #pull} is the one entry point both use.
 */
public final class RegistryPullOptions implements OptionGroup {
    private final RegistryTlsOptions tls = new RegistryTlsOptions();
    private String platform;
    private String creds;

    @Override
    public void addTo(CommandSpec spec) {
        spec.addOption(bound(OptionSpec.builder("--platform").type(String.class).paramLabel("OS/ARCH[/VARIANT]")
                .descriptionKey("pull.platform"), () -> platform, v -> platform = v));
        tls.addTo(spec);
        spec.addOption(bound(OptionSpec.builder("--creds").type(String.class).paramLabel("USER:PASSWORD")
                .descriptionKey("pull.creds"), () -> creds, v -> creds = v));
    }

    /** The platform asked for, or the host's. */
    public Platform platform() {
        return platform == null ? Platform.host() : Platform.parse(platform);
    }

    public RegistryOptions registryOptions(CliEnvironment env) {
        RegistryOptions options = tls.registryOptions(env);
        if (creds != null) {
            int colon = creds.indexOf(':');
            if (colon <= 0) {
                throw new HostvirtException(Text.of("pull.error.creds"), ExitCodes.ENGINE_ERROR);
            }
            options = options.withCredentials(new Credentials(creds.substring(0, colon), creds.substring(colon + 1)));
        }
        return options;
    }

    /**
     * Pulls {@code reference} into {@code into} (opened only when a pull is needed) when {@code policy}
     * asks for it ({@code run --pull=missing|always|never}); progress goes to stderr unless {@code quiet}.
     *
     * @param presentLocally whether the engine already has the image under this reference
     * @return the pulled image, or empty when the local one is used
     */
    public Optional<PulledImage> pull(CliEnvironment env, ImageReference reference, PullPolicy policy,
            boolean presentLocally, boolean quiet, Supplier<PullDestination> into) {
        if (!policy.needsPull(reference, presentLocally)) {
            return Optional.empty();
        }
        Platform wanted = platform();
        RegistryOptions options = registryOptions(env);
        PullDestination destination = into.get();
        DockerConfigFile credentials = DockerConfigFile.locate(env.env());
        ImagePuller puller = new ImagePuller(destination.store(), destination.images(), options, credentials::lookup,
                listener(env, quiet));
        return Optional.of(puller.pull(reference, wanted));
    }

    private static PullListener listener(CliEnvironment env, boolean quiet) {
        if (quiet) {
            return PullListener.NONE;
        }
        Messages messages = Messages.forLocale(env.locale());
        return env.errTerminal() ? new TerminalPullProgress(env.err(), messages, env.clock(), env.errColumns())
                : new LinePullProgress(env.err(), messages, env.clock());
    }
}
