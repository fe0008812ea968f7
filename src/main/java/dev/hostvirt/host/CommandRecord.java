package dev.hostvirt.host;

import java.util.List;
import java.util.Locale;

/** One recorded command; {@code exit == null} means the program was not found. */
public record CommandRecord(List<String> argv, Integer exit, String stdout, String stderr) {
    public CommandRecord {
        argv = List.copyOf(argv);
    }

    public static CommandRecord of(List<String> argv, Reading<CommandOutput> reading) {
        if (reading instanceof Reading.Present<CommandOutput> p) {
            CommandOutput o = p.value();
            return new CommandRecord(argv, o.exit(), o.stdout(), o.stderr());
        }
        return new CommandRecord(argv, null, null, null);
    }

    public Reading<CommandOutput> reading() {
        return exit == null ? Reading.absent() : Reading.present(new CommandOutput(exit, stdout, stderr));
    }

    /**
     * The snapshot's matching rule: the same arguments, the program compared by base name,
     * case-insensitively and without ".exe", so that "C:\Windows\System32\bcdedit.exe" recorded
     * on one machine answers "bcdedit" asked on another.
     */
    public boolean matches(List<String> other) {
        if (other.size() != argv.size() || other.isEmpty()) {
            return false;
        }
        if (!programName(argv.get(0)).equals(programName(other.get(0)))) {
            return false;
        }
        return argv.subList(1, argv.size()).equals(other.subList(1, other.size()));
    }

    public static String programName(String program) {
        String name = program;
        int cut = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        if (cut >= 0) {
            name = name.substring(cut + 1);
        }
        name = name.toLowerCase(Locale.ROOT);
        return name.endsWith(".exe") ? name.substring(0, name.length() - 4) : name;
    }
}
