package dev.hostvirt.cli;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.engine.registry.Credentials;
import dev.hostvirt.engine.registry.DockerConfigFile;
import dev.hostvirt.engine.registry.ImageReference;
import dev.hostvirt.engine.registry.RegistryClient;
import dev.hostvirt.engine.registry.RegistryOptions;
import dev.hostvirt.i18n.Messages;
import dev.hostvirt.i18n.Text;
import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hostvirt login}: checks the credentials against the registry, then saves them in docker's
 * config file (written atomically, through a symlink, keeping its mode and owner; 0600 when new)
 * where docker, podman and hostvirt all find them.
 */
@Command(name = "login", sortOptions = false, usageHelpAutoWidth = true,
        exitCodeListHeading = "%n@|bold Exit codes|@:%n", exitCodeList = {})
public final class LoginCommand implements EngineCommand, Callable<Integer>, HasOptionGroups {
    private final CliEnvironment env;

    @Option(names = {"-u", "--username"}, paramLabel = "USER", descriptionKey = "login.username")
    String username;

    @Option(names = {"-p", "--password"}, paramLabel = "PASSWORD", descriptionKey = "login.password")
    String password;

    @Option(names = "--password-stdin", descriptionKey = "login.password-stdin")
    boolean passwordStdin;

    final RegistryTlsOptions registryOptions = new RegistryTlsOptions();

    @Parameters(index = "0", arity = "0..1", paramLabel = "REGISTRY", defaultValue = "docker.io", descriptionKey = "login.registry")
    String registry;

    LoginCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public List<OptionGroup> optionGroups() {
        return List.of(registryOptions, StandardHelpOptions.INSTANCE);
    }

    @Override
    public Integer call() {
        String host = ImageReference.registryHost(registry);
        if (password != null && passwordStdin) {
            throw new HostvirtException(Text.of("pull.error.login.passwordTwice"), ExitCodes.ENGINE_ERROR);
        }
        Console console = System.console();
        String user = username;
        if (user == null || user.isEmpty()) {
            if (console == null || passwordStdin) {
                throw new HostvirtException(Text.of("pull.error.login.noUser"), ExitCodes.ENGINE_ERROR);
            }
            user = console.readLine("%s", Messages.forLocale(env.locale()).get("pull.login.prompt.user"));
        }
        String secret = password;
        if (passwordStdin) {
            secret = readStdin(System.in);
        } else if (secret == null) {
            if (console == null) {
                throw new HostvirtException(Text.of("pull.error.login.noPassword"), ExitCodes.ENGINE_ERROR);
            }
            char[] typed = console.readPassword("%s", Messages.forLocale(env.locale()).get("pull.login.prompt.password"));
            secret = typed == null ? "" : new String(typed);
        }
        if (user == null || user.isEmpty() || secret.isEmpty()) {
            throw new HostvirtException(Text.of("pull.error.login.empty"), ExitCodes.ENGINE_ERROR);
        }
        Credentials credentials = new Credentials(user, secret);
        RegistryOptions options = registryOptions.registryOptions(env);
        new RegistryClient(host, ImageReference.apiHostOf(host), options, Optional.of(credentials)).verifyLogin();
        DockerConfigFile config = DockerConfigFile.locate(env.env());
        config.store(host, credentials);
        env.out().println(Messages.forLocale(env.locale()).get("pull.login.succeeded", host, config.placeOf(host)));
        env.out().flush();
        return ExitCodes.OK;
    }

    private static String readStdin(InputStream in) {
        try {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            byte[] chunk = in.readNBytes(64 << 10);
            buf.write(chunk);
            return buf.toString(StandardCharsets.UTF_8).replaceAll("[\r\n]+$", "");
        } catch (IOException e) {
            throw new HostvirtException(Text.of("pull.error.login.stdin", e.getMessage()), ExitCodes.ENGINE_ERROR);
        }
    }
}
