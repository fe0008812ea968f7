package dev.hostvirt.facts.windows;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code com.docker.diagnose.exe check}: "[PASS] DD0002: ..." lines. The check ids and statuses are
 * fixed tokens (docker/for-win#13273), the sentences after them are not read.
 */
public final class DockerDiagnoseParser {
    private static final Pattern LINE = Pattern.compile("^\\[(PASS|FAIL|WARN|SKIP)\\]\\s+(DD\\d{4})\\b");

    private DockerDiagnoseParser() {
    }

    public static Map<String, String> checks(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : Texts.lines(text)) {
            Matcher m = LINE.matcher(Texts.squash(line));
            if (m.find()) {
                out.putIfAbsent(m.group(2), m.group(1));
            }
        }
        return out;
    }
}
