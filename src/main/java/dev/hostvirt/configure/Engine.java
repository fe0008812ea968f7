package dev.hostvirt.configure;

import dev.hostvirt.i18n.Text;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs plans against a machine, journaled: for each step, capture the before-state, save the journal,
 * run, verify, save again. A step that fails or does not verify rolls back every step started, newest
 * first. Undo and the recovery of an interrupted change set use the same roll-back.
 */
public final class Engine {
    private final Machine machine;
    private final Actions actions;
    private final JournalStore store;
    private final Clock clock;
    private final FaultHook hook;

    public Engine(Machine machine, Actions actions, Clock clock, FaultHook hook) {
        this.machine = machine;
        this.actions = actions;
        this.store = new JournalStore(machine);
        this.clock = clock;
        this.hook = hook;
    }

    public JournalStore store() {
        return store;
    }

    /** Refuses while an earlier change set is half done: the machine's before-state is not known. */
    public void requireNoInterrupted() {
        List<Journal> stuck = store.interrupted();
        if (!stuck.isEmpty()) {
            throw new ConfigureException(Text.of("configure.error.interrupted", stuck.get(0).id()), 1);
        }
    }

    public Outcome apply(Plan plan) {
        try (StateLock lock = StateLock.acquire(machine)) {
            return applyLocked(plan);
        }
    }

    private Outcome applyLocked(Plan plan) {
        requireNoInterrupted();
        Journal journal = store.create(plan, clock.instant(), BootId.read(machine));
        journal.save();
        int changed = 0;
        int skipped = 0;
        List<Journal.Entry> entries = journal.entries();
        for (int i = 0; i < entries.size(); i++) {
            Journal.Entry e = entries.get(i);
            Action action = actions.of(e.step().kind());
            try {
                if (action.satisfied(machine, e.step())) {
                    e.state(Journal.StepState.SKIPPED);
                    journal.save();
                    skipped++;
                    continue;
                }
                e.started(action.capture(machine, e.step()));
                journal.save();
                hook.at(i, FaultHook.Point.JOURNALED);
                action.apply(machine, e.step());
                hook.at(i, FaultHook.Point.APPLIED);
                if (!action.satisfied(machine, e.step())) {
                    throw new ActionFailed(Text.of("configure.error.verify", e.step().what()));
                }
                e.state(Journal.StepState.DONE);
                journal.save();
                hook.at(i, FaultHook.Point.DONE);
                changed++;
            } catch (ActionFailed failed) {
                journal.failure(encode(failed.text()));
                Reverted r = revert(journal, Journal.Status.ROLLING_BACK, Journal.Status.ROLLED_BACK);
                return new Outcome(journal.id(), false, changed, skipped, failed.text(), r.problems(), Reboot.NONE);
            }
        }
        journal.status(Journal.Status.APPLIED);
        journal.save();
        return new Outcome(journal.id(), true, changed, skipped, null, List.of(), journal.reboot());
    }

    /**
     * Puts back a change set: an applied one (undo), or an interrupted one (finishing its roll-back).
     * Newest first, since a later step may depend on an earlier one (a module unloaded before its drop-in).
     */
    public Outcome undo(Journal journal) {
        try (StateLock lock = StateLock.acquire(machine)) {
            // Re-read under the lock: another process may have finished it meanwhile.
            return undoLocked(Journal.load(journal.file()));
        }
    }

    private Outcome undoLocked(Journal journal) {
        if (!journal.status().interrupted() && journal.status() != Journal.Status.APPLIED) {
            return new Outcome(journal.id(), true, 0, 0, null, List.of(), Reboot.NONE);
        }
        Journal.Status finalStatus = journal.status() == Journal.Status.APPLYING
                || journal.status() == Journal.Status.ROLLING_BACK ? Journal.Status.ROLLED_BACK : Journal.Status.UNDONE;
        Journal.Status during = finalStatus == Journal.Status.ROLLED_BACK ? Journal.Status.ROLLING_BACK : Journal.Status.UNDOING;
        Reverted r = revert(journal, during, finalStatus);
        // Irreversible steps are reported, not failures: the plan said so before the user said yes.
        return new Outcome(journal.id(), !r.failed(), 0, 0, null, r.problems(), reboot(journal));
    }

    private static Reboot reboot(Journal j) {
        Reboot r = Reboot.NONE;
        for (Journal.Entry e : j.entries()) {
            if (e.state() == Journal.StepState.REVERTED) {
                r = r.max(e.step().reboot());
            }
        }
        return r;
    }

    private record Reverted(List<Text> problems, boolean failed) {
    }

    private Reverted revert(Journal journal, Journal.Status during, Journal.Status done) {
        journal.status(during);
        journal.save();
        List<Text> problems = new ArrayList<>();
        boolean failed = false;
        List<Journal.Entry> entries = journal.entries();
        for (int i = entries.size() - 1; i >= 0; i--) {
            Journal.Entry e = entries.get(i);
            boolean ran = e.state() == Journal.StepState.STARTED || e.state() == Journal.StepState.DONE;
            if (!ran || e.before() == null) {
                continue;
            }
            if (!e.step().reversible()) {
                problems.add(Text.of("configure.undo.irreversible", e.step().what()));
                continue;
            }
            try {
                actions.of(e.step().kind()).restore(machine, e.step(), e.before());
                e.state(Journal.StepState.REVERTED);
                journal.save();
                hook.at(i, FaultHook.Point.REVERTED);
            } catch (ActionFailed f) {
                problems.add(f.text());
                failed = true;
            }
        }
        // A restore that failed leaves the change set interrupted, so status and undo keep offering it.
        if (!failed) {
            journal.status(done);
            journal.save();
        }
        return new Reverted(problems, failed);
    }

    static String encode(Text t) {
        StringBuilder sb = new StringBuilder(t.key());
        for (Object a : t.args()) {
            sb.append('\u0001').append(a instanceof Text inner ? inner.key() : String.valueOf(a));
        }
        return sb.toString();
    }

    public static Text decode(String s) {
        String[] parts = s.split("\u0001", -1);
        List<Object> args = new ArrayList<>(List.of((Object[]) parts).subList(1, parts.length));
        return new Text(parts[0], args);
    }
}
