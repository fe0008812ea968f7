package dev.hostvirt.configure;

import dev.hostvirt.host.CommandOutput;
import dev.hostvirt.host.CommandRunner;
import dev.hostvirt.host.Host;
import dev.hostvirt.host.HostPlatform;
import dev.hostvirt.host.LiveHost;
import dev.hostvirt.host.LocalFiles;
import dev.hostvirt.host.NativeSources;
import dev.hostvirt.host.Reading;
import dev.hostvirt.i18n.Text;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine the configurator changes: where its files live and how its programs run. Every path
 * hostvirt writes goes through {@link #path}, so tests point {@code root} at a temporary directory
 * (a Windows path {@code C:\ProgramData\x} becomes {@code root/C/ProgramData/x}); every program goes
 * through {@code runner} as an argv list, so tests answer with fakes and nothing reaches a shell.
 *
 * @param root null on the live machine; else the directory standing in for "/" (or the drives)
 * @param stateDir where journals and backups go, as a path of the machine
 */
public record Machine(Path root, CommandRunner runner, String stateDir) {

    public static final String LINUX_STATE_DIR = "/var/lib/hostvirt";

    /** {@code %ProgramData%\hostvirt}; ProgramData falls back to its documented default. */
    public static String windowsStateDir(String programData) {
        String base = programData == null || programData.isBlank() ? "C:\\ProgramData" : programData;
        return base + "\\hostvirt";
    }

    public Path path(String hostPath) {
        if (root == null) {
            return Path.of(hostPath);
        }
        String p = hostPath.replace('\\', '/');
        if (p.length() >= 2 && p.charAt(1) == ':') {
            p = p.charAt(0) + p.substring(2);
        }
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        return root.resolve(p).normalize();
    }

    /**
     * A new host port over this machine's files, for reading a step's effect back. A new one per call:
     * the host the plan was made from memoizes every answer, so asking it after the step would only
     * repeat the before-state and every verification would fail (or, worse, a restore would pass).
     */
    public Host readBack(String os) {
        return new LiveHost(new HostPlatform(os, "unknown"), new LocalFiles(root), runner, NativeSources.none());
    }

    public Path stateDirectory() {
        return path(stateDir);
    }

    /** Runs a program; a program that is missing or cannot be run fails the step. */
    public CommandOutput run(List<String> argv) {
        Reading<CommandOutput> r = runner.run(argv);
        if (r instanceof Reading.Present<CommandOutput> p) {
            return p.value();
        }
        if (r.isAbsent()) {
            throw new ActionFailed(Text.of("configure.error.program-missing", argv.get(0)));
        }
        throw new ActionFailed(Text.of("configure.error.program-unreadable", argv.get(0),
                ((Reading.Unknown<CommandOutput>) r).reason()));
    }

    /** Runs a program that must exit with one of {@code accepted}; else the step fails with its output. */
    public CommandOutput runChecked(List<String> argv, int... accepted) {
        CommandOutput out = run(argv);
        for (int a : accepted.length == 0 ? new int[] {0} : accepted) {
            if (out.exit() == a) {
                return out;
            }
        }
        String said = (out.stderr().isBlank() ? out.stdout() : out.stderr()).strip();
        if (said.length() > 300) {
            said = said.substring(0, 300) + "...";
        }
        throw new ActionFailed(Text.of("configure.error.command-failed", Display.argv(argv), out.exit(),
                said.replace('\n', ' ').replace('\r', ' ')));
    }
}
