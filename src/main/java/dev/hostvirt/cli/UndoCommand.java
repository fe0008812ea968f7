package dev.hostvirt.cli;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.configure.Configurator;
import dev.hostvirt.configure.Engine;
import dev.hostvirt.configure.Journal;
import dev.hostvirt.configure.JournalStore;
import dev.hostvirt.configure.Machine;
import dev.hostvirt.configure.Outcome;
import dev.hostvirt.host.Host;
import dev.hostvirt.i18n.Text;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hostvirt undo [--list] [CHANGESET] [--apply]}: puts a journaled change set back, newest
 * first. With no id: an interrupted change set (finishing its roll-back), else the newest applied.
 */
@Command(name = "undo", sortOptions = false, usageHelpAutoWidth = true,
        exitCodeListHeading = "%n@|bold Exit codes|@:%n", exitCodeList = {})
public final class UndoCommand implements Callable<Integer>, HasOptionGroups {
    private final CliEnvironment env;

    @Parameters(index = "0", arity = "0..1", paramLabel = "CHANGESET", descriptionKey = "changeset")
    String id;

    @Option(names = "--list", descriptionKey = "list")
    boolean list;

    @Mixin
    ApplyOptions options;

    final ReportOptions output = new ReportOptions();

    UndoCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public List<OptionGroup> optionGroups() {
        return List.of(output, StandardHelpOptions.INSTANCE);
    }

    @Override
    public Integer call() {
        if (list && (id != null || options.apply)) {
            // --list only lists: taking the id or --apply silently would let "undo --list ID --apply" look like it undid ID.
            throw new HostvirtException(output.messages(env).get("configure.cli.undo.list-alone"), ExitCodes.USAGE);
        }
        ConfigureSupport s = new ConfigureSupport(env, output.messages(env), output.json());
        Host host = env.liveHost().get();
        Machine machine = s.machine(host);
        JournalStore store = new JournalStore(machine);
        List<Journal> all = s.guarded(store::list);
        if (list) {
            printList(s, all);
            return ExitCodes.OK;
        }
        Journal target = s.guarded(() -> choose(store, all));
        if (target == null) {
            say(s, s.messages().get("configure.cli.undo.none"), Map.of("changeSet", ""));
            return ExitCodes.OK;
        }
        if (!target.status().interrupted() && target.status() != Journal.Status.APPLIED) {
            say(s, s.messages().get("configure.cli.undo.nothing-to-undo", target.id(), status(s, target)), Map.of("changeSet", target.id()));
            return ExitCodes.OK;
        }
        List<String> steps = new ArrayList<>();
        List<Journal.Entry> entries = target.entries();
        for (int i = entries.size() - 1; i >= 0; i--) {
            Journal.Entry e = entries.get(i);
            if (e.state() == Journal.StepState.STARTED || e.state() == Journal.StepState.DONE) {
                steps.add(s.render(e.step().reversible() ? e.step().what() : Text.of("configure.undo.irreversible", e.step().what())));
            }
        }
        if (!output.json()) {
            env.out().println(s.messages().get("configure.cli.undo.plan", target.id(), target.command()));
            steps.forEach(line -> env.out().println("  - " + line));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("changeSet", target.id());
        data.put("command", target.command());
        data.put("status", target.status().label());
        data.put("dryRun", !options.apply);
        data.put("reverts", steps);
        if (!options.apply) {
            if (output.json()) {
                s.printJson(data);
            } else {
                env.out().println(s.messages().get("configure.cli.plan.dry-run"));
            }
            return ExitCodes.OK;
        }
        Configurator c = s.configurator(host, machine);
        s.guarded(() -> {
            c.requireElevation();
            return null;
        });
        if (!s.confirmed(options.yes)) {
            return ExitCodes.OK;
        }
        Engine engine = s.engine(machine);
        Outcome o = s.guarded(() -> engine.undo(target));
        Journal after = s.guarded(() -> store.find(target.id()));
        if (output.json()) {
            data.put("result", s.outcomeData(o));
            s.printJson(data);
        } else {
            for (Text p : o.rollbackProblems()) {
                env.out().println("  " + s.messages().get("configure.cli.rollback-problem", s.render(p)));
            }
            env.out().println(s.messages().get(o.succeeded() ? "configure.cli.undo.done" : "configure.cli.undo.incomplete",
                    target.id(), status(s, after)));
            s.printReboot(o.reboot());
        }
        env.out().flush();
        return o.succeeded() ? ExitCodes.OK : ExitCodes.BLOCKED;
    }

    private Journal choose(JournalStore store, List<Journal> all) {
        if (id != null) {
            Journal j = store.find(id);
            if (j.status() == Journal.Status.APPLIED) {
                for (Journal newer : all) {
                    if (newer.id().equals(j.id())) {
                        break;
                    }
                    if (newer.status() == Journal.Status.APPLIED || newer.status().interrupted()) {
                        throw new HostvirtException(output.messages(env).get("configure.cli.undo.newer-first", newer.id()), ExitCodes.USAGE);
                    }
                }
            }
            return j;
        }
        for (Journal j : all) {
            if (j.status().interrupted()) {
                return j;
            }
        }
        for (Journal j : all) {
            if (j.status() == Journal.Status.APPLIED) {
                return j;
            }
        }
        return null;
    }

    private static String status(ConfigureSupport s, Journal j) {
        return s.messages().get("configure.status." + j.status().label());
    }

    private void say(ConfigureSupport s, String line, Map<String, Object> data) {
        if (output.json()) {
            Map<String, Object> m = new LinkedHashMap<>(data);
            m.put("message", line);
            s.printJson(m);
        } else {
            env.out().println(line);
            env.out().flush();
        }
    }

    private void printList(ConfigureSupport s, List<Journal> all) {
        if (output.json()) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Journal j : all) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("changeSet", j.id());
                m.put("status", j.status().label());
                m.put("command", j.command());
                m.put("created", j.created());
                m.put("steps", j.entries().size());
                rows.add(m);
            }
            s.printJson(rows);
            return;
        }
        if (all.isEmpty()) {
            env.out().println(s.messages().get("configure.cli.undo.none"));
        } else {
            env.out().println(s.messages().get("configure.cli.undo.list-heading"));
            for (Journal j : all) {
                env.out().println("  " + s.messages().get("configure.cli.undo.line", j.id(), status(s, j), j.command(), j.entries().size()));
            }
        }
        env.out().flush();
    }
}
