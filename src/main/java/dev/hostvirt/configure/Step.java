package dev.hostvirt.configure;

import dev.hostvirt.i18n.Text;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One change of a plan, as data: the executor kind and its parameters (enough for a later process to
 * redo or revert it from the journal alone), what it does and why in the user's words, the exact
 * commands it runs or the file it changes, whether it can be reverted, and what it needs to take effect.
 */
public record Step(String kind, Map<String, String> params, Text what, Text why,
        List<List<String>> commands, FileChange file, boolean reversible, Reboot reboot) {

    public Step {
        params = Map.copyOf(new LinkedHashMap<>(params));
        commands = commands.stream().map(List::copyOf).toList();
    }

    public String param(String name) {
        String v = params.get(name);
        if (v == null) {
            // Steps read back from a damaged journal may lack one: fail that step, as one line.
            throw new ActionFailed(Text.of("configure.error.step-param", kind, name));
        }
        return v;
    }
}
