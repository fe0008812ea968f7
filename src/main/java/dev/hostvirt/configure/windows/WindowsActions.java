package dev.hostvirt.configure.windows;

import dev.hostvirt.configure.Action;
import dev.hostvirt.configure.ActionFailed;
import dev.hostvirt.configure.FileProblem;
import dev.hostvirt.configure.Actions;
import dev.hostvirt.configure.Machine;
import dev.hostvirt.configure.Reboot;
import dev.hostvirt.configure.SettingAction;
import dev.hostvirt.configure.Step;
import dev.hostvirt.facts.windows.BcdCopyParser;
import dev.hostvirt.facts.windows.BcdEditParser;
import dev.hostvirt.facts.windows.BcdEntry;
import dev.hostvirt.facts.windows.FeatureState;
import dev.hostvirt.facts.windows.LaunchType;
import dev.hostvirt.facts.windows.WindowsSourceNames;
import dev.hostvirt.host.CommandOutput;
import dev.hostvirt.i18n.Text;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Windows step kinds. Every program gets its arguments as separate argv elements (no shell, so
 * PowerShell never eats the braces of {current}); every decision reads exit codes, element names,
 * GUIDs and REG_DWORD values, never a translated sentence.
 */
public final class WindowsActions {
    public static final String BCDEDIT = "bcdedit.exe";
    public static final String DISM = "dism.exe";
    public static final String WSL = "wsl.exe";
    public static final String REG = "reg.exe";
    /** ERROR_SUCCESS_REBOOT_REQUIRED: dism finished, the change takes effect at the next boot. */
    public static final int REBOOT_REQUIRED = 3010;

    public static final String BCD_EXPORT = "windows.bcd.export";
    public static final String BCD_VALUE = "windows.bcd.value";
    public static final String BCD_COPY = "windows.bcd.copy";
    public static final String FEATURE = "windows.feature";
    public static final String WSL_INSTALL = "windows.wsl.install";
    public static final String WSL_VERSION = "windows.wsl.default-version";
    public static final String REG_DWORD = "windows.registry.dword";
    static final String NEW_ENTRY = "{new-entry-guid}";

    private WindowsActions() {
    }

    public static void register(Actions a) {
        a.register(BCD_EXPORT, new BcdExport())
                .register(BCD_VALUE, new BcdValue())
                .register(BCD_COPY, new BcdCopy())
                .register(FEATURE, new Feature())
                .register(WSL_INSTALL, new WslInstall())
                .register(WSL_VERSION, new WslDefaultVersion())
                .register(REG_DWORD, new RegistryDword());
    }

    public static Step exportBcd(String file) {
        return new Step(BCD_EXPORT, Map.of("file", file), Text.of("configure.step.bcd-export", file),
                Text.of("configure.why.bcd-export"), List.of(List.of(BCDEDIT, "/export", file)), null, true, Reboot.NONE);
    }

    /** {@code value} is Off, Auto, or "absent" (delete the element: the state before Hyper-V wrote it). */
    public static Step launchType(String entry, String value, Text why) {
        List<String> argv = "absent".equals(value)
                ? List.of(BCDEDIT, "/deletevalue", entry, BcdEntry.LAUNCH_TYPE)
                : List.of(BCDEDIT, "/set", entry, BcdEntry.LAUNCH_TYPE, value);
        return new Step(BCD_VALUE, Map.of("entry", entry, "value", value),
                Text.of("absent".equals(value) ? "configure.step.bcd-delete" : "configure.step.bcd-set", entry, value), why,
                List.of(argv), null, true, Reboot.REBOOT);
    }

    public static Step copyEntryWithoutHypervisor(String name) {
        return new Step(BCD_COPY, Map.of("name", name), Text.of("configure.step.bcd-copy", name),
                Text.of("configure.why.bcd-copy"),
                List.of(List.of(BCDEDIT, "/copy", "{current}", "/d", name),
                        List.of(BCDEDIT, "/set", NEW_ENTRY, BcdEntry.LAUNCH_TYPE, "Off")), null, true, Reboot.REBOOT);
    }

    public static Step enableFeature(String feature, Text why) {
        return new Step(FEATURE, Map.of("feature", feature), Text.of("configure.step.feature", feature), why,
                List.of(enableArgv(feature)), null, true, Reboot.REBOOT);
    }

    static List<String> enableArgv(String feature) {
        return List.of(DISM, "/Online", "/English", "/NoRestart", "/Enable-Feature", "/FeatureName:" + feature, "/All");
    }

    static List<String> disableArgv(String feature) {
        return List.of(DISM, "/Online", "/English", "/NoRestart", "/Disable-Feature", "/FeatureName:" + feature);
    }

    public static Step installWsl() {
        return new Step(WSL_INSTALL, Map.of(), Text.of("configure.step.wsl-install"), Text.of("configure.why.wsl-install"),
                List.of(List.of(WSL, "--install", "--no-distribution")), null, false, Reboot.REBOOT);
    }

    public static Step wslDefaultVersion2() {
        return new Step(WSL_VERSION, Map.of("version", "2"), Text.of("configure.step.wsl-version"), Text.of("configure.why.wsl-version"),
                List.of(List.of(WSL, "--set-default-version", "2")), null, true, Reboot.NONE);
    }

    public static Step registryDword(String key, String name, int value, Text what, Text why) {
        return new Step(REG_DWORD, Map.of("key", key, "name", name, "value", String.valueOf(value)), what, why,
                List.of(List.of(REG, "add", key, "/v", name, "/t", "REG_DWORD", "/d", String.valueOf(value), "/f")),
                null, true, Reboot.REBOOT);
    }

    /** Read through the detector's bcdedit parser: one reading of that text for check and switch. */
    static List<BcdEntry> enumerate(Machine m, String what) {
        CommandOutput out = m.runChecked(List.of(BCDEDIT, "/enum", what, "/v"));
        return BcdEditParser.entries(out.stdout());
    }

    /** bcdedit /export into hostvirt's state directory; the backup stays (it is not machine state). */
    static final class BcdExport implements Action {
        @Override
        public String capture(Machine m, Step s) {
            return Files.isRegularFile(m.path(s.param("file"))) ? "exists" : "absent";
        }

        @Override
        public void apply(Machine m, Step s) {
            try {
                Files.createDirectories(m.path(s.param("file")).getParent());
            } catch (java.io.IOException e) {
                throw new ActionFailed(Text.of("configure.error.file", s.param("file"), FileProblem.reason(e)));
            }
            m.runChecked(List.of(BCDEDIT, "/export", s.param("file")));
        }

        @Override
        public boolean satisfied(Machine m, Step s) {
            return capture(m, s).equals("exists");
        }

        @Override
        public void restore(Machine m, Step s, String before) {
            // Keeping a backup is harmless and may be the user's last resort (bcdedit /import).
        }
    }

    /** hypervisorlaunchtype of one entry: Off, Auto or not set. */
    static final class BcdValue implements Action {
        @Override
        public String capture(Machine m, Step s) {
            List<BcdEntry> blocks = enumerate(m, s.param("entry"));
            if (blocks.isEmpty()) {
                throw new ActionFailed(Text.of("configure.error.bcd-unreadable", s.param("entry")));
            }
            Optional<String> v = blocks.get(0).element(BcdEntry.LAUNCH_TYPE);
            return switch (blocks.get(0).launchType()) {
                case OFF -> "Off";
                case AUTO -> "Auto";
                case ABSENT -> "absent";
                case UNKNOWN -> v.orElse("absent");
            };
        }

        @Override
        public void apply(Machine m, Step s) {
            put(m, s.param("entry"), s.param("value"));
        }

        @Override
        public boolean satisfied(Machine m, Step s) {
            return capture(m, s).equalsIgnoreCase(s.param("value"));
        }

        @Override
        public void restore(Machine m, Step s, String before) {
            if (!capture(m, s).equalsIgnoreCase(before)) {
                put(m, s.param("entry"), before);
            }
        }

        private static void put(Machine m, String entry, String value) {
            if ("absent".equals(value)) {
                m.runChecked(List.of(BCDEDIT, "/deletevalue", entry, BcdEntry.LAUNCH_TYPE));
            } else {
                m.runChecked(List.of(BCDEDIT, "/set", entry, BcdEntry.LAUNCH_TYPE, value));
            }
        }
    }

    /**
     * A copy of {current} named by the user with the hypervisor off. The before-state is the set of
     * entries that already had that name, so a restore deletes exactly the copies hostvirt made, even
     * when it crashed between bcdedit /copy and the journal knowing the new GUID.
     */
    static final class BcdCopy implements Action {
        @Override
        public String capture(Machine m, Step s) {
            return String.join(",", named(m, s.param("name")).stream().map(BcdEntry::identifier).toList());
        }

        @Override
        public void apply(Machine m, Step s) {
            CommandOutput out = m.runChecked(List.of(BCDEDIT, "/copy", "{current}", "/d", s.param("name")));
            String guid = BcdCopyParser.newEntryId(out.stdout() + "\n" + out.stderr());
            if (guid == null) {
                throw new ActionFailed(Text.of("configure.error.bcd-copy-guid"));
            }
            m.runChecked(List.of(BCDEDIT, "/set", guid, BcdEntry.LAUNCH_TYPE, "Off"));
        }

        @Override
        public boolean satisfied(Machine m, Step s) {
            return named(m, s.param("name")).stream().anyMatch(b -> b.launchType() == LaunchType.OFF);
        }

        @Override
        public void restore(Machine m, Step s, String before) {
            List<String> keep = before.isEmpty() ? List.of() : Arrays.asList(before.split(","));
            for (BcdEntry b : named(m, s.param("name"))) {
                // Only a real GUID is deleted: never {current} or {bootmgr}, whatever their description.
                if (!keep.contains(b.identifier()) && b.identifier().equals(BcdCopyParser.newEntryId(b.identifier()))) {
                    m.runChecked(List.of(BCDEDIT, "/delete", b.identifier()));
                }
            }
        }

        private static List<BcdEntry> named(Machine m, String name) {
            List<BcdEntry> out = new ArrayList<>();
            for (BcdEntry b : enumerate(m, "osloader")) {
                if (b.element("description").map(name::equals).orElse(false)) {
                    out.add(b);
                }
            }
            return out;
        }
    }

    /** An optional feature through dism; 3010 is success with a reboot to come. */
    static final class Feature implements Action {
        @Override
        public String capture(Machine m, Step s) {
            CommandOutput out = m.runChecked(List.of(DISM, "/Online", "/English", "/Get-FeatureInfo",
                    "/FeatureName:" + s.param("feature")));
            FeatureState st = DismFeatureInfo.state(out.stdout());
            if (st == FeatureState.UNKNOWN) {
                throw new ActionFailed(Text.of("configure.error.feature-unreadable", s.param("feature")));
            }
            return st.name().toLowerCase(java.util.Locale.ROOT);
        }

        @Override
        public void apply(Machine m, Step s) {
            m.runChecked(enableArgv(s.param("feature")), 0, REBOOT_REQUIRED);
        }

        @Override
        public boolean satisfied(Machine m, Step s) {
            return capture(m, s).equals("enabled");
        }

        @Override
        public void restore(Machine m, Step s, String before) {
            if ("disabled".equals(before) && satisfied(m, s)) {
                m.runChecked(disableArgv(s.param("feature")), 0, REBOOT_REQUIRED);
            }
        }
    }

    /** wsl --install --no-distribution: not reverted (WSL stays; removing it is the user's call). */
    static final class WslInstall implements Action {
        @Override
        public String capture(Machine m, Step s) {
            return installed(m) ? "installed" : "missing";
        }

        @Override
        public void apply(Machine m, Step s) {
            m.runChecked(List.of(WSL, "--install", "--no-distribution"), 0, REBOOT_REQUIRED);
        }

        @Override
        public boolean satisfied(Machine m, Step s) {
            return installed(m);
        }

        @Override
        public void restore(Machine m, Step s, String before) {
            // irreversible by design: the plan says so, and undo reports it
        }

        static boolean installed(Machine m) {
            var r = m.runner().run(List.of(WSL, "--status"));
            return r instanceof dev.hostvirt.host.Reading.Present<CommandOutput> p && p.value().exit() == 0;
        }
    }

    /** The default WSL version, read as Lxss DefaultVersion (REG_DWORD) through reg.exe. */
    static final class WslDefaultVersion extends SettingAction {
        @Override
        public String capture(Machine m, Step s) {
            return RegistryDword.read(m, WindowsSourceNames.REG_LXSS, "DefaultVersion");
        }

        @Override
        protected String wanted(Step s) {
            return s.param("version");
        }

        @Override
        protected void set(Machine m, Step s, String value) {
            m.runChecked(List.of(WSL, "--set-default-version", value));
        }

        @Override
        protected void unset(Machine m, Step s) {
            m.runChecked(List.of(REG, "delete", WindowsSourceNames.REG_LXSS, "/v", "DefaultVersion", "/f"));
        }
    }

    /** One REG_DWORD value, set with reg.exe add and put back (or deleted) on restore. */
    static final class RegistryDword extends SettingAction {
        @Override
        public String capture(Machine m, Step s) {
            return read(m, s.param("key"), s.param("name"));
        }

        @Override
        protected String wanted(Step s) {
            return s.param("value");
        }

        @Override
        protected void set(Machine m, Step s, String value) {
            write(m, s.param("key"), s.param("name"), value);
        }

        @Override
        protected void unset(Machine m, Step s) {
            m.runChecked(List.of(REG, "delete", s.param("key"), "/v", s.param("name"), "/f"));
        }

        static void write(Machine m, String key, String name, String value) {
            m.runChecked(List.of(REG, "add", key, "/v", name, "/t", "REG_DWORD", "/d", value, "/f"));
        }

        /** reg.exe query exits 1 when the value does not exist (its message is translated, the code is not). */
        static String read(Machine m, String key, String name) {
            CommandOutput out = m.run(List.of(REG, "query", key, "/v", name));
            if (out.exit() != 0) {
                return SettingAction.ABSENT;
            }
            return RegQuery.dword(out.stdout()).map(v -> SettingAction.value(String.valueOf(v)))
                    .orElseThrow(() -> new ActionFailed(Text.of("configure.error.registry-unreadable", key, name)));
        }
    }
}
