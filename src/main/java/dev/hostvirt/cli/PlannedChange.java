package dev.hostvirt.cli;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.configure.ConfigureException;
import dev.hostvirt.configure.Configurator;
import dev.hostvirt.configure.Engine;
import dev.hostvirt.configure.Journal;
import dev.hostvirt.configure.JournalStore;
import dev.hostvirt.configure.Machine;
import dev.hostvirt.configure.Outcome;
import dev.hostvirt.configure.Plan;
import dev.hostvirt.configure.Reboot;
import dev.hostvirt.host.Host;
import dev.hostvirt.i18n.Text;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The one flow of switch, enable and apply: check elevation and interrupted change sets first, plan,
 * print, and only with --apply (and a yes) run the plan through the journaled engine.
 */
final class PlannedChange {
    private final CliEnvironment env;
    private final ReportOptions output;
    private final SnapshotOption source;
    private final ApplyOptions options;

    PlannedChange(CliEnvironment env, ReportOptions output, SnapshotOption source, ApplyOptions options) {
        this.env = env;
        this.output = output;
        this.source = source;
        this.options = options;
    }

    int run(Function<Configurator, Plan> planner) {
        ConfigureSupport s = new ConfigureSupport(env, output.messages(env), output.json());
        boolean replaying = source != null && source.replaying();
        if (replaying && options.apply) {
            throw new HostvirtException(s.messages().get("configure.cli.snapshot-no-apply"), ExitCodes.USAGE);
        }
        Host host = source != null ? source.host(env) : env.liveHost().get();
        Machine machine = replaying ? null : s.machine(host);
        Configurator c = s.configurator(host, machine);
        Engine engine = machine == null ? null : s.engine(machine);
        if (options.apply) {
            s.guarded(() -> {
                c.requireElevation();
                engine.requireNoInterrupted();
                return null;
            });
        } else if (machine != null) {
            warnInterrupted(s, machine);
        }
        Plan plan = s.guarded(() -> planner.apply(c));
        s.printPlan(plan, !options.apply);
        Map<String, Object> data = s.planData(plan, c.os(), !options.apply);
        if (!options.apply || plan.empty()) {
            if (output.json()) {
                s.printJson(data);
            }
            return ExitCodes.OK;
        }
        if (!s.confirmed(options.yes)) {
            return ExitCodes.OK;
        }
        Outcome outcome = s.guarded(() -> engine.apply(plan));
        s.printOutcome(outcome);
        if (output.json()) {
            Map<String, Object> all = new LinkedHashMap<>(data);
            all.put("result", s.outcomeData(outcome));
            s.printJson(all);
        }
        if (outcome.succeeded() && options.reboot && outcome.reboot() == Reboot.REBOOT) {
            s.reboot(machine, c.os());
        }
        return outcome.succeeded() ? ExitCodes.OK : ExitCodes.BLOCKED;
    }

    /** A dry run still says when an earlier change set is half done: it is the first thing to fix. */
    private void warnInterrupted(ConfigureSupport s, Machine machine) {
        try {
            List<Journal> stuck = new JournalStore(machine).interrupted();
            if (!stuck.isEmpty()) {
                env.err().println("hostvirt: " + s.render(Text.of("configure.error.interrupted", stuck.get(0).id())));
                env.err().flush();
            }
        } catch (ConfigureException | SecurityException e) {
            // An unreadable state directory (not root) is reported when applying, not in a dry run.
        }
    }
}
