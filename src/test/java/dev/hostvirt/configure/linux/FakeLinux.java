package dev.hostvirt.configure.linux;

import dev.hostvirt.configure.Machine;
import dev.hostvirt.configure.MachineHost;
import dev.hostvirt.facts.Version;
import dev.hostvirt.host.linux.LinuxValues;
import dev.hostvirt.host.CommandOutput;
import dev.hostvirt.host.HostPlatform;
import dev.hostvirt.host.NativeSources;
import dev.hostvirt.host.Reading;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A Linux machine in a temporary directory: /proc, /sys and /etc files the configurator reads, and a
 * stateful fake of modprobe, usermod, gpasswd, dpkg-query, apt-get, sysctl and VBoxManage that
 * changes those files the way the real tools change the kernel and /etc. Nothing touches the test
 * machine. Every call is recorded; {@link #failOn} makes one argv fail like the real tool would.
 */
public final class FakeLinux {
    public final Path root;
    public final List<List<String>> calls = new ArrayList<>();
    private final Set<List<String>> failing = new LinkedHashSet<>();
    public String vboxVersion = "7.1.4r165100";
    /** The processes holding a KVM VM, as the live host's linux.kvm.vmProcesses value lists them. */
    public List<Long> kvmVmPids = new ArrayList<>();
    public final Machine machine;

    public FakeLinux(Path root) {
        this(root, true);
    }

    /** {@code init} false: take over a root another process prepared (the real-kill test's child). */
    public FakeLinux(Path root, boolean init) {
        this.root = root;
        this.machine = new Machine(root, this::run, Machine.LINUX_STATE_DIR);
        if (!init) {
            return;
        }
        write("/proc/sys/kernel/osrelease", "6.12.9-amd64\n");
        write("/proc/sys/kernel/random/boot_id", "4f0e1c7a-3b2d-4c55-9e8f-0a1b2c3d4e5f\n");
        write("/proc/self/status", "Name:\tjava\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n");
        write("/proc/cpuinfo", "processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu vmx\n");
        modules("kvm_intel", "kvm", "ext4");
        write("/sys/module/kvm/parameters/enable_virt_at_load", "Y\n"); // 6.12's default
        write("/etc/group", "root:x:0:\nkvm:x:993:\nalice:x:1000:\n");
        write("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000:Alice,,,:/home/alice:/bin/bash\n");
        write("/etc/subuid", "bob:100000:65536\n");
        write("/etc/subgid", "bob:100000:65536\n");
        write("/etc/modprobe.d/README", "keep me\n");
        write("/proc/sys/user/max_user_namespaces", "0\n");
        write("/proc/sys/kernel/unprivileged_userns_clone", "0\n");
        write("/usr/bin/apt-get", "");
        write("/usr/bin/VBoxManage", "");
        write("/var/lib/fake/installed", "");
    }

    public MachineHost host() {
        return new MachineHost(new HostPlatform(HostPlatform.LINUX, "amd64"), machine, new NativeSources() {
            @Override
            public Reading<Object> value(String name) {
                return name.equals(LinuxValues.KVM_VM_PROCESSES) ? Reading.present(List.copyOf(kvmVmPids))
                        : Reading.unknown("not in this fake");
            }
        });
    }

    /**
     * Sets the loaded modules the way the kernel shows them: a /proc/modules line and a /sys/module/NAME
     * directory each (with refcnt, which a running VM raises and `modprobe -r` then refuses).
     */
    public void modules(String... names) {
        List<String> now = List.of(names);
        StringBuilder sb = new StringBuilder();
        for (String m : now) {
            sb.append(m).append(" 16384 0 - Live 0x0000000000000000\n");
            if (read("/sys/module/" + m + "/refcnt") == null) {
                write("/sys/module/" + m + "/refcnt", "0\n");
            }
        }
        write("/proc/modules", sb.toString());
        Path dir = machine.path("/sys/module");
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var list = Files.list(dir)) {
            for (Path p : list.toList()) {
                if (!now.contains(p.getFileName().toString())) {
                    try (var tree = Files.walk(p)) {
                        for (Path q : tree.sorted(java.util.Comparator.reverseOrder()).toList()) {
                            Files.delete(q);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void failOn(String... argv) {
        failing.add(List.of(argv));
    }

    public void write(String path, String text) {
        Path p = machine.path(path);
        try {
            Files.createDirectories(p.getParent());
            Files.writeString(p, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String read(String path) {
        Path p = machine.path(path);
        try {
            return Files.isRegularFile(p) ? Files.readString(p, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void delete(String path) {
        try {
            Files.deleteIfExists(machine.path(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The loaded modules, from /proc/modules (proc(5): the first column). */
    public List<String> modules() {
        List<String> names = new ArrayList<>();
        String text = read("/proc/modules");
        for (String line : text == null ? new String[0] : text.split("\n")) {
            String name = line.trim().split("\\s+")[0];
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    private Reading<CommandOutput> run(List<String> argv) {
        calls.add(List.copyOf(argv));
        if (failing.contains(argv)) {
            return ok(1, "", argv.get(0) + ": simulated failure");
        }
        String prog = argv.get(0);
        return switch (prog) {
            case "modprobe" -> modprobe(argv);
            case "usermod" -> usermod(argv);
            case "gpasswd" -> gpasswd(argv);
            case "dpkg-query" -> installed().contains(argv.get(argv.size() - 1))
                    ? ok(0, "install ok installed", "") : ok(1, "", "dpkg-query: no packages found matching " + argv.get(argv.size() - 1));
            case "apt-get" -> aptGet(argv);
            case "sysctl" -> sysctl(argv);
            case "update-grub" -> exists("/usr/sbin/update-grub") ? updateGrub() : Reading.absent();
            case "grubby" -> exists("/usr/sbin/grubby") ? grubby(argv) : Reading.absent();
            case "VBoxManage" -> vboxVersion == null ? Reading.absent() : ok(0, vboxVersion + "\n", "");
            default -> Reading.absent();
        };
    }

    private boolean exists(String path) {
        return Files.exists(machine.path(path));
    }

    /** Like update-grub: grub.cfg is generated from /etc/default/grub. */
    public Reading<CommandOutput> updateGrub() {
        String defaults = read("/etc/default/grub");
        String args = "";
        for (String line : defaults.split("\n")) {
            if (line.startsWith("GRUB_CMDLINE_LINUX=")) {
                args = line.substring("GRUB_CMDLINE_LINUX=".length()).replace("\"", "");
            }
        }
        write("/boot/grub/grub.cfg", "menuentry 'Debian' {\n\tlinux /vmlinuz root=/dev/sda1 ro " + args + "\n}\n");
        return ok(0, "", "Generating grub configuration file ...\ndone\n");
    }

    private Reading<CommandOutput> grubby(List<String> argv) {
        List<String> args = new ArrayList<>(List.of(read("/boot/fake-grubby-args").trim().split("\\s+")));
        if (argv.get(1).equals("--info=DEFAULT")) {
            return ok(0, "index=0\nkernel=\"/boot/vmlinuz-6.12.9\"\nargs=\"" + String.join(" ", args) + "\"\nroot=\"UUID=1234\"\n", "");
        }
        String op = argv.get(2);
        if (op.startsWith("--args=")) {
            String kv = op.substring(7);
            String key = kv.split("=")[0];
            args.removeIf(a -> a.equals(key) || a.startsWith(key + "="));
            args.add(kv);
        } else if (op.startsWith("--remove-args=")) {
            String key = op.substring(14);
            args.removeIf(a -> a.equals(key) || a.startsWith(key + "="));
        } else {
            return ok(1, "", "grubby: bad usage");
        }
        write("/boot/fake-grubby-args", String.join(" ", args) + "\n");
        return ok(0, "", "");
    }

    private static Reading<CommandOutput> ok(int exit, String out, String err) {
        return Reading.present(new CommandOutput(exit, out, err));
    }

    private Reading<CommandOutput> modprobe(List<String> argv) {
        List<String> mods = new ArrayList<>(modules());
        if (argv.size() == 3 && argv.get(1).equals("-r")) {
            String m = argv.get(2);
            if (!mods.contains(m)) {
                return ok(0, "", "");
            }
            String refcnt = read("/sys/module/" + m + "/refcnt");
            if (refcnt != null && Integer.parseInt(refcnt.strip()) > 0) {
                return ok(1, "", "modprobe: FATAL: Module " + m + " is in use.");
            }
            if (m.equals("kvm") && (mods.contains("kvm_intel") || mods.contains("kvm_amd") || mods.contains("kvm_pvm"))) {
                return ok(1, "", "modprobe: FATAL: Module kvm is in use.");
            }
            if (m.equals("vboxdrv") && (mods.contains("vboxnetflt") || mods.contains("vboxnetadp"))) {
                return ok(1, "", "modprobe: FATAL: Module vboxdrv is in use.");
            }
            mods.remove(m);
            // Like kmod: -r also removes dependencies nothing else uses (kvm after kvm_intel).
            if (m.startsWith("kvm_") && !mods.contains("kvm_intel") && !mods.contains("kvm_amd") && !mods.contains("kvm_pvm")) {
                mods.remove("kvm");
            }
        } else if (argv.size() == 2) {
            String m = argv.get(1);
            if (m.startsWith("kvm_") && !read("/proc/cpuinfo").contains(m.equals("kvm_amd") ? " svm" : " vmx")) {
                return ok(1, "", "modprobe: ERROR: could not insert '" + m + "': Operation not supported");
            }
            boolean kvmLoads = m.startsWith("kvm") && !mods.contains("kvm");
            if (m.startsWith("kvm_") && !mods.contains("kvm")) {
                mods.add("kvm");
            }
            if (!mods.contains(m)) {
                mods.add(0, m);
            }
            modules(mods.toArray(String[]::new));
            String release = read("/proc/sys/kernel/osrelease");
            if (kvmLoads && release != null && !Version.leading(release.strip()).orElseThrow().below(6, 12)) {
                // modprobe hands kvm its modprobe.d options and then /proc/cmdline's kvm.* ones.
                String cmdline = read("/proc/cmdline");
                write("/sys/module/kvm/parameters/enable_virt_at_load",
                        virtAtLoad(cmdline == null ? "" : cmdline.strip(), "kvm_intel", false)[1] + "\n");
            }
            return ok(0, "", "");
        } else {
            return ok(1, "", "modprobe: bad usage");
        }
        modules(mods.toArray(String[]::new));
        return ok(0, "", "");
    }

    /**
     * The next boot, as far as KVM and VirtualBox go: the kernel command line is what the boot loader
     * config says (grub.cfg as update-grub made it); udev loads the CPU's vendor module (and kvm with
     * it) unless a modprobe.d file blacklists it (modprobe.d(5): blacklist stops alias-based
     * autoloading); kvm gets {@link #virtAtLoad}'s enable_virt_at_load. Built-in KVM is always there.
     * VirtualBox's service loads vboxdrv.
     */
    public void boot(String vendorModule, boolean kernelHasVirtAtLoad, boolean kvmBuiltIn) {
        String cfg = read("/boot/grub/grub.cfg");
        String cmdline = "BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro";
        if (cfg != null) {
            for (String line : cfg.split("\n")) {
                if (line.trim().startsWith("linux ")) {
                    cmdline = "BOOT_IMAGE=" + line.trim().substring("linux ".length()).trim();
                }
            }
        }
        write("/proc/cmdline", cmdline + "\n");
        String[] config = virtAtLoad(cmdline, vendorModule, kvmBuiltIn);
        boolean blacklisted = config[0] != null;
        String atLoad = config[1];
        List<String> mods = new ArrayList<>();
        if (!blacklisted && !kvmBuiltIn) {
            mods.add(vendorModule);
            mods.add("kvm");
        }
        if (vboxVersion != null) {
            mods.add("vboxdrv");
        }
        mods.add("ext4");
        delete("/sys/module/kvm/parameters/enable_virt_at_load"); // a new kernel: no parameter left from the last
        modules(mods.toArray(String[]::new));
        if (kvmBuiltIn) {
            // Built-in modules have a /sys/module entry (their parameters) but no /proc/modules line.
            write("/sys/module/" + vendorModule + "/parameters/nested", "Y\n");
            write("/sys/module/kvm/parameters/halt_poll_ns", "200000\n");
        }
        if ((mods.contains("kvm") || kvmBuiltIn) && kernelHasVirtAtLoad) {
            write("/sys/module/kvm/parameters/enable_virt_at_load", atLoad + "\n");
        }
    }

    /**
     * What kvm is given at load: {blacklisted (non-null when modprobe.d blacklists the vendor module),
     * enable_virt_at_load}. From 6.12 it is Y unless an "options kvm enable_virt_at_load=0" line says
     * otherwise (the last one read wins; files in name order), and a kvm.enable_virt_at_load= on the
     * command line wins over both (modprobe(8) appends it last). Built-in KVM reads only the command line.
     */
    private String[] virtAtLoad(String cmdline, String vendorModule, boolean kvmBuiltIn) {
        boolean blacklisted = false;
        String atLoad = "Y";
        Path dir = machine.path("/etc/modprobe.d");
        try (var list = Files.list(dir)) {
            for (Path f : list.filter(p -> p.getFileName().toString().endsWith(".conf")).sorted().toList()) {
                for (String line : Files.readString(f, StandardCharsets.UTF_8).split("\n")) {
                    List<String> w = List.of(line.trim().split("\\s+"));
                    if (w.size() == 2 && w.get(0).equals("blacklist") && w.get(1).equals(vendorModule)) {
                        blacklisted = true;
                    }
                    if (w.size() >= 3 && w.get(0).equals("options") && w.get(1).equals("kvm")) {
                        for (String o : w.subList(2, w.size())) {
                            if (o.startsWith("enable_virt_at_load=")) {
                                atLoad = yes(o.substring("enable_virt_at_load=".length())) ? "Y" : "N";
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (kvmBuiltIn) {
            blacklisted = false;
            atLoad = "Y";
        }
        for (String word : cmdline.split("\\s+")) {
            if (word.startsWith("kvm.enable_virt_at_load=")) {
                atLoad = yes(word.substring("kvm.enable_virt_at_load=".length())) ? "Y" : "N";
            }
        }
        return new String[] {blacklisted ? "blacklisted" : null, atLoad};
    }

    public void boot(String vendorModule, boolean kernelHasVirtAtLoad) {
        boot(vendorModule, kernelHasVirtAtLoad, false);
    }

    private static boolean yes(String v) {
        return v.equals("1") || v.equalsIgnoreCase("y");
    }

    private Reading<CommandOutput> usermod(List<String> argv) {
        if (argv.size() != 4 || !argv.get(1).equals("-aG")) {
            return ok(2, "", "usermod: bad usage");
        }
        return editGroup(argv.get(2), argv.get(3), true);
    }

    private Reading<CommandOutput> gpasswd(List<String> argv) {
        if (argv.size() != 4 || !argv.get(1).equals("-d")) {
            return ok(2, "", "gpasswd: bad usage");
        }
        return editGroup(argv.get(3), argv.get(2), false);
    }

    private Reading<CommandOutput> editGroup(String group, String user, boolean add) {
        StringBuilder sb = new StringBuilder();
        boolean found = false;
        for (String line : read("/etc/group").split("\n")) {
            String[] f = line.split(":", -1);
            if (f[0].equals(group)) {
                found = true;
                List<String> members = new ArrayList<>();
                for (String u : f[3].split(",")) {
                    if (!u.isEmpty()) {
                        members.add(u);
                    }
                }
                members.remove(user);
                if (add) {
                    members.add(user);
                }
                line = f[0] + ":" + f[1] + ":" + f[2] + ":" + String.join(",", members);
            }
            sb.append(line).append('\n');
        }
        if (!found) {
            return ok(6, "", "group '" + group + "' does not exist");
        }
        write("/etc/group", sb.toString());
        return ok(0, "", "");
    }

    private Set<String> installed() {
        Set<String> s = new LinkedHashSet<>();
        for (String l : read("/var/lib/fake/installed").split("\n")) {
            if (!l.isBlank()) {
                s.add(l);
            }
        }
        return s;
    }

    private Reading<CommandOutput> aptGet(List<String> argv) {
        Set<String> s = installed();
        String pkg = argv.get(argv.size() - 1);
        if (argv.get(1).equals("install")) {
            s.add(pkg);
            if (pkg.equals("podman")) {
                write("/usr/bin/podman", "");
            }
            if (pkg.equals("uidmap")) {
                write("/usr/bin/newuidmap", "");
                write("/usr/bin/newgidmap", "");
            }
        } else if (argv.get(1).equals("remove")) {
            s.remove(pkg);
            delete(pkg.equals("podman") ? "/usr/bin/podman" : "/nonexistent");
            if (pkg.equals("uidmap")) {
                delete("/usr/bin/newuidmap");
                delete("/usr/bin/newgidmap");
            }
        }
        write("/var/lib/fake/installed", s.isEmpty() ? "" : String.join("\n", s) + "\n");
        return ok(0, "", "");
    }

    private Reading<CommandOutput> sysctl(List<String> argv) {
        if (argv.size() != 3 || !argv.get(1).equals("-w") || !argv.get(2).contains("=")) {
            return ok(255, "", "sysctl: bad usage");
        }
        String[] kv = argv.get(2).split("=", 2);
        String path = "/proc/sys/" + kv[0].replace('.', '/');
        if (read(path) == null) {
            return ok(255, "", "sysctl: cannot stat " + path + ": No such file or directory");
        }
        write(path, kv[1] + "\n");
        return ok(0, kv[0] + " = " + kv[1] + "\n", "");
    }
}
