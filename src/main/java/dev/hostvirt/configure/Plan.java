package dev.hostvirt.configure;

import dev.hostvirt.i18n.Text;
import java.util.List;

/**
 * What a command would change, in order. {@code notes} are consequences the user must know before
 * saying yes (what stops working, a re-login); an empty step list means nothing needs changing.
 */
public record Plan(String command, List<Step> steps, List<Text> notes) {
    public Plan {
        steps = List.copyOf(steps);
        notes = List.copyOf(notes);
    }

    public boolean empty() {
        return steps.isEmpty();
    }

    public Reboot reboot() {
        Reboot r = Reboot.NONE;
        for (Step s : steps) {
            r = r.max(s.reboot());
        }
        return r;
    }
}
