package dev.hostvirt.cli;

import static dev.hostvirt.cli.OptionBinding.bound;

import dev.hostvirt.engine.registry.RegistriesConfig;
import dev.hostvirt.engine.registry.RegistryOptions;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** How to reach a registry (TLS and trust): shared by pull, login and run's pulls. */
public final class RegistryTlsOptions implements OptionGroup {
    private boolean tlsVerify = true;
    private Path caBundle;
    private Path certDir;

    @Override
    public void addTo(CommandSpec spec) {
        spec.addOption(bound(OptionSpec.builder("--tls-verify").type(boolean.class).initialValue(true).arity("0..1").fallbackValue("true")
                .defaultValue("true").paramLabel("true|false").descriptionKey("pull.tls-verify"),
                () -> tlsVerify, v -> tlsVerify = v));
        spec.addOption(bound(OptionSpec.builder("--ca-bundle").type(Path.class).paramLabel("FILE").descriptionKey("pull.ca-bundle"),
                () -> caBundle, v -> caBundle = v));
        spec.addOption(bound(OptionSpec.builder("--cert-dir").type(Path.class).paramLabel("DIR").descriptionKey("pull.cert-dir"),
                () -> certDir, v -> certDir = v));
    }

    /** The options with hostvirt's list of insecure registries (registries.properties) applied. */
    public RegistryOptions registryOptions(CliEnvironment env) {
        return new RegistryOptions(tlsVerify, RegistriesConfig.insecureRegistries(RegistriesConfig.location(env.env())),
                resolve(env, caBundle), resolve(env, certDir), Optional.empty(), 3);
    }

    private static Path resolve(CliEnvironment env, Path p) {
        return p == null ? null : env.workingDirectory().resolve(p);
    }
}
