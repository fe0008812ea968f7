package dev.hostvirt.cli;

import dev.hostvirt.engine.registry.DockerConfigFile;
import dev.hostvirt.engine.registry.ImageReference;
import dev.hostvirt.i18n.Messages;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code hostvirt logout}: removes a registry's credentials from docker's config file. An engine
 * command, so that its usage errors exit 125 like login's and podman's (they exited 2).
 */
@Command(name = "logout", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true)
public final class LogoutCommand implements EngineCommand, Callable<Integer> {
    private final CliEnvironment env;

    @Parameters(index = "0", arity = "0..1", paramLabel = "REGISTRY", defaultValue = "docker.io", descriptionKey = "logout.registry")
    String registry;

    LogoutCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        String host = ImageReference.registryHost(registry);
        DockerConfigFile config = DockerConfigFile.locate(env.env());
        Messages messages = Messages.forLocale(env.locale());
        // As docker: logging out of a registry one is not logged into is not an error, and a credential
        // helper that fails to erase is a warning.
        DockerConfigFile.Erasure erased = config.erase(host);
        if (erased.helperFailure() != null) {
            env.err().println("hostvirt: " + messages.get("engine.warning", erased.helperFailure().message(messages)));
            env.err().flush();
        }
        String key = erased.removed() ? "pull.logout.removed" : "pull.logout.none";
        env.out().println(messages.get(key, host, config.placeOf(host)));
        env.out().flush();
        return ExitCodes.OK;
    }
}
