package dev.hostvirt.configure;

/**
 * A step on one setting that either holds a value or is not set at all (a kernel argument, a
 * registry value, WSL's default version). Its before-state is {@code value:X} or {@code absent}, and
 * restore puts back exactly that: the old value, or no value (never a guessed default).
 */
public abstract class SettingAction implements Action {
    public static final String ABSENT = "absent";
    private static final String VALUE = "value:";

    public static String value(String v) {
        return VALUE + v;
    }

    /** The value the step sets. */
    protected abstract String wanted(Step step);

    protected abstract void set(Machine machine, Step step, String value);

    protected abstract void unset(Machine machine, Step step);

    @Override
    public void apply(Machine machine, Step step) {
        set(machine, step, wanted(step));
    }

    @Override
    public boolean satisfied(Machine machine, Step step) {
        return capture(machine, step).equals(value(wanted(step)));
    }

    @Override
    public void restore(Machine machine, Step step, String before) {
        if (capture(machine, step).equals(before)) {
            return;
        }
        if (before.startsWith(VALUE)) {
            set(machine, step, before.substring(VALUE.length()));
        } else {
            unset(machine, step);
        }
    }
}
