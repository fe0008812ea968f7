package dev.hostvirt.engine.wsl;

import dev.hostvirt.engine.forward.ForwardException;
import dev.hostvirt.engine.forward.ArgWalker;
import dev.hostvirt.engine.forward.Forwarder;
import dev.hostvirt.engine.forward.ProcessLauncher;
import dev.hostvirt.facts.windows.WslDistro;
import dev.hostvirt.host.CommandOutput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Windows: runs an engine command inside hostvirt's distro as
 * {@code wsl.exe --distribution hostvirt --user root --exec /opt/hostvirt/bin/hostvirt CMD ARGS...}.
 * --exec, not the "--": with "--" wsl hands the rest to the distro's shell as one command
 * line (wsl --help: "Pass the remaining command line as is"), which would re-split a path with spaces
 * and expand $ and *; --exec runs the program "without using the default Linux shell", argv intact.
 * Host paths (-v HOST:..., --env-file, --ca-bundle, --cert-dir, image import FILE) become /mnt/x/...
 * ({@link WslPaths}); {@code -e KEY} without a value takes KEY from this (Windows) environment, since
 * the distro's environment does not have it. stdin/stdout/stderr and the exit code pass through.
 */
public final class WslForwarder implements Forwarder {
    private final WslExe wsl;
    private final String distro;
    private final WslPaths paths;
    private final Map<String, String> env;
    private final ProcessLauncher launcher;
    private final String language;

    public WslForwarder(WslExe wsl, String distro, WslPaths paths, Map<String, String> env, ProcessLauncher launcher) {
        this(wsl, distro, paths, env, launcher, "en");
    }

    /**
     * @param language the user's ("es"): the distro's hostvirt sees no Windows locale (its environment
     *     is WSL_UTF8 alone), so it is told, or a Spanish Windows gets its engine's messages in English
     */
    public WslForwarder(WslExe wsl, String distro, WslPaths paths, Map<String, String> env, ProcessLauncher launcher, String language) {
        this.wsl = wsl;
        this.distro = distro;
        this.paths = paths;
        this.env = Map.copyOf(env);
        this.launcher = launcher;
        this.language = language;
    }

    @Override
    public int forward(List<String> commandPath, List<String> args, CommandSpec spec) {
        List<String> translated = translate(commandPath, args, spec);
        requireDistro();
        List<String> argv = new ArrayList<>(List.of(wsl.exe(), "--distribution", distro, "--user", "root", "--exec",
                WslSettings.HOSTVIRT_IN_DISTRO));
        argv.addAll(commandPath);
        // English is the distro's own default; a --lang the user gave is forwarded as typed.
        if (!language.equals("en") && !ArgWalker.hasOption(args, spec, "--lang")) {
            argv.add("--lang=" + language);
        }
        argv.addAll(translated);
        int code = launcher.launch(argv, WslExe.ENVIRONMENT);
        if (code == ProcessLauncher.NOT_FOUND) {
            throw new ForwardException("wsl.notInstalled", 1);
        }
        return code;
    }

    /** The arguments as the distro must see them. Public for tests and for `--dry-run`-style checks. */
    public List<String> translate(List<String> commandPath, List<String> args, CommandSpec spec) {
        boolean importCommand = commandPath.equals(List.of("image", "import"));
        return ArgWalker.rewrite(args, spec, new ArgWalker.Rewriter() {
            @Override
            public List<String> option(OptionSpec option, String name, String value) {
                String longest = option.longestName();
                if (longest.equals("--state-dir")) {
                    throw new ForwardException("wsl.stateDirRefused", 125);
                }
                if (value == null) {
                    return ArgWalker.emit(name, null);
                }
                if (longest.equals("--volume")) {
                    return ArgWalker.emit(name, paths.volume(value));
                }
                if (longest.equals("--env") && !value.contains("=")) {
                    String v = env.get(value);
                    return v == null ? List.of() : ArgWalker.emit(name, value + "=" + v);
                }
                if (isPath(option)) {
                    return ArgWalker.emit(name, paths.toWsl(value));
                }
                return ArgWalker.emit(name, value);
            }

            @Override
            public List<String> positional(int index, String value) {
                return List.of(importCommand && index == 0 ? paths.toWsl(value) : value);
            }
        });
    }

    private static boolean isPath(OptionSpec option) {
        if (option.type() == Path.class) {
            return true;
        }
        for (Class<?> c : option.auxiliaryTypes()) {
            if (c == Path.class) {
                return true;
            }
        }
        return false;
    }

    private void requireDistro() {
        CommandOutput out = wsl.run("--list", "--verbose").orElseThrow(() -> new ForwardException("wsl.notInstalled", 1));
        List<WslDistro> distros = wsl.list(out);
        if (distros != null && distros.stream().noneMatch(d -> d.name().equalsIgnoreCase(distro))) {
            throw new ForwardException("wsl.notImported", 125);
        }
    }
}
