package dev.hostvirt.configure;

import dev.hostvirt.i18n.Text;
import java.util.List;

/**
 * What an apply or an undo did. {@code failure} is the step that failed (null on success);
 * {@code rollbackProblems} are steps the roll-back could not put back (irreversible ones, or failed
 * restores): both are reported, never one hiding the other.
 */
public record Outcome(String changeSet, boolean succeeded, int changed, int skipped, Text failure,
        List<Text> rollbackProblems, Reboot reboot) {
    public Outcome {
        rollbackProblems = List.copyOf(rollbackProblems);
    }
}
