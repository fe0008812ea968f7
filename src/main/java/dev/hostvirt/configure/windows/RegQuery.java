package dev.hostvirt.configure.windows;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads back what `reg.exe add` wrote, through reg.exe itself (the step's own tool, so the check
 * runs wherever the step ran). The detector reads the registry natively and needs no such parser.
 */
public final class RegQuery {
    private static final Pattern REG_DWORD = Pattern.compile("REG_DWORD\\s+0x([0-9a-fA-F]{1,8})\\b");

    private RegQuery() {
    }

    /** reg.exe query prints "    Name    REG_DWORD    0x2": type names and hex are not translated. */
    public static Optional<Integer> dword(String regQueryOutput) {
        Matcher m = REG_DWORD.matcher(regQueryOutput == null ? "" : regQueryOutput);
        return m.find() ? Optional.of((int) Long.parseLong(m.group(1), 16)) : Optional.empty();
    }
}
