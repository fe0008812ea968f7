package dev.hostvirt.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hostvirt.HostvirtException;
import dev.hostvirt.configure.Actions;
import dev.hostvirt.configure.ConfigureException;
import dev.hostvirt.configure.Configurator;
import dev.hostvirt.configure.Display;
import dev.hostvirt.configure.Engine;
import dev.hostvirt.configure.FaultHook;
import dev.hostvirt.configure.Machine;
import dev.hostvirt.configure.MachineSource;
import dev.hostvirt.configure.Outcome;
import dev.hostvirt.configure.Plan;
import dev.hostvirt.configure.Reboot;
import dev.hostvirt.configure.Step;
import dev.hostvirt.host.Host;
import dev.hostvirt.host.HostPlatform;
import dev.hostvirt.host.ProcessCommandRunner;
import dev.hostvirt.i18n.Messages;
import dev.hostvirt.i18n.Text;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What switch, enable, apply, undo and status share: which machine to change, how a plan and an
 * outcome are shown (text or JSON), the confirmation, and turning configurator refusals into one
 * translated line and an exit code.
 */
final class ConfigureSupport {
    /** dism and package installs can take many minutes; a hung one still ends. */
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(30);

    private final CliEnvironment env;
    private final Messages messages;
    private final boolean json;

    ConfigureSupport(CliEnvironment env, Messages messages, boolean json) {
        this.env = env;
        this.messages = messages;
        this.json = json;
    }

    Messages messages() {
        return messages;
    }

    /** The machine to change: a simulated one a test host names, else this computer. */
    Machine machine(Host host) {
        if (host instanceof MachineSource s) {
            return s.machine();
        }
        String stateDir = env.env().get("HOSTVIRT_STATE_DIR");
        if (stateDir == null || stateDir.isBlank()) {
            stateDir = HostPlatform.WINDOWS.equals(host.platform().os())
                    ? Machine.windowsStateDir(env.env().get("ProgramData")) : Machine.LINUX_STATE_DIR;
        }
        // The live machine is never re-rooted: planning reads this computer, so its changes must land here too.
        return new Machine(null, new ProcessCommandRunner(STEP_TIMEOUT, Map.of("LC_ALL", "C", "WSL_UTF8", "1")), stateDir);
    }

    Configurator configurator(Host host, Machine machine) {
        return new Configurator(host, machine, env.clock().instant(), env.env());
    }

    Engine engine(Machine machine) {
        return new Engine(machine, Actions.standard(), env.clock(), FaultHook.NONE);
    }

    /** Runs {@code body}, turning a configurator refusal into the CLI's one-line error. */
    <T> T guarded(Supplier<T> body) {
        try {
            return body.get();
        } catch (ConfigureException e) {
            throw new HostvirtException(messages.render(e.text()), e.exitCode());
        } catch (dev.hostvirt.configure.ActionFailed e) {
            throw new HostvirtException(messages.render(e.text()), ExitCodes.BLOCKED);
        }
    }

    String render(Text t) {
        return messages.render(t);
    }

    // ---- plans -------------------------------------------------------------------------------

    void printPlan(Plan plan, boolean dryRun) {
        if (json) {
            return;
        }
        var out = env.out();
        out.println(messages.get("configure.cli.plan.heading", plan.command()));
        if (plan.empty()) {
            out.println("  " + messages.get("configure.cli.plan.empty"));
        }
        int n = 1;
        for (Step s : plan.steps()) {
            out.println(String.format("  %d. %s", n++, render(s.what())));
            for (List<String> argv : s.commands()) {
                out.println("     " + messages.get("configure.cli.step.run") + ": " + Display.argv(argv));
            }
            if (s.file() != null) {
                if (s.file().removes()) {
                    out.println("     " + messages.get("configure.cli.step.remove", s.file().path()));
                } else {
                    out.println("     " + messages.get("configure.cli.step.write", s.file().path()));
                    for (String line : s.file().content().split("\r?\n")) {
                        out.println("       | " + line);
                    }
                }
            }
            out.println("     " + messages.get("configure.cli.step.why") + ": " + render(s.why()));
            out.println("     " + messages.get(s.reversible() ? "configure.cli.step.reversible" : "configure.cli.step.irreversible")
                    + " - " + messages.get("configure.cli.step.reboot." + s.reboot().name().toLowerCase(Locale.ROOT)));
        }
        if (!plan.notes().isEmpty()) {
            out.println(messages.get("configure.cli.notes"));
            for (Text note : plan.notes()) {
                out.println("  - " + render(note));
            }
        }
        if (dryRun && !plan.empty()) {
            out.println(messages.get("configure.cli.plan.dry-run"));
        }
        out.flush();
    }

    Map<String, Object> planData(Plan plan, String os, boolean dryRun) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", plan.command());
        m.put("os", os);
        m.put("dryRun", dryRun);
        List<Map<String, Object>> steps = new ArrayList<>();
        for (Step s : plan.steps()) {
            Map<String, Object> st = new LinkedHashMap<>();
            st.put("what", render(s.what()));
            st.put("why", render(s.why()));
            st.put("commands", s.commands());
            if (s.file() != null) {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("path", s.file().path());
                f.put("action", s.file().removes() ? "remove" : "write");
                if (!s.file().removes()) {
                    f.put("content", s.file().content());
                }
                st.put("file", f);
            }
            st.put("reversible", s.reversible());
            st.put("reboot", s.reboot().name().toLowerCase(Locale.ROOT));
            steps.add(st);
        }
        m.put("steps", steps);
        m.put("notes", plan.notes().stream().map(this::render).toList());
        m.put("reboot", plan.reboot().name().toLowerCase(Locale.ROOT));
        return m;
    }

    void printJson(Object data) {
        try {
            env.out().println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(data));
            env.out().flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- applying ----------------------------------------------------------------------------

    /** True when the user agreed; without a terminal to ask on, --yes is required. */
    boolean confirmed(boolean yes) {
        if (yes) {
            return true;
        }
        if (!env.terminal() || System.console() == null) {
            throw new HostvirtException(messages.get("configure.cli.need-yes"), ExitCodes.USAGE);
        }
        env.out().print(messages.get("configure.cli.confirm"));
        env.out().flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset())).readLine();
            boolean ok = answer != null && answer.trim().toLowerCase(Locale.ROOT).matches("y|yes|s|si|sí");
            if (!ok) {
                env.out().println(messages.get("configure.cli.cancelled"));
            }
            return ok;
        } catch (IOException e) {
            return false;
        }
    }

    Map<String, Object> outcomeData(Outcome o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("changeSet", o.changeSet());
        m.put("succeeded", o.succeeded());
        m.put("changed", o.changed());
        m.put("skipped", o.skipped());
        m.put("failure", o.failure() == null ? null : render(o.failure()));
        m.put("rollbackProblems", o.rollbackProblems().stream().map(this::render).toList());
        m.put("reboot", o.reboot().name().toLowerCase(Locale.ROOT));
        return m;
    }

    void printOutcome(Outcome o) {
        if (json) {
            return;
        }
        var out = env.out();
        if (o.succeeded()) {
            out.println(messages.get("configure.cli.applied", o.changeSet(), o.changed(), o.skipped()));
        } else {
            env.err().println("hostvirt: " + messages.get("configure.cli.failed", render(o.failure())));
            env.err().flush();
            boolean clean = o.rollbackProblems().stream().allMatch(t -> t.key().equals("configure.undo.irreversible"));
            if (clean) {
                out.println(messages.get("configure.cli.rolled-back", o.changeSet()));
            }
        }
        for (Text p : o.rollbackProblems()) {
            out.println("  " + messages.get("configure.cli.rollback-problem", render(p)));
        }
        printReboot(o.reboot());
        out.flush();
    }

    void printReboot(Reboot r) {
        if (r == Reboot.REBOOT) {
            env.out().println(messages.get("configure.cli.reboot-needed"));
        } else if (r == Reboot.RELOGIN) {
            env.out().println(messages.get("configure.cli.relogin-needed"));
        }
    }

    /** --reboot: restart through the platform's own tool, once everything is journaled. */
    void reboot(Machine machine, String os) {
        env.out().println(messages.get("configure.cli.rebooting"));
        env.out().flush();
        List<String> argv = HostPlatform.WINDOWS.equals(os) ? List.of("shutdown.exe", "/r", "/t", "0") : List.of("systemctl", "reboot");
        guarded(() -> machine.runChecked(argv));
    }
}
