package dev.hostvirt.engine.wsl;

import dev.hostvirt.facts.windows.WslDistro;
import dev.hostvirt.facts.windows.WslListParser;
import dev.hostvirt.host.CommandOutput;
import dev.hostvirt.host.CommandRunner;
import dev.hostvirt.host.ProcessCommandRunner;
import dev.hostvirt.host.Reading;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The wsl.exe calls hostvirt makes to manage its distro. Every call goes through a runner whose
 * environment has WSL_UTF8=1 (Store WSL then writes UTF-8) and whose decoder still reads UTF-16LE,
 * which the inbox wsl.exe writes regardless (tailscale/tailscale#3170). Unlike {@code Host.command}
 * nothing is memoized: these calls change state. Absent output means wsl.exe does not exist.
 */
public final class WslExe {
    public static final Map<String, String> ENVIRONMENT = Map.of("WSL_UTF8", "1");

    private final String exe;
    private final CommandRunner runner;

    public WslExe(String exe, CommandRunner runner) {
        this.exe = exe;
        this.runner = runner;
    }

    /** The real wsl.exe; imports and exports of a large distro take minutes. */
    public static WslExe system() {
        return new WslExe("wsl.exe", new ProcessCommandRunner(Duration.ofMinutes(30), ENVIRONMENT));
    }

    public String exe() {
        return exe;
    }

    public Optional<CommandOutput> run(String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(exe);
        argv.addAll(List.of(args));
        Reading<CommandOutput> r = runner.run(argv);
        if (r instanceof Reading.Present<CommandOutput> p) {
            return Optional.of(p.value());
        }
        if (r.isAbsent()) {
            return Optional.empty();
        }
        // Timed out or could not start: a failed call, reported with its reason.
        return Optional.of(new CommandOutput(-1, "", String.valueOf(r)));
    }

    /** The distros, empty when none, null when wsl.exe said something we cannot read. */
    public List<WslDistro> list(CommandOutput out) {
        return WslListParser.parse(out.stdout() + "\n" + out.stderr());
    }

    /** Runs a program inside the distro as root, argv kept (--exec: no shell re-splits it). */
    public Optional<CommandOutput> exec(String distro, String... argv) {
        List<String> a = new ArrayList<>(List.of("--distribution", distro, "--user", "root", "--exec"));
        a.addAll(List.of(argv));
        return run(a.toArray(String[]::new));
    }
}
