package dev.hostvirt.cli;

import dev.hostvirt.engine.forward.EngineLocator;
import dev.hostvirt.engine.forward.InheritingLauncher;
import dev.hostvirt.engine.forward.ProcessLauncher;
import dev.hostvirt.engine.macos.MacosCliForwarder;
import dev.hostvirt.engine.macos.MacosEngineChoice;
import dev.hostvirt.engine.wsl.DistroManager;
import dev.hostvirt.engine.wsl.WindowsArgv;
import dev.hostvirt.engine.wsl.WslExe;
import dev.hostvirt.engine.wsl.WslForwarder;
import dev.hostvirt.engine.wsl.WslPaths;
import dev.hostvirt.engine.wsl.WslSettings;
import dev.hostvirt.facts.macos.MacosFacts;
import dev.hostvirt.host.HostPlatform;
import dev.hostvirt.i18n.Messages;
import dev.hostvirt.i18n.Text;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Picks the {@link EngineLocator} for the platform this JVM runs on; tests build their own. */
public final class EngineLocators {
    private EngineLocators() {
    }

    public static EngineLocator forCurrentPlatform(CliEnvironment env) {
        return switch (HostPlatform.current().os()) {
            case HostPlatform.WINDOWS -> wsl(env, WslExe.system(), windowsSettings(env),
                    WindowsArgv.quoting(new InheritingLauncher()));
            case HostPlatform.MACOS -> new EngineLocator.MacosCli(() -> new MacosCliForwarder(
                    MacosEngineChoice.choose(new MacosFacts(env.liveHost().get())), env.workingDirectory().toString(),
                    new InheritingLauncher()));
            default -> new EngineLocator.Local();
        };
    }

    public static EngineLocator.Wsl wsl(CliEnvironment env, WslExe wsl, WslSettings settings, ProcessLauncher launcher) {
        WslPaths paths = new WslPaths(env.workingDirectory().toString(), settings.distro());
        return new EngineLocator.Wsl(new WslForwarder(wsl, settings.distro(), paths, env.env(), launcher,
                Messages.forLocale(env.locale()).locale().getLanguage()),
                (Consumer<Text> report) -> new DistroManager(wsl, settings,
                        f -> Files.isRegularFile(Path.of(f)), report));
    }

    /**
     * %LOCALAPPDATA%\hostvirt\wsl for the distro's disk (per user, not roaming: a multi-GB vhdx must
     * not sync), the tarball shipped beside hostvirt (wsl\hostvirt-wsl.tar.gz next to bin\), both
     * overridable (HOSTVIRT_WSL_DIR, HOSTVIRT_WSL_TARBALL).
     */
    static WslSettings windowsSettings(CliEnvironment env) {
        String dir = env.env().get("HOSTVIRT_WSL_DIR");
        if (dir == null || dir.isBlank()) {
            String local = env.env().getOrDefault("LOCALAPPDATA", env.env().getOrDefault("USERPROFILE", "C:\\")
                    + "\\AppData\\Local");
            dir = local + "\\hostvirt\\wsl";
        }
        String tarball = env.env().get("HOSTVIRT_WSL_TARBALL");
        if (tarball == null || tarball.isBlank()) {
            tarball = installHome().resolve("wsl").resolve("hostvirt-wsl.tar.gz").toString();
        }
        String version = Main.class.getPackage().getImplementationVersion();
        return new WslSettings(WslSettings.DISTRO, dir, tarball, version == null ? "dev" : version);
    }

    /** The directory above lib\hostvirt.jar (the layout windows\hostvirt.cmd expects). */
    private static Path installHome() {
        try {
            Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path parent = jar.getParent();
            return parent != null && parent.getParent() != null ? parent.getParent() : Path.of(".");
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return Path.of(".");
        }
    }
}
