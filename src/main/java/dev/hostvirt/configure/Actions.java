package dev.hostvirt.configure;

import dev.hostvirt.i18n.Text;
import java.util.HashMap;
import java.util.Map;

/** The executors by step kind: the journal names a kind, this finds who can redo or revert it. */
public final class Actions {
    private final Map<String, Action> byKind = new HashMap<>();

    public Actions register(String kind, Action action) {
        byKind.put(kind, action);
        return this;
    }

    public Action of(String kind) {
        Action a = byKind.get(kind);
        if (a == null) {
            // Only a damaged or newer journal names a kind we lack: fail that step, as one line, not the process.
            throw new ActionFailed(Text.of("configure.error.step-kind", kind));
        }
        return a;
    }

    /** Every kind hostvirt plans on any platform: a journal written on one run is readable on the next. */
    public static Actions standard() {
        Actions a = new Actions().register(FileAction.KIND, new FileAction());
        dev.hostvirt.configure.linux.LinuxActions.register(a);
        dev.hostvirt.configure.windows.WindowsActions.register(a);
        return a;
    }
}
