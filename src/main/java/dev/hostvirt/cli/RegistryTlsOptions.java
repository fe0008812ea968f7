package dev.hostvirt.cli;

import dev.hostvirt.engine.registry.RegistriesConfig;
import dev.hostvirt.engine.registry.RegistryOptions;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** How to reach a registry (TLS and trust): shared by pull, login and run's pulls. */
public final class RegistryTlsOptions {
    @Option(names = "--tls-verify", arity = "0..1", fallbackValue = "true", defaultValue = "true", paramLabel = "true|false",
            descriptionKey = "pull.tls-verify")
    boolean tlsVerify = true;

    @Option(names = "--ca-bundle", paramLabel = "FILE", descriptionKey = "pull.ca-bundle")
    Path caBundle;

    @Option(names = "--cert-dir", paramLabel = "DIR", descriptionKey = "pull.cert-dir")
    Path certDir;

    /** The options with hostvirt's list of insecure registries (registries.properties) applied. */
    public RegistryOptions registryOptions(CliEnvironment env) {
        return new RegistryOptions(tlsVerify, RegistriesConfig.insecureRegistries(RegistriesConfig.location(env.env())),
                resolve(env, caBundle), resolve(env, certDir), Optional.empty(), 3);
    }

    private static Path resolve(CliEnvironment env, Path p) {
        return p == null ? null : env.workingDirectory().resolve(p);
    }
}
