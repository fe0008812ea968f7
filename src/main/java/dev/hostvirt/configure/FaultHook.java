package dev.hostvirt.configure;

/**
 * Called at every boundary of an apply or a roll-back, after the journal has been saved. Live runs
 * use {@link #NONE}; the fault-injection tests throw here to stop the process as kill -9 or a power
 * loss would, and prove that the next run puts the machine back.
 */
@FunctionalInterface
public interface FaultHook {
    FaultHook NONE = (step, point) -> { };

    enum Point {
        /** The journal says the step started and holds the before-state; nothing ran yet. */
        JOURNALED,
        /** The step ran; not verified, not journaled as done. */
        APPLIED,
        /** The step is verified and journaled as done. */
        DONE,
        /** A roll-back restored this step and journaled it. */
        REVERTED
    }

    void at(int stepIndex, Point point);
}
