package dev.hostvirt.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every top-level command, by the name users type. Picocli builds and reflects every registered
 * subcommand when the command line is created; with two dozen commands that is a large part of
 * start-up, so Main registers only the one being run (all of them for help, typos and no command).
 * SubcommandsTest keeps these names equal to the commands' own @Command names.
 */
final class Subcommands {
    private Subcommands() {
    }

    static Map<String, Class<?>> all() {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        m.put("check", CheckCommand.class);
        m.put("facts", FactsCommand.class);
        m.put("snapshot", SnapshotCommand.class);
        m.put("sources", SourcesCommand.class);
        m.put("switch", SwitchCommand.class);
        m.put("enable", EnableCommand.class);
        m.put("apply", ApplyCommand.class);
        m.put("undo", UndoCommand.class);
        m.put("status", StatusCommand.class);
        m.put("image", ImageCommands.class);
        m.put("images", ImageCommands.Images.class);
        m.put("rmi", ImageCommands.Rmi.class);
        m.put("run", RunCommand.class);
        m.put("ps", ContainerCommands.Ps.class);
        m.put("logs", ContainerCommands.Logs.class);
        m.put("stop", ContainerCommands.Stop.class);
        m.put("rm", ContainerCommands.Rm.class);
        m.put("exec", ContainerCommands.ExecCmd.class);
        m.put("inspect", ContainerCommands.Inspect.class);
        m.put("pull", PullCommand.class);
        m.put("login", LoginCommand.class);
        m.put("logout", LogoutCommand.class);
        m.put("engine", WslEngineCommand.class);
        return m;
    }

    /** Whether the arguments ask for help or the version (before a "--"): nothing will be run then. */
    static boolean asksForHelp(String[] args) {
        for (String a : args) {
            if (a.equals("--")) {
                return false;
            }
            if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version")) {
                return true;
            }
        }
        return false;
    }

    /** Whether the arguments are only -V / --version: the version is printed, no command is needed. */
    static boolean asksOnlyForVersion(String[] args) {
        for (String a : args) {
            if (!a.equals("-V") && !a.equals("--version")) {
                return false;
            }
        }
        return args.length > 0;
    }

    /** Whether the arguments replay a snapshot (--snapshot FILE or --snapshot=FILE) rather than read this machine. */
    static boolean replaysSnapshot(String[] args) {
        for (String a : args) {
            if (a.equals("--")) {
                return false;
            }
            if (a.equals("--snapshot") || a.startsWith("--snapshot=")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The command named by the first argument that is not an option (nor the value of the root's one
     * option that takes one, {@code --lang es}), or null.
     */
    static String requested(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--lang")) {
                i++;
            } else if (!a.startsWith("-")) {
                return all().containsKey(a) ? a : null;
            }
        }
        return null;
    }
}
