package dev.hostvirt.configure;

/**
 * How one kind of step touches the machine. Every method reads the machine afresh (never a cached
 * answer), so that a process started after a crash can finish or revert what an earlier one began.
 * {@link #restore} must be idempotent: it is called for steps that may or may not have run.
 */
public interface Action {
    /** The current state of what the step changes, as text to keep in the journal. */
    String capture(Machine machine, Step step);

    void apply(Machine machine, Step step);

    /** Whether the machine already is as the step wants it (verification, and idempotence). */
    boolean satisfied(Machine machine, Step step);

    /** Brings the machine back to {@code before} (from {@link #capture}); does nothing if it already is. */
    void restore(Machine machine, Step step, String before);
}
