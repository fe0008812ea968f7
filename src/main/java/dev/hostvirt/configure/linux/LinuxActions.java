package dev.hostvirt.configure.linux;

import dev.hostvirt.configure.Action;
import dev.hostvirt.configure.ActionFailed;
import dev.hostvirt.configure.FileProblem;
import dev.hostvirt.configure.Actions;
import dev.hostvirt.configure.Machine;
import dev.hostvirt.configure.Reboot;
import dev.hostvirt.configure.Step;
import dev.hostvirt.facts.linux.Identity;
import dev.hostvirt.host.CommandOutput;
import dev.hostvirt.host.HostPlatform;
import dev.hostvirt.i18n.Text;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The Linux step kinds: kernel modules, group membership, packages, live sysctls. */
public final class LinuxActions {
    public static final String MODULE = "linux.module";
    public static final String GROUP = "linux.group";
    public static final String PACKAGE = "linux.package";
    public static final String SYSCTL = "linux.sysctl";

    private LinuxActions() {
    }

    public static void register(Actions actions) {
        actions.register(MODULE, new ModuleAction())
                .register(GROUP, new GroupAction())
                .register(PACKAGE, new PackageAction())
                .register(SYSCTL, new SysctlAction())
                .register(BootArgs.GRUBBY, new BootArgs.Grubby())
                .register(BootArgs.GRUB_DEFAULT, new BootArgs.GrubDefault());
    }

    public static Step unloadModule(String module, Text why) {
        return new Step(MODULE, Map.of("module", module, "want", "unloaded"),
                Text.of("configure.step.module-unload", module), why,
                List.of(List.of("modprobe", "-r", module)), null, true, Reboot.NONE);
    }

    public static Step loadModule(String module, Text why) {
        return new Step(MODULE, Map.of("module", module, "want", "loaded"),
                Text.of("configure.step.module-load", module), why,
                List.of(List.of("modprobe", module)), null, true, Reboot.NONE);
    }

    public static Step addToGroup(String user, String group, Text why) {
        return new Step(GROUP, Map.of("user", user, "group", group),
                Text.of("configure.step.group-add", user, group), why,
                List.of(List.of("usermod", "-aG", group, user)), null, true, Reboot.RELOGIN);
    }

    public static Step installPackage(PackageManager pm, String pkg, Text why) {
        return new Step(PACKAGE, Map.of("manager", pm.name(), "package", pkg),
                Text.of("configure.step.package", pkg, pm.program()), why,
                List.of(pm.install(pkg)), null, true, Reboot.NONE);
    }

    public static Step sysctl(String name, String value, Text why) {
        return new Step(SYSCTL, Map.of("name", name, "value", value),
                Text.of("configure.step.sysctl", name, value), why,
                List.of(List.of("sysctl", "-w", name + "=" + value)), null, true, Reboot.NONE);
    }

    static String readUnderRoot(Machine m, String path) {
        Path p = m.path(path);
        try {
            return Files.isRegularFile(p) ? Files.readString(p, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            throw new ActionFailed(Text.of("configure.error.file-read", path, FileProblem.reason(e)));
        }
    }

    /**
     * Loads or unloads one module. Its state is read back as the detector reads it (/sys/module/NAME),
     * through a host made for that read: never an answer remembered from before the step.
     */
    static final class ModuleAction implements Action {
        @Override
        public String capture(Machine m, Step s) {
            return loaded(m, s.param("module")) ? "loaded" : "unloaded";
        }

        @Override
        public void apply(Machine m, Step s) {
            move(m, s.param("module"), s.param("want"));
        }

        @Override
        public boolean satisfied(Machine m, Step s) {
            return capture(m, s).equals(s.param("want"));
        }

        @Override
        public void restore(Machine m, Step s, String before) {
            if (!capture(m, s).equals(before)) {
                move(m, s.param("module"), before);
            }
        }

        private static void move(Machine m, String module, String want) {
            m.runChecked("loaded".equals(want) ? List.of("modprobe", module) : List.of("modprobe", "-r", module));
        }

        private static boolean loaded(Machine m, String module) {
            return m.readBack(HostPlatform.LINUX).path("/sys/module/" + module).isPresent();
        }
    }

    /** Membership of a supplementary group, read from /etc/group; undone with gpasswd -d. */
    static final class GroupAction implements Action {
        @Override
        public String capture(Machine m, Step s) {
            return member(readUnderRoot(m, "/etc/group"), s.param("group"), s.param("user")) ? "member" : "not-member";
        }

        @Override
        public void apply(Machine m, Step s) {
            m.runChecked(List.of("usermod", "-aG", s.param("group"), s.param("user")));
        }

        @Override
        public boolean satisfied(Machine m, Step s) {
            return capture(m, s).equals("member");
        }

        @Override
        public void restore(Machine m, Step s, String before) {
            if ("not-member".equals(before) && satisfied(m, s)) {
                m.runChecked(List.of("gpasswd", "-d", s.param("user"), s.param("group")));
            }
        }

        /** group(5), through the detector's reader: the same membership `check` reports. */
        public static boolean member(String groupFile, String group, String user) {
            return groupFile != null && Identity.parseGroups(groupFile).stream()
                    .anyMatch(g -> g.name().equals(group) && g.members().contains(user));
        }
    }

    /** One distribution package; undo removes it only if hostvirt installed it. */
    static final class PackageAction implements Action {
        @Override
        public String capture(Machine m, Step s) {
            PackageManager pm = PackageManager.valueOf(s.param("manager"));
            CommandOutput out = m.run(pm.query(s.param("package")));
            return pm.installed(out.exit(), out.stdout()) ? "installed" : "not-installed";
        }

        @Override
        public void apply(Machine m, Step s) {
            m.runChecked(PackageManager.valueOf(s.param("manager")).install(s.param("package")));
        }

        @Override
        public boolean satisfied(Machine m, Step s) {
            return capture(m, s).equals("installed");
        }

        @Override
        public void restore(Machine m, Step s, String before) {
            if ("not-installed".equals(before) && satisfied(m, s)) {
                m.runChecked(PackageManager.valueOf(s.param("manager")).remove(s.param("package")));
            }
        }
    }

    /** A live kernel setting (the drop-in makes it last; this makes it true now). */
    static final class SysctlAction implements Action {
        @Override
        public String capture(Machine m, Step s) {
            String v = readUnderRoot(m, "/proc/sys/" + s.param("name").replace('.', '/'));
            return v == null ? "absent" : "value:" + v.strip();
        }

        @Override
        public void apply(Machine m, Step s) {
            m.runChecked(List.of("sysctl", "-w", s.param("name") + "=" + s.param("value")));
        }

        @Override
        public boolean satisfied(Machine m, Step s) {
            return capture(m, s).equals("value:" + s.param("value"));
        }

        @Override
        public void restore(Machine m, Step s, String before) {
            if (before.startsWith("value:") && !capture(m, s).equals(before)) {
                m.runChecked(List.of("sysctl", "-w", s.param("name") + "=" + before.substring(6)));
            }
        }
    }
}
