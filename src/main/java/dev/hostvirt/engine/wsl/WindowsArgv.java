package dev.hostvirt.engine.wsl;

import dev.hostvirt.engine.forward.ProcessLauncher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Windows passes a program one command line, not an argv; wsl.exe splits it again with the Microsoft
 * C runtime rules (CommandLineToArgvW). Java's ProcessBuilder only wraps arguments that contain a
 * space in quotes and leaves any argument that already starts and ends with a quote alone
 * (openjdk/jdk#7709, JDK-8282008): an embedded quote ({@code sh -c 'echo "a b"'}) or a trailing
 * backslash inside quotes would reach the distro altered. So each argument is encoded here by the
 * runtime's rules (backslashes doubled only before a quote or the closing quote, quotes escaped) and
 * handed to Java already quoted, which it then passes as is.
 */
public final class WindowsArgv {
    private WindowsArgv() {
    }

    public static String quote(String arg) {
        if (!arg.isEmpty() && arg.chars().noneMatch(c -> c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '"')) {
            return arg;
        }
        StringBuilder sb = new StringBuilder("\"");
        int backslashes = 0;
        for (int i = 0; i < arg.length(); i++) {
            char c = arg.charAt(i);
            if (c == '\\') {
                backslashes++;
                continue;
            }
            if (c == '"') {
                sb.append("\\".repeat(backslashes * 2 + 1)).append('"');
            } else {
                sb.append("\\".repeat(backslashes)).append(c);
            }
            backslashes = 0;
        }
        // Before the closing quote every backslash must be doubled, or the last one would escape it.
        sb.append("\\".repeat(backslashes * 2)).append('"');
        return sb.toString();
    }

    /** A launcher that encodes every argument after the program name for a Windows command line. */
    public static ProcessLauncher quoting(ProcessLauncher launcher) {
        return (argv, env) -> {
            List<String> quoted = new ArrayList<>();
            quoted.add(argv.get(0));
            for (String a : argv.subList(1, argv.size())) {
                quoted.add(quote(a));
            }
            return launcher.launch(quoted, Map.copyOf(env));
        };
    }
}
