package dev.hostvirt.configure.linux;

import dev.hostvirt.configure.ConfigureException;
import dev.hostvirt.configure.FileAction;
import dev.hostvirt.configure.Plan;
import dev.hostvirt.configure.Reboot;
import dev.hostvirt.configure.Step;
import dev.hostvirt.configure.UserInput;
import dev.hostvirt.facts.linux.Identity;
import dev.hostvirt.facts.linux.SubIds;
import dev.hostvirt.i18n.Text;
import dev.hostvirt.rules.linux.VirtualBoxKvmMatrix;
import dev.hostvirt.rules.linux.VirtualBoxKvmMatrix.Persist;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Plans Linux switches and enables from the before-state: only what differs becomes a step. */
public final class LinuxPlanner {
    public static final String DROP_IN = "/etc/modprobe.d/hostvirt-kvm.conf";
    public static final String SYSCTL_DROP_IN = "/etc/sysctl.d/60-hostvirt-rootless.conf";
    public static final String DROP_IN_MARKER = "# Written by hostvirt; 'hostvirt switch kvm' or 'hostvirt undo' removes it.";
    public static final String SYSCTL_MARKER = "# Written by hostvirt (enable rootless); 'hostvirt undo' removes it.";
    static final String VIRT_AT_LOAD = "kvm.enable_virt_at_load";
    static final List<String> VBOX_MODULES = List.of("vboxnetadp", "vboxnetflt", "vboxdrv");
    /** The vendor modules that take VT-x/AMD-V (kvm_pvm does not). */
    static final List<String> VENDOR_MODULES = List.of("kvm_intel", "kvm_amd");
    /** Podman's rootless tutorial and usermod's --add-subuids examples use 65536 ids from 100000. */
    static final long SUBID_COUNT = 65536;
    static final long SUBID_FIRST = 100000;

    private final LinuxState state;

    public LinuxPlanner(LinuxState state) {
        this.state = state;
    }

    public void requireRoot() {
        if (!state.root()) {
            throw new ConfigureException(Text.of("configure.linux.need-root"), 1);
        }
    }

    public Plan switchTo(String target, String kvmGroupUser) {
        return switch (target) {
            case "virtualbox" -> {
                if (kvmGroupUser != null) {
                    throw new ConfigureException(Text.of("configure.error.kvm-group-only-kvm"), 2);
                }
                yield toVirtualbox();
            }
            case "kvm" -> toKvm(kvmGroupUser);
            default -> throw new ConfigureException(Text.of("configure.error.target-platform", target, "linux", "virtualbox, kvm"), 2);
        };
    }

    private Plan toVirtualbox() {
        if (state.kvmInUse().orElse(false)) {
            throw new ConfigureException(Text.of("configure.linux.kvm-vm-running"), 1);
        }
        if (!state.hardwareVirtualization().orElse(true)) {
            // No VT-x/AMD-V: VirtualBox cannot run VMs, and KVM (even kvm_pvm, which runs without it) holds
            // nothing VirtualBox would need.
            throw new ConfigureException(Text.of("configure.linux.vbox-no-hardware-virt"), 1);
        }
        if (state.kvmBuiltIn()) {
            return builtInToVirtualbox();
        }
        List<Step> steps = new ArrayList<>();
        List<Text> notes = new ArrayList<>();
        Persist persist = persist();
        List<String> vendors = VENDOR_MODULES.stream().filter(state::moduleLoaded).toList();
        // kvm_pvm runs without VT-x and keeps kvm loaded: kvm's parameters cannot change while it stays.
        boolean pvm = state.moduleLoaded("kvm_pvm");
        // Before 6.12 an idle vendor module never holds VT-x (NONE: the matrix). With the
        // enable_virt_at_load=0 drop-in, one already loaded with N does not either.
        boolean unload = !vendors.isEmpty() && switch (persist) {
            case NONE -> false;
            case ENABLE_VIRT_AT_LOAD_OFF -> !state.kvmVirtAtLoad().map(v -> v.startsWith("N") || v.equals("0")).orElse(false);
            case BLACKLIST -> true;
        };
        if (unload) {
            Text whyUnload = Text.of("configure.why.kvm-holds-vtx");
            for (String m : vendors) {
                steps.add(LinuxActions.unloadModule(m, whyUnload));
            }
            if (state.moduleLoaded("kvm") && !pvm) {
                steps.add(LinuxActions.unloadModule("kvm", whyUnload));
            }
        }
        String kernel = state.kernel().map(Object::toString).orElse("(version unknown)");
        String vbox = state.virtualbox().map(Object::toString).orElse(state.programExists("VBoxManage") ? "(version unknown)" : "(not installed)");
        String content = KvmDropIn.text(persist, "Linux " + kernel + ", VirtualBox " + vbox + ": " + switch (persist) {
            case ENABLE_VIRT_AT_LOAD_OFF -> "kvm enables VT-x at load since 6.12; this VirtualBox needs it left off.";
            case BLACKLIST -> "this VirtualBox needs kvm_intel/kvm_amd not loaded at all.";
            case NONE -> "";
        });
        Optional<String> existing = state.etcFile(DROP_IN);
        if (content != null && !existing.map(content::equals).orElse(false)) {
            steps.add(FileAction.write(DROP_IN, content, Text.of("configure.step.dropin-write", DROP_IN),
                    Text.of("configure.why.persist." + persist.name().toLowerCase(java.util.Locale.ROOT), kernel, vbox), Reboot.NONE));
        } else if (content == null && existing.map(t -> t.startsWith(DROP_IN_MARKER)).orElse(false)) {
            steps.add(FileAction.remove(DROP_IN, Text.of("configure.step.dropin-remove", DROP_IN),
                    Text.of("configure.why.persist.none", kernel, vbox), Reboot.NONE));
        }
        boolean cmdlineOn = cmdlineSays(true);
        if (persist == Persist.ENABLE_VIRT_AT_LOAD_OFF && cmdlineOn) {
            // A kvm.* argument on the kernel command line reaches the module after modprobe.d's options
            // and wins over them (modprobe(8)): a drop-in alone would not turn it off.
            steps.addAll(bootArg(VIRT_AT_LOAD, "0", Text.of("configure.why.kvm-cmdline-wins")));
        }
        // Loaded again after the drop-in, kvm reads enable_virt_at_load=0 and KVM stays usable now, not
        // only from the next boot. Not while kvm stayed (kvm_pvm) or the command line still says Y.
        boolean reload = unload && persist == Persist.ENABLE_VIRT_AT_LOAD_OFF && !pvm && !cmdlineOn;
        if (reload) {
            for (String m : vendors) {
                steps.add(LinuxActions.loadModule(m, Text.of("configure.why.kvm-reload")));
            }
        }
        if (state.virtualbox().isPresent() && !state.moduleLoaded("vboxdrv")) {
            steps.add(LinuxActions.loadModule("vboxdrv", Text.of("configure.why.vboxdrv")));
        }
        if (state.virtualbox().isEmpty()) {
            notes.add(Text.of("configure.note.virtualbox-missing"));
        }
        if (persist == Persist.BLACKLIST) {
            notes.add(Text.of("configure.note.linux-kvm-stops"));
        } else if (unload && !reload) {
            notes.add(Text.of("configure.note.linux-kvm-next-boot", String.join(", ", vendors)));
        } else {
            notes.add(Text.of("configure.note.linux-kvm-on-demand"));
        }
        return new Plan("switch virtualbox", steps, notes);
    }

    /**
     * KVM built into the kernel can be neither unloaded nor blacklisted; kvm.enable_virt_at_load is then
     * a kernel command-line parameter (VirtualBox 7.1.4 changelog, linux-anchors 5.4), and VirtualBox
     * 7.2.10+ works with the default (Y) off 6.12 (void-packages#61332).
     */
    private Plan builtInToVirtualbox() {
        List<Step> steps = new ArrayList<>();
        List<Text> notes = new ArrayList<>(List.of(Text.of("configure.note.kvm-builtin")));
        Persist persist = persist();
        if (state.kernel().isPresent() && state.virtualbox().isPresent() && VirtualBoxKvmMatrix.panicRisk(
                state.kernel().get(), state.virtualbox().get(), state.cpuVendor().map(v -> "kvm_" + v).orElse(null))) {
            // No setting helps: the panic needs kvm_intel absent, and built-in KVM cannot be removed.
            throw new ConfigureException(Text.of("configure.linux.kvm-builtin-panic", state.virtualbox().get().text(),
                    state.kernel().get().text()), 1);
        }
        if (persist == Persist.ENABLE_VIRT_AT_LOAD_OFF) {
            steps.addAll(bootArg(VIRT_AT_LOAD, "0", Text.of("configure.why.kvm-builtin-arg")));
        } else if (persist == Persist.BLACKLIST && state.virtualbox().isEmpty()) {
            throw new ConfigureException(Text.of("configure.linux.kvm-builtin-vbox-unknown"), 1);
        } else if (state.kernel().isPresent() && state.virtualbox().isPresent() && cmdlineSays(false)
                && !VirtualBoxKvmMatrix.onDemandKernel(state.kernel().get())
                && VirtualBoxKvmMatrix.needsVirtAtLoad(state.kernel().get(), state.virtualbox().get())) {
            // An earlier =0 (the pre-7.2.10 advice) makes VirtualBox 7.2.10+ fail off 6.12 (linux-anchors 5.4).
            steps.addAll(bootArg(VIRT_AT_LOAD, "1", Text.of("configure.why.kvm-virt-at-load-on")));
        }
        if (state.virtualbox().isPresent() && !state.moduleLoaded("vboxdrv")) {
            steps.add(LinuxActions.loadModule("vboxdrv", Text.of("configure.why.vboxdrv")));
        }
        notes.add(Text.of("configure.note.linux-kvm-on-demand"));
        return new Plan("switch virtualbox", steps, notes);
    }

    /** The kernel command line sets kvm.enable_virt_at_load, to Y/1 ({@code on}) or N/0. */
    private boolean cmdlineSays(boolean on) {
        return state.cmdlineVirtAtLoad().map(v -> (v.startsWith("Y") || v.startsWith("y") || v.equals("1")) == on).orElse(false);
    }

    private Persist persist() {
        return VirtualBoxKvmMatrix.persist(state.kernel().orElse(null), state.virtualbox().orElse(null));
    }

    /** name=value on the kernel command line through the boot loader's tool; nothing if already there. */
    private List<Step> bootArg(String name, String value, Text why) {
        if (state.programExists("grubby")) {
            return List.of(BootArgs.grubby(name, value, why));
        }
        if (state.programExists("update-grub") && state.etcFile(BootArgs.GRUB_FILE).isPresent()) {
            String text = state.etcFile(BootArgs.GRUB_FILE).get();
            String updated = BootArgs.withArg(text, name, value);
            return updated.equals(text) ? List.of() : List.of(BootArgs.grubDefault(updated, name + "=" + value, why));
        }
        throw new ConfigureException(Text.of("configure.linux.no-bootloader-tool", name + "=" + value), 1);
    }

    private Plan toKvm(String groupUser) {
        List<Step> steps = new ArrayList<>();
        List<Text> notes = new ArrayList<>();
        Optional<String> existing = state.etcFile(DROP_IN);
        if (existing.isPresent()) {
            if (existing.get().startsWith(DROP_IN_MARKER)) {
                steps.add(FileAction.remove(DROP_IN, Text.of("configure.step.dropin-remove", DROP_IN),
                        Text.of("configure.why.dropin-ours"), Reboot.NONE));
            } else {
                notes.add(Text.of("configure.note.dropin-not-ours", DROP_IN));
            }
        }
        for (String m : VBOX_MODULES) {
            if (state.moduleLoaded(m)) {
                steps.add(LinuxActions.unloadModule(m, Text.of("configure.why.vbox-holds-vtx")));
            }
        }
        Optional<String> vendor = state.cpuVendor();
        if (vendor.isEmpty()) {
            notes.add(Text.of("configure.note.cpu-vendor-unknown"));
        } else {
            String module = "kvm_" + vendor.get();
            if (!state.moduleLoaded(module)) {
                if (state.hardwareVirtualization().orElse(true)) {
                    steps.add(LinuxActions.loadModule(module, Text.of("configure.why.kvm-load")));
                } else if (state.moduleLoaded("kvm_pvm")) {
                    notes.add(Text.of("configure.note.kvm-pvm"));
                } else {
                    // modprobe would fail with "Operation not supported" after VirtualBox had been unloaded.
                    throw new ConfigureException(Text.of("configure.linux.no-hardware-virt", module,
                            vendor.get().equals("amd") ? "AMD-V (svm)" : "Intel VT-x (vmx)"), 1);
                }
            }
        }
        if (groupUser != null) {
            String user = UserInput.userName(groupUser);
            if (state.etcFile("/etc/passwd").map(p -> uid(p, user) == null).orElse(true)) {
                throw new ConfigureException(Text.of("configure.error.no-such-user", user), 2);
            }
            String groups = state.etcFile("/etc/group").orElse("");
            if (!groups.startsWith("kvm:") && !groups.contains("\nkvm:")) {
                throw new ConfigureException(Text.of("configure.error.no-kvm-group"), 1);
            }
            if (!LinuxActions.GroupAction.member(groups, "kvm", user)) {
                steps.add(LinuxActions.addToGroup(user, "kvm", Text.of("configure.why.kvm-group")));
                notes.add(Text.of("configure.note.relogin", user));
            }
        }
        notes.add(Text.of("configure.note.virtualbox-stops"));
        return new Plan("switch kvm", steps, notes);
    }

    public Plan enable(String target, String user) {
        return switch (target) {
            case "containers" -> containers();
            case "rootless" -> rootless(user);
            case "cgroupv2" -> cgroupV2();
            default -> throw new ConfigureException(Text.of("configure.error.target-platform", target, "linux", "containers, rootless, cgroupv2"), 2);
        };
    }

    private PackageManager packageManager() {
        return state.packageManager().orElseThrow(() -> new ConfigureException(Text.of("configure.linux.no-package-manager"), 1));
    }

    private Plan containers() {
        List<Step> steps = new ArrayList<>();
        List<Text> notes = new ArrayList<>();
        if (state.programExists("podman") || state.programExists("docker")) {
            notes.add(Text.of("configure.note.runtime-present"));
        } else {
            steps.add(LinuxActions.installPackage(packageManager(), "podman", Text.of("configure.why.runtime")));
        }
        return new Plan("enable containers", steps, notes);
    }

    private Plan rootless(String rawUser) {
        if (rawUser == null) {
            throw new ConfigureException(Text.of("configure.error.user-needed"), 2);
        }
        String user = UserInput.userName(rawUser);
        String passwd = state.etcFile("/etc/passwd").orElse("");
        String uid = uid(passwd, user);
        if (uid == null) {
            throw new ConfigureException(Text.of("configure.error.no-such-user", user), 2);
        }
        List<Step> steps = new ArrayList<>();
        List<Text> notes = new ArrayList<>();
        if (!state.programExists("newuidmap") || !state.programExists("newgidmap")) {
            PackageManager pm = packageManager();
            steps.add(LinuxActions.installPackage(pm, pm.uidmapPackage(), Text.of("configure.why.uidmap")));
        }
        boolean subChanged = false;
        for (String file : List.of("/etc/subuid", "/etc/subgid")) {
            String text = state.etcFile(file).orElse("");
            if (!hasRange(text, user, uid)) {
                long start = nextStart(text);
                String updated = (text.isEmpty() || text.endsWith("\n") ? text : text + "\n")
                        + user + ":" + start + ":" + SUBID_COUNT + "\n";
                steps.add(FileAction.write(file, updated, Text.of("configure.step.subid", file, user, start + "-" + (start + SUBID_COUNT - 1)),
                        Text.of("configure.why.subid"), Reboot.NONE));
                subChanged = true;
            }
        }
        List<String> lines = new ArrayList<>();
        List<Step> live = new ArrayList<>();
        if (state.procSys("user/max_user_namespaces").map("0"::equals).orElse(false)) {
            lines.add("user.max_user_namespaces = 28633");
            live.add(LinuxActions.sysctl("user.max_user_namespaces", "28633", Text.of("configure.why.userns")));
        }
        if (state.procSys("kernel/unprivileged_userns_clone").map("0"::equals).orElse(false)) {
            lines.add("kernel.unprivileged_userns_clone = 1");
            live.add(LinuxActions.sysctl("kernel.unprivileged_userns_clone", "1", Text.of("configure.why.userns")));
        }
        if (!lines.isEmpty()) {
            String content = SYSCTL_MARKER + "\n" + String.join("\n", lines) + "\n";
            if (!state.etcFile(SYSCTL_DROP_IN).map(content::equals).orElse(false)) {
                steps.add(FileAction.write(SYSCTL_DROP_IN, content, Text.of("configure.step.dropin-write", SYSCTL_DROP_IN),
                        Text.of("configure.why.userns"), Reboot.NONE));
            }
            steps.addAll(live);
        }
        if (subChanged) {
            notes.add(Text.of("configure.note.podman-migrate", user));
        }
        return new Plan("enable rootless", steps, notes);
    }

    /**
     * The unified cgroup hierarchy on the kernel command line, through the boot loader's own tool.
     * Only on request: it changes how every service is accounted, and needs a reboot.
     */
    private Plan cgroupV2() {
        List<Text> notes = new ArrayList<>();
        if (state.cgroupV2()) {
            return new Plan("enable cgroupv2", List.of(), List.of(Text.of("configure.note.cgroupv2-already")));
        }
        List<Step> steps = new ArrayList<>(bootArg("systemd.unified_cgroup_hierarchy", "1", Text.of("configure.why.cgroupv2")));
        notes.add(Text.of("configure.note.cgroupv2-reboot"));
        return new Plan("enable cgroupv2", steps, notes);
    }

    /** passwd(5) through the detector's reader; user names never look like uids (UserInput). Null when absent. */
    static String uid(String passwd, String user) {
        return Identity.passwdEntry(passwd, user).filter(f -> f[0].equals(user)).map(f -> f[2]).orElse(null);
    }

    /**
     * Enough subordinate ids, counted as the detector's rootless.subids check counts them (the total of
     * the user's ranges, by name or uid, as newuidmap reads them), so the plan adds a range exactly when
     * `check --for rootless` would fail.
     */
    static boolean hasRange(String text, String user, String uid) {
        long id;
        try {
            id = Long.parseLong(uid);
        } catch (NumberFormatException e) {
            id = -1;
        }
        return SubIds.countFor(SubIds.parse(text), user, id) >= SUBID_COUNT;
    }

    /** The first id after every existing range, so the new range overlaps none. */
    static long nextStart(String text) {
        long next = SUBID_FIRST;
        for (SubIds.Range r : SubIds.parse(text)) {
            next = Math.max(next, r.start() + r.count());
        }
        return next;
    }
}
