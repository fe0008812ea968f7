package dev.hostvirt.rules.macos;

import dev.hostvirt.facts.Fact;
import dev.hostvirt.facts.FactSheet;
import dev.hostvirt.facts.Version;
import dev.hostvirt.facts.macos.Engine;
import dev.hostvirt.facts.macos.MacosFacts;
import dev.hostvirt.i18n.Text;
import dev.hostvirt.rules.Finding;
import dev.hostvirt.rules.RuleSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The macOS targets. There is no "who owns VT-x" fight on macOS: VirtualBox 7, Docker Desktop, Lima,
 * Colima and Podman all go through Hypervisor.framework and run side by side, so the checks are about
 * the chip, the macOS release and what is installed (reference notes macos-java.md, A2).
 */
public final class MacosRuleSet implements RuleSet {
    /**
     * Major macOS releases in order. Docker Desktop supports the current one and the two before it
     * (docker/docs mac-install.md). After 15 Sequoia Apple numbered the releases by year: 26 Tahoe
     * (2025, the last for Intel Macs) and 27 (2026, Apple silicon only; public notes record
     * "macOS 27.2 (Darwin 27.2.0)" in September 2026). The reference notes name no current release,
     * so this list is where to add the next one when Apple ships it.
     */
    static final List<Integer> MACOS_MAJORS = List.of(11, 12, 13, 14, 15, 26, 27);

    private final MacosFacts facts;

    public MacosRuleSet(MacosFacts facts) {
        this.facts = facts;
    }

    @Override
    public List<String> targets() {
        return List.of("virtualbox", "docker-desktop", "containers", "hvf", "nested");
    }

    @Override
    public List<Finding> evaluate(String target) {
        return switch (target) {
            case "virtualbox" -> virtualbox();
            case "docker-desktop" -> dockerDesktop();
            case "containers" -> containers();
            case "hvf" -> hvf();
            case "nested" -> nested();
            default -> throw new IllegalArgumentException("not a macOS target: " + target);
        };
    }

    @Override
    public Map<String, String> summary() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("os", "macos");
        s.put("name", facts.osName().value());
        put(s, "version", facts.osVersion());
        put(s, "build", facts.build());
        put(s, "arch", facts.cpuArch());
        return s;
    }

    private static void put(Map<String, String> s, String key, Fact<?> f) {
        if (f.known()) {
            s.put(key, String.valueOf(f.value()));
        }
    }

    @Override
    public FactSheet facts() {
        return facts.sheet();
    }

    // ---- targets -------------------------------------------------------------------------------

    private List<Finding> virtualbox() {
        List<Finding> out = new ArrayList<>();
        Fact<String> vbox = facts.virtualboxVersion();
        Fact<Boolean> arm = facts.appleSilicon();
        Version v = "none".equals(vbox.value()) ? null : Version.atStart(vbox.value()).orElse(null);
        if (!vbox.known()) {
            out.add(Finding.skip("macos.virtualbox.installed", title("virtualbox.installed"), t("notCaptured"))
                    .withSources(vbox.source()));
        } else if (v == null) {
            Text fix = Boolean.TRUE.equals(arm.value()) ? t("virtualbox.install.arm.fix") : t("virtualbox.install.fix");
            out.add(Finding.fail("macos.virtualbox.installed", title("virtualbox.installed"),
                    t("virtualbox.none.detail"), fix).withSources(vbox.source()));
        } else {
            out.add(Finding.pass("macos.virtualbox.installed", title("virtualbox.installed"),
                    t("virtualbox.installed.detail", vbox.value())).withSources(vbox.source()));
            out.add(virtualboxArch(v, vbox, arm));
        }
        boolean legacy = v != null && !v.atLeast(7, 0);
        if (legacy && Boolean.FALSE.equals(arm.value())) {
            // 6.1 and older bring their own VT-x driver as kexts; 7.0 dropped them for Hypervisor.framework.
            out.add(Finding.warn("macos.virtualbox.kext", title("virtualbox.kext"),
                    t("virtualbox.kext.detail", vbox.value()), t("virtualbox.kext.fix", settings().security()))
                    .withSources(vbox.source()));
            out.add(vmx(true));
        } else if (!legacy || !Boolean.TRUE.equals(arm.value())) {
            out.add(hvfSupport());
        }
        return out;
    }

    private Finding virtualboxArch(Version v, Fact<String> vbox, Fact<Boolean> arm) {
        Text title = title("virtualbox.arch");
        if (!arm.known()) {
            return Finding.skip("macos.virtualbox.arch", title, t("notCaptured")).withSources(arm.source());
        }
        if (!arm.value()) {
            return Finding.pass("macos.virtualbox.arch", title, t("virtualbox.arch.intel.detail", vbox.value()))
                    .withSources(arm.source(), vbox.source());
        }
        if (v.atLeast(7, 1)) {
            return Finding.pass("macos.virtualbox.arch", title, t("virtualbox.arch.arm.detail", vbox.value()))
                    .withSources(arm.source(), vbox.source());
        }
        return Finding.fail("macos.virtualbox.arch", title, t("virtualbox.arch.old.detail", vbox.value()),
                t("virtualbox.arch.old.fix")).withSources(arm.source(), vbox.source());
    }

    private List<Finding> dockerDesktop() {
        List<Finding> out = new ArrayList<>();
        out.add(dockerMacosVersion());
        Fact<Long> mem = facts.memoryBytes();
        long fourGiB = 4L * 1024 * 1024 * 1024;
        if (!mem.known()) {
            out.add(Finding.skip("macos.docker.memory", title("docker.memory"), t("notCaptured")).optional()
                    .withSources(mem.source()));
        } else if (mem.value() < fourGiB) {
            out.add(Finding.fail("macos.docker.memory", title("docker.memory"),
                    t("docker.memory.low.detail", gib(mem.value())), t("docker.memory.fix")).withSources(mem.source()));
        } else {
            out.add(Finding.pass("macos.docker.memory", title("docker.memory"),
                    t("docker.memory.detail", gib(mem.value()))).withSources(mem.source()));
        }
        out.add(hvfSupport());
        Engine docker = facts.docker();
        String sources = String.join(", ", docker.sources());
        if (docker.installed() == null) {
            out.add(Finding.skip("macos.docker.installed", title("docker.installed"), t("notCaptured")).withSources(sources));
        } else if (!docker.isInstalled()) {
            Text fix = Boolean.FALSE.equals(facts.appleSilicon().value()) ? t("docker.install.intel.fix")
                    : t("docker.install.arm.fix");
            out.add(Finding.fail("macos.docker.installed", title("docker.installed"), t("docker.none.detail"), fix)
                    .withSources(sources));
        } else {
            out.add(Finding.pass("macos.docker.installed", title("docker.installed"),
                    t("docker.installed.detail", docker.version() == null ? t("unknownVersion") : docker.version()))
                    .withSources(sources));
            if (docker.running() == null) {
                out.add(Finding.skip("macos.docker.running", title("docker.running"), t("notCaptured")).optional()
                        .withSources(sources));
            } else if (docker.isRunning()) {
                out.add(Finding.pass("macos.docker.running", title("docker.running"), t("docker.running.detail")).optional()
                        .withSources(sources));
            } else {
                out.add(Finding.warn("macos.docker.running", title("docker.running"), t("docker.stopped.detail"),
                        t("docker.start.fix")).optional().withSources(sources));
            }
        }
        out.add(rosetta());
        return out;
    }

    private Finding dockerMacosVersion() {
        Fact<String> os = facts.osVersion();
        Version v = Version.atStart(os.value()).orElse(null);
        Text title = title("docker.macos");
        if (v == null) {
            return Finding.skip("macos.docker.macos", title, t("notCaptured")).withSources(os.source());
        }
        List<Integer> supported = MACOS_MAJORS.subList(MACOS_MAJORS.size() - 3, MACOS_MAJORS.size());
        int oldest = supported.get(0);
        String list = supported.stream().map(String::valueOf).collect(Collectors.joining(", "));
        if (v.part(0) >= oldest) {
            return Finding.pass("macos.docker.macos", title, t("docker.macos.detail", os.value(), list))
                    .withSources(os.source());
        }
        return Finding.fail("macos.docker.macos", title, t("docker.macos.old.detail", os.value(), list),
                upgrade(oldest)).withSources(os.source());
    }

    private List<Finding> containers() {
        List<Finding> out = new ArrayList<>();
        List<Engine> engines = List.of(facts.docker(), facts.colima(), facts.podman(), facts.lima(),
                facts.orbstack(), facts.rancher());
        List<String> sources = engines.stream().flatMap(e -> e.sources().stream()).toList();
        List<String> installed = engines.stream().filter(Engine::isInstalled).map(Engine::name).toList();
        boolean anyUnknown = engines.stream().anyMatch(e -> e.installed() == null);
        Version os = facts.version();
        if (!installed.isEmpty()) {
            out.add(Finding.pass("macos.engine.installed", title("engine.installed"),
                    t("engine.installed.detail", String.join(", ", installed))).withSources(sources));
            out.add(enginesRunning(engines, sources));
        } else if (anyUnknown) {
            out.add(Finding.skip("macos.engine.installed", title("engine.installed"), t("notCaptured")).withSources(sources));
        } else {
            Text fix = os != null && os.part(0) < 13 ? t("engine.install.old.fix", settings().softwareUpdate())
                    : t("engine.install.fix");
            out.add(Finding.fail("macos.engine.installed", title("engine.installed"), t("engine.none.detail"), fix)
                    .withSources(sources));
        }
        Engine colima = facts.colima();
        Engine lima = facts.lima();
        Engine podman = facts.podman();
        String osText = facts.osVersion().value();
        if (os != null && os.part(0) < 13) {
            if (colima.isInstalled()) {
                out.add(Finding.fail("macos.colima.macos", title("colima.macos"), t("colima.macos.detail", osText),
                        upgrade(13)).withSources(colima.sources()));
            }
            if (lima.isInstalled()) {
                out.add(Finding.warn("macos.lima.vz", title("lima.vz"), t("lima.vz.detail", osText), t("lima.vz.fix"))
                        .withSources(lima.sources()));
            }
            if (podman.isInstalled()) {
                out.add(Finding.fail("macos.podman.applehv", title("podman.applehv"), t("podman.applehv.detail", osText),
                        upgrade(13)).withSources(podman.sources()));
            }
        }
        Version podmanVersion = Version.atStart(podman.version()).orElse(null);
        if (podman.isInstalled() && podmanVersion != null && podmanVersion.part(0) >= 6
                && Boolean.FALSE.equals(facts.appleSilicon().value())) {
            out.add(Finding.fail("macos.podman.intel", title("podman.intel"), t("podman.intel.detail", podman.version()),
                    t("podman.intel.fix")).withSources(podman.sources()));
        }
        out.add(hvfSupport());
        out.add(rosetta());
        return out;
    }

    private Finding enginesRunning(List<Engine> engines, List<String> sources) {
        List<String> running = engines.stream().filter(Engine::isRunning)
                .map(e -> e.vmType() == null ? e.name() : e.name() + " (" + e.vmType() + ")").toList();
        Text title = title("engine.running");
        if (!running.isEmpty()) {
            return Finding.pass("macos.engine.running", title, t("engine.running.detail", String.join(", ", running)))
                    .withSources(sources);
        }
        List<Engine> stopped = engines.stream().filter(e -> e.isInstalled() && Boolean.FALSE.equals(e.running())).toList();
        if (stopped.isEmpty()) {
            return Finding.skip("macos.engine.running", title, t("notCaptured")).optional().withSources(sources);
        }
        List<Object> starts = new ArrayList<>();
        for (Engine e : stopped) {
            starts.add(t("engine.start." + e.name()));
        }
        Text fix = starts.size() == 1 ? (Text) starts.get(0) : t("engine.start.any", starts.get(0), starts.get(1));
        return Finding.warn("macos.engine.running", title, t("engine.stopped.detail",
                stopped.stream().map(Engine::name).collect(Collectors.joining(", "))), fix).withSources(sources);
    }

    private List<Finding> hvf() {
        List<Finding> out = new ArrayList<>();
        out.add(hvfSupport());
        out.add(guest());
        if (Boolean.FALSE.equals(facts.appleSilicon().value())) {
            out.add(vmx(false));
        }
        out.add(rosetta());
        return out;
    }

    private List<Finding> nested() {
        List<Finding> out = new ArrayList<>();
        Fact<Boolean> arm = facts.appleSilicon();
        Fact<String> brand = facts.brand();
        Integer gen = facts.appleChipGeneration();
        Text chip = title("nested.chip");
        if (Boolean.FALSE.equals(arm.value())) {
            out.add(Finding.fail("macos.nested.chip", chip, t("nested.chip.intel.detail"), t("nested.chip.fix"))
                    .withSources(arm.source()));
        } else if (gen == null) {
            out.add(Finding.skip("macos.nested.chip", chip, t("notCaptured")).withSources(brand.source()));
        } else if (gen >= 3) {
            out.add(Finding.pass("macos.nested.chip", chip, t("nested.chip.detail", brand.value()))
                    .withSources(brand.source()));
        } else {
            out.add(Finding.fail("macos.nested.chip", chip, t("nested.chip.old.detail", brand.value()),
                    t("nested.chip.fix")).withSources(brand.source()));
        }
        Fact<String> os = facts.osVersion();
        Version v = Version.atStart(os.value()).orElse(null);
        Text title = title("nested.macos");
        if (v == null) {
            out.add(Finding.skip("macos.nested.macos", title, t("notCaptured")).withSources(os.source()));
        } else if (v.part(0) >= 15) {
            out.add(Finding.pass("macos.nested.macos", title, t("nested.macos.detail", os.value())).withSources(os.source()));
        } else {
            out.add(Finding.fail("macos.nested.macos", title, t("nested.macos.old.detail", os.value()),
                    upgrade(15)).withSources(os.source()));
        }
        out.add(hvfSupport());
        return out;
    }

    // ---- shared checks -------------------------------------------------------------------------

    /** kern.hv_support decides whether any Hypervisor.framework engine can run (Apple's documented test). */
    private Finding hvfSupport() {
        Fact<Boolean> hv = facts.hvSupport();
        Text title = title("hvf.support");
        if (!hv.known()) {
            return Finding.skip("macos.hvf.support", title, t("notCaptured")).withSources(hv.source());
        }
        if (hv.value()) {
            return Finding.pass("macos.hvf.support", title, t("hvf.support.detail")).withSources(hv.source());
        }
        Fact<Boolean> guest = facts.hypervisorPresent();
        if (Boolean.TRUE.equals(guest.value())) {
            return Finding.fail("macos.hvf.support", title, t("hvf.support.guest.detail"), t("hvf.support.guest.fix"))
                    .withSources(hv.source(), guest.source());
        }
        return Finding.fail("macos.hvf.support", title, t("hvf.support.none.detail"), t("hvf.support.none.fix"))
                .withSources(hv.source());
    }

    private Finding guest() {
        Fact<Boolean> guest = facts.hypervisorPresent();
        Text title = title("guest");
        if (!guest.known()) {
            return Finding.skip("macos.guest", title, t("notCaptured")).optional().withSources(guest.source());
        }
        if (!guest.value()) {
            return Finding.pass("macos.guest", title, t("guest.no.detail")).optional().withSources(guest.source());
        }
        return Finding.warn("macos.guest", title, t("guest.detail"), t("guest.fix")).optional().withSources(guest.source());
    }

    private Finding vmx(boolean required) {
        Fact<Boolean> vmx = facts.vmx();
        Text title = title("cpu.vmx");
        Finding f;
        if (!vmx.known()) {
            f = Finding.skip("macos.cpu.vmx", title, t("notCaptured"));
        } else if (vmx.value()) {
            f = Finding.pass("macos.cpu.vmx", title, t("cpu.vmx.detail"));
        } else {
            f = Finding.fail("macos.cpu.vmx", title, t("cpu.vmx.none.detail"), t("hvf.support.none.fix"));
        }
        f = f.withSources(vmx.source());
        return required ? f : f.optional();
    }

    private Finding rosetta() {
        Fact<Boolean> tr = facts.translated();
        Text title = title("rosetta");
        if (!tr.known()) {
            return Finding.skip("macos.rosetta", title, t("notCaptured")).optional().withSources(tr.source());
        }
        if (!tr.value()) {
            return Finding.pass("macos.rosetta", title, t("rosetta.no.detail")).optional().withSources(tr.source());
        }
        return Finding.warn("macos.rosetta", title, t("rosetta.detail"), t("rosetta.fix")).optional()
                .withSources(tr.source());
    }

    /** This release's settings app, so every fix names the window the user will see. */
    private SettingsApp settings() {
        return SettingsApp.of(facts.version());
    }

    private Text upgrade(int release) {
        return t("upgrade.fix", release, settings().softwareUpdate());
    }

    private static String gib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
    }

    /** A sentence of the macos bundle: details, fixes and shared phrases. */
    private static Text t(String key, Object... args) {
        return Text.of("macos." + key, args);
    }

    /** A check's one-line title: {@code macos.<check>.title}. */
    private static Text title(String check) {
        return Text.of("macos." + check + ".title");
    }
}
