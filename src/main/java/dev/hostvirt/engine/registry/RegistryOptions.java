package dev.hostvirt.engine.registry;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * How to reach registries.
 *
 * @param tlsVerify false = {@code --tls-verify=false}: every registry may use HTTP or unverified HTTPS
 * @param insecureRegistries registries the user marked insecure in hostvirt's config ({@code host[:port]})
 * @param caBundle extra trusted CA certificates (PEM), on top of the system's; null for none
 * @param certDir a directory whose {@code *.crt} files are extra trusted CAs (podman's --cert-dir); null for none
 * @param credentials given on the command line; when empty the docker config file is read
 * @param parallelDownloads how many blobs download at once (docker's max-concurrent-downloads is 3)
 */
public record RegistryOptions(boolean tlsVerify, Set<String> insecureRegistries, Path caBundle, Path certDir,
        Optional<Credentials> credentials, int parallelDownloads) {

    public RegistryOptions {
        insecureRegistries = Set.copyOf(insecureRegistries);
        if (parallelDownloads < 1) {
            parallelDownloads = 1;
        }
    }

    public static RegistryOptions defaults() {
        return new RegistryOptions(true, Set.of(), null, null, Optional.empty(), 3);
    }

    public boolean insecure(String registry) {
        return !tlsVerify || insecureRegistries.contains(registry);
    }

    public RegistryOptions withCredentials(Credentials c) {
        return new RegistryOptions(tlsVerify, insecureRegistries, caBundle, certDir, Optional.ofNullable(c), parallelDownloads);
    }

    public RegistryOptions withTlsVerify(boolean verify) {
        return new RegistryOptions(verify, insecureRegistries, caBundle, certDir, credentials, parallelDownloads);
    }
}
