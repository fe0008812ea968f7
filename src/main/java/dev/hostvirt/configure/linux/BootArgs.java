package dev.hostvirt.configure.linux;

import dev.hostvirt.configure.Action;
import dev.hostvirt.configure.ActionFailed;
import dev.hostvirt.configure.FileProblem;
import dev.hostvirt.configure.AtomicFiles;
import dev.hostvirt.configure.Machine;
import dev.hostvirt.configure.Reboot;
import dev.hostvirt.configure.SettingAction;
import dev.hostvirt.configure.Step;
import dev.hostvirt.host.CommandOutput;
import dev.hostvirt.i18n.Text;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A kernel command-line argument set through the boot loader's own tool (linux-anchors 6.3): grubby on
 * Fedora/RHEL, or GRUB_CMDLINE_LINUX in /etc/default/grub followed by update-grub on Debian/Ubuntu.
 * Both read back what they wrote, so restore puts back the exact value (or its absence).
 */
public final class BootArgs {
    public static final String GRUBBY = "linux.grubby-arg";
    public static final String GRUB_DEFAULT = "linux.grub-default";
    public static final String GRUB_FILE = "/etc/default/grub";
    private static final Pattern CMDLINE = Pattern.compile("(?m)^GRUB_CMDLINE_LINUX=\"([^\"]*)\"[ \\t]*$");

    private BootArgs() {
    }

    public static Step grubby(String name, String value, Text why) {
        return new Step(GRUBBY, Map.of("name", name, "value", value), Text.of("configure.step.kernel-arg", name + "=" + value), why,
                List.of(List.of("grubby", "--update-kernel=ALL", "--args=" + name + "=" + value)), null, true, Reboot.REBOOT);
    }

    /** {@code text} with {@code name=value} in GRUB_CMDLINE_LINUX (replacing another value of it); null if not editable. */
    public static String withArg(String text, String name, String value) {
        Matcher m = CMDLINE.matcher(text);
        String arg = name + "=" + value;
        if (!m.find()) {
            return (text.isEmpty() || text.endsWith("\n") ? text : text + "\n") + "GRUB_CMDLINE_LINUX=\"" + arg + "\"\n";
        }
        String args = m.group(1);
        String updated = args.matches("(.*\\s)?" + Pattern.quote(name) + "=\\S*(\\s.*)?")
                ? args.replaceAll("(^|\\s)" + Pattern.quote(name) + "=\\S*", "$1" + Matcher.quoteReplacement(arg))
                : (args.isBlank() ? arg : args + " " + arg);
        return text.substring(0, m.start(1)) + updated + text.substring(m.end(1));
    }

    public static Step grubDefault(String newText, String arg, Text why) {
        return new Step(GRUB_DEFAULT, Map.of("content", newText), Text.of("configure.step.kernel-arg", arg), why,
                List.of(List.of("update-grub")), new dev.hostvirt.configure.FileChange(GRUB_FILE, newText), true, Reboot.REBOOT);
    }

    static final class Grubby extends SettingAction {
        private static final Pattern ARGS = Pattern.compile("(?m)^args=\"([^\"]*)\"");

        @Override
        public String capture(Machine m, Step s) {
            CommandOutput out = m.runChecked(List.of("grubby", "--info=DEFAULT"));
            Matcher a = ARGS.matcher(out.stdout());
            if (!a.find()) {
                throw new ActionFailed(Text.of("configure.error.grubby-unreadable"));
            }
            for (String arg : a.group(1).trim().split("\\s+")) {
                if (arg.startsWith(s.param("name") + "=")) {
                    return SettingAction.value(arg.substring(s.param("name").length() + 1));
                }
            }
            return ABSENT;
        }

        @Override
        protected String wanted(Step s) {
            return s.param("value");
        }

        @Override
        protected void set(Machine m, Step s, String value) {
            m.runChecked(List.of("grubby", "--update-kernel=ALL", "--args=" + s.param("name") + "=" + value));
        }

        @Override
        protected void unset(Machine m, Step s) {
            m.runChecked(List.of("grubby", "--update-kernel=ALL", "--remove-args=" + s.param("name")));
        }
    }

    /** /etc/default/grub and the grub.cfg update-grub makes from it change together, and go back together. */
    static final class GrubDefault implements Action {
        @Override
        public String capture(Machine m, Step s) {
            String now = LinuxActions.readUnderRoot(m, GRUB_FILE);
            if (now == null) {
                throw new ActionFailed(Text.of("configure.error.file", GRUB_FILE, "missing"));
            }
            return "bytes:" + Base64.getEncoder().encodeToString(now.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void apply(Machine m, Step s) {
            write(m, s.param("content").getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public boolean satisfied(Machine m, Step s) {
            return s.param("content").equals(LinuxActions.readUnderRoot(m, GRUB_FILE));
        }

        @Override
        public void restore(Machine m, Step s, String before) {
            // Always regenerate: a crash may have come between writing the file and update-grub.
            write(m, Base64.getDecoder().decode(before.substring("bytes:".length())));
        }

        private static void write(Machine m, byte[] bytes) {
            try {
                AtomicFiles.write(m.path(GRUB_FILE), bytes);
            } catch (java.io.UncheckedIOException e) {
                throw new ActionFailed(Text.of("configure.error.file", GRUB_FILE, FileProblem.reason(e.getCause())));
            }
            m.runChecked(List.of("update-grub"));
        }
    }
}
