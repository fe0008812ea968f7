package dev.hostvirt.facts.windows;

import dev.hostvirt.facts.Version;

/**
 * {@code VBoxManage --version} prints "7.0.6r155176" (Oracle builds) or "6.1.38_Ubuntur153438"
 * (distribution builds): the first line that starts with a dotted version, prompt lines skipped.
 */
public final class VBoxManageParser {
    private VBoxManageParser() {
    }

    public static Version version(String text) {
        for (String line : Texts.lines(text)) {
            String l = Texts.squash(line);
            if (!l.isEmpty() && Character.isDigit(l.charAt(0))) {
                Version v = Version.leading(l).orElse(null);
                if (v != null) {
                    return v;
                }
            }
        }
        return null;
    }
}
