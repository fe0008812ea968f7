package dev.hostvirt.engine.wsl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowsArgvTest {
    /**
     * The Microsoft C runtime's splitting (2008+ rules, as documented for CommandLineToArgvW and
     * "Parsing C++ command-line arguments"), written independently of the encoder: 2n backslashes + quote
     * = n backslashes and a quote toggle; 2n+1 + quote = n backslashes and a literal quote; a quote
     * right after a closing quote inside quotes is literal; other backslashes are literal.
     */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inQuotes = false;
        boolean any = false;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '\\') {
                int n = 0;
                while (i < line.length() && line.charAt(i) == '\\') {
                    n++;
                    i++;
                }
                if (i < line.length() && line.charAt(i) == '"') {
                    cur.append("\\".repeat(n / 2));
                    if (n % 2 == 1) {
                        cur.append('"');
                        i++;
                    }
                } else {
                    cur.append("\\".repeat(n));
                }
                any = true;
                continue;
            }
            if (c == '"') {
                if (inQuotes && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i += 2;
                    continue;
                }
                inQuotes = !inQuotes;
                any = true;
                i++;
                continue;
            }
            if ((c == ' ' || c == '\t') && !inQuotes) {
                if (any) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    any = false;
                }
                i++;
                continue;
            }
            cur.append(c);
            any = true;
            i++;
        }
        if (any) {
            out.add(cur.toString());
        }
        return out;
    }

    @Test
    void everyArgumentSurvivesTheWindowsCommandLine() {
        List<String> args = List.of("run", "-v", "/mnt/c/My Files:/f", "busybox", "sh", "-c", "echo \"a b\" $HOME *",
                "", "C:\\dir\\", "C:\\My Dir\\", "a\\\"b", "\\\\server\\share", "\"", "\\\"", "José datos", "tab\there",
                "trailing\\\\", "x\\\\\"y");
        StringBuilder line = new StringBuilder("wsl.exe");
        for (String a : args) {
            line.append(' ').append(WindowsArgv.quote(a));
        }
        assertEquals(args, split(line.toString()).subList(1, args.size() + 1));
    }

    @Test
    void plainArgumentsAreLeftAlone() {
        assertEquals("--distribution", WindowsArgv.quote("--distribution"));
        assertEquals("/mnt/c/data:/data", WindowsArgv.quote("/mnt/c/data:/data"));
        assertEquals("C:\\dir\\", WindowsArgv.quote("C:\\dir\\"));
        assertEquals("\"C:\\My Dir\\\\\"", WindowsArgv.quote("C:\\My Dir\\"));
        assertEquals("\"\"", WindowsArgv.quote(""));
    }

    @Test
    void theQuotingLauncherKeepsTheProgramNameAndEncodesTheRest() {
        List<List<String>> seen = new ArrayList<>();
        WindowsArgv.quoting((argv, env) -> {
            seen.add(argv);
            return 0;
        }).launch(List.of("C:\\Windows\\System32\\wsl.exe", "--exec", "echo \"hi\""), java.util.Map.of());
        assertEquals(List.of(List.of("C:\\Windows\\System32\\wsl.exe", "--exec", "\"echo \\\"hi\\\"\"")), seen);
    }
}
