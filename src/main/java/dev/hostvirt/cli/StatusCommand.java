package dev.hostvirt.cli;

import dev.hostvirt.configure.Journal;
import dev.hostvirt.configure.Machine;
import dev.hostvirt.configure.StatusView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code hostvirt status}: interrupted change sets, and applied ones waiting for a reboot or re-login. */
@Command(name = "status", sortOptions = false, usageHelpAutoWidth = true,
        exitCodeListHeading = "%n@|bold Exit codes|@:%n", exitCodeList = {})
public final class StatusCommand implements Callable<Integer>, HasOptionGroups {
    private final CliEnvironment env;

    final ReportOptions output = new ReportOptions();

    StatusCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public List<OptionGroup> optionGroups() {
        return List.of(output, StandardHelpOptions.INSTANCE);
    }

    @Override
    public Integer call() {
        ConfigureSupport s = new ConfigureSupport(env, output.messages(env), output.json());
        Machine machine = s.machine(env.liveHost().get());
        StatusView view = s.guarded(() -> StatusView.of(machine));
        if (output.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("interrupted", rows(view.interrupted()));
            m.put("waiting", rows(view.waiting()));
            m.put("bootKnown", view.bootKnown());
            s.printJson(m);
            return view.interrupted().isEmpty() ? ExitCodes.OK : ExitCodes.BLOCKED;
        }
        var out = env.out();
        if (view.interrupted().isEmpty() && view.waiting().isEmpty()) {
            out.println(s.messages().get("configure.cli.status.clean"));
        }
        for (Journal j : view.interrupted()) {
            out.println(s.messages().get("configure.cli.status.interrupted", j.id(), j.command(),
                    s.messages().get("configure.status." + j.status().label())));
        }
        for (Journal j : view.waiting()) {
            out.println(s.messages().get("configure.cli.status.waiting", j.id(), j.command(),
                    s.messages().get("configure.reboot." + j.reboot().name().toLowerCase(Locale.ROOT))));
        }
        if (!view.waiting().isEmpty() && !view.bootKnown()) {
            out.println(s.messages().get("configure.cli.status.boot-unknown"));
        }
        out.flush();
        // Exit 1 while a change set is half done, so scripts notice.
        return view.interrupted().isEmpty() ? ExitCodes.OK : ExitCodes.BLOCKED;
    }

    private static List<Map<String, Object>> rows(List<Journal> journals) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Journal j : journals) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("changeSet", j.id());
            m.put("command", j.command());
            m.put("status", j.status().label());
            m.put("reboot", j.reboot().name().toLowerCase(Locale.ROOT));
            out.add(m);
        }
        return out;
    }
}
