package dev.hostvirt.facts;

import dev.hostvirt.i18n.Messages;
import dev.hostvirt.i18n.Text;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a source told beyond its name, e.g. why a flag is missing. Source names travel as plain strings
 * (facts, findings, JSON), so a note rides in the string as {@code (note:ID)} and every renderer turns it
 * into a sentence of the user's language with {@link #localize}: an English sentence baked into a source
 * would reach Spanish users of {@code --verbose} as it is.
 */
public enum SourceNote {
    /** A guest's /proc/cpuinfo shows what the outer hypervisor passes through, not the host CPU. */
    NO_VMX_UNDER_HYPERVISOR("no-vmx-under-hypervisor", Text.of("sources.note.noVmxUnderHypervisor")),
    HYPERVISOR_FLAG("hypervisor-flag", Text.of("sources.note.hypervisorFlag"));

    private static final Pattern MARK = Pattern.compile(" \\(note:([a-z-]+)\\)");

    private final String id;
    private final Text sentence;

    SourceNote(String id, Text sentence) {
        this.id = id;
        this.sentence = sentence;
    }

    /** {@code source} with this note, e.g. {@code file:/proc/cpuinfo (note:hypervisor-flag)}. */
    public String on(String source) {
        return source + " (note:" + id + ")";
    }

    /** Source names (one or several joined) with each note as a sentence; names, paths and commands stay as read. */
    public static String localize(String sources, Messages messages) {
        Matcher m = MARK.matcher(sources);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            SourceNote note = byId(m.group(1));
            String shown = note == null ? m.group() : " (" + messages.render(note.sentence) + ")";
            m.appendReplacement(out, Matcher.quoteReplacement(shown));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static SourceNote byId(String id) {
        for (SourceNote n : values()) {
            if (n.id.equals(id)) {
                return n;
            }
        }
        return null;
    }
}
