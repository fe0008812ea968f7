package dev.hostvirt.rules;

import dev.hostvirt.i18n.Text;
import java.util.List;

/**
 * The result of one check for one target.
 *
 * @param id       stable, documented in docs/checks.md; scripts may match on it
 * @param title    one line: what was checked
 * @param detail   what was read and what it means
 * @param fix      the exact next step (commands, and whether a reboot, re-login or elevation is
 *                 needed); null when there is nothing to do
 * @param required when a required check is skipped the target's verdict is unknown
 * @param sources  what was read, shown with --verbose
 */
public record Finding(String id, Status status, Text title, Text detail, Text fix, boolean required,
        List<String> sources) {

    public Finding {
        sources = List.copyOf(sources);
    }

    public static Finding pass(String id, Text title, Text detail) {
        return new Finding(id, Status.PASS, title, detail, null, true, List.of());
    }

    public static Finding warn(String id, Text title, Text detail, Text fix) {
        return new Finding(id, Status.WARN, title, detail, fix, true, List.of());
    }

    public static Finding fail(String id, Text title, Text detail, Text fix) {
        return new Finding(id, Status.FAIL, title, detail, fix, true, List.of());
    }

    public static Finding skip(String id, Text title, Text detail) {
        return new Finding(id, Status.SKIP, title, detail, null, true, List.of());
    }

    /** An informational check: skipping it leaves the verdict alone. */
    public Finding optional() {
        return new Finding(id, status, title, detail, fix, false, sources);
    }

    public Finding withSources(String... more) {
        return withSources(List.of(more));
    }

    public Finding withSources(List<String> more) {
        return new Finding(id, status, title, detail, fix, required, more);
    }

    public Finding withFix(Text newFix) {
        return new Finding(id, status, title, detail, newFix, required, sources);
    }
}
