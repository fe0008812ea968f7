package dev.hostvirt.facts.macos;

import dev.hostvirt.facts.Fact;
import dev.hostvirt.facts.FactSheet;
import dev.hostvirt.facts.Version;
import dev.hostvirt.host.CommandOutput;
import dev.hostvirt.host.Host;
import dev.hostvirt.host.HostPlatform;
import dev.hostvirt.host.Reading;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The typed picture of a macOS host, gathered lazily from the host port. Each sysctl is taken from
 * the {@code sysctl} section (sysctlbyname) first, then from {@code sysctl -a} text; versions from
 * {@code kern.osproductversion} before {@code sw_vers}. Absent and unknown stay apart throughout.
 */
public final class MacosFacts {
    public static final String VBOXMANAGE_APP = "/Applications/VirtualBox.app/Contents/MacOS/VBoxManage";
    public static final String DOCKER_APP = "/Applications/Docker.app";
    public static final String DOCKER_PLIST = "/Applications/Docker.app/Contents/Info.plist";
    public static final String ORBSTACK_APP = "/Applications/OrbStack.app";
    public static final String RANCHER_APP = "/Applications/Rancher Desktop.app";
    static final List<String> SYSCTL_A = List.of("sysctl", "-a");
    private static final Pattern APPLE_CHIP = Pattern.compile("^Apple M(\\d+)\\b");
    private static final Pattern PLIST_VERSION =
            Pattern.compile("<key>CFBundleShortVersionString</key>\\s*<string>([^<]+)</string>");
    private static final String NONE = "none";

    private final Host host;
    private final Map<String, Object> memo = new HashMap<>();

    public MacosFacts(Host host) {
        this.host = host;
    }

    public Host host() {
        return host;
    }

    /** One sysctl as read: a value, or absent (captured, no such name), or unknown (value null, !absent). */
    public record Sysctl(String value, boolean absent, String source) {
        public boolean known() {
            return value != null || absent;
        }
    }

    // ---- sysctl access -------------------------------------------------------------------------

    /**
     * Reads a sysctl, falling back to the {@code sysctl -a} text. {@code textAliases} are other names
     * the same value has in that text: Apple silicon's {@code sysctl -a} lists
     * {@code kern.hv.supported}, not {@code kern.hv_support} (archspec#95, UnixAgent#436).
     */
    public Sysctl sysctl(String name, String... textAliases) {
        return once("sysctl:" + name, () -> {
            String source = "sysctl:" + name;
            Reading<String> r = host.sysctl(name);
            if (r instanceof Reading.Present<String> p) {
                return new Sysctl(p.value().strip(), false, source);
            }
            if (r.isAbsent()) {
                return new Sysctl(null, true, source);
            }
            Map<String, String> text = sysctlText();
            if (text == null) {
                return new Sysctl(null, false, source);
            }
            String textSource = "command:sysctl -a";
            if (text.containsKey(name)) {
                return new Sysctl(text.get(name), false, textSource);
            }
            for (String alias : textAliases) {
                if (text.containsKey(alias)) {
                    return new Sysctl(text.get(alias), false, textSource + " (" + alias + ")");
                }
            }
            return new Sysctl(null, true, textSource);
        });
    }

    /** The parsed {@code sysctl -a} text, or null when not captured or it failed. */
    private Map<String, String> sysctlText() {
        return once("sysctl -a", () -> {
            Reading<CommandOutput> r = host.command(SYSCTL_A);
            if (r instanceof Reading.Present<CommandOutput> p && !p.value().stdout().isBlank()) {
                return SysctlText.parse(p.value().stdout());
            }
            return null;
        });
    }

    private Boolean flag(Sysctl s) {
        if (s.value() != null) {
            String v = s.value();
            if (v.equals("1")) {
                return true;
            }
            if (v.equals("0")) {
                return false;
            }
            return null;
        }
        return s.absent() ? Boolean.FALSE : null;
    }

    // ---- typed facts ---------------------------------------------------------------------------

    public Fact<String> osName() {
        SwVers sw = swVers();
        if (sw != null && sw.productName() != null) {
            return Fact.of(sw.productName(), "command:sw_vers");
        }
        return Fact.of("macOS", "platform");
    }

    /** kern.osproductversion, then sw_vers; "10.16" is the compatibility alias, never the truth. */
    public Fact<String> osVersion() {
        Sysctl s = sysctl("kern.osproductversion");
        if (s.value() != null && Version.atStart(s.value()).isPresent() && !s.value().equals("10.16")) {
            return Fact.of(s.value(), s.source());
        }
        SwVers sw = swVers();
        if (sw != null && sw.productVersion() != null && Version.atStart(sw.productVersion()).isPresent()) {
            return Fact.of(sw.productVersion(), "command:sw_vers");
        }
        return Fact.unknown(s.source());
    }

    /** The build (21G72): kern.osversion, then sw_vers BuildVersion. */
    public Fact<String> build() {
        Sysctl s = sysctl("kern.osversion");
        if (s.value() != null && !s.value().isBlank()) {
            return Fact.of(s.value(), s.source());
        }
        SwVers sw = swVers();
        return sw != null && sw.buildVersion() != null ? Fact.of(sw.buildVersion(), "command:sw_vers")
                : Fact.unknown(s.source());
    }

    public Version version() {
        return Version.atStart(osVersion().value()).orElse(null);
    }

    private SwVers swVers() {
        return once("sw_vers", () -> {
            Reading<CommandOutput> r = host.command("sw_vers");
            if (r instanceof Reading.Present<CommandOutput> p && p.value().succeeded()) {
                return SwVers.parse(p.value().stdout());
            }
            return null;
        });
    }

    public Fact<String> brand() {
        Sysctl s = sysctl("machdep.cpu.brand_string");
        return s.value() == null || s.value().isBlank() ? Fact.unknown(s.source()) : Fact.of(s.value(), s.source());
    }

    /**
     * True on Apple silicon. hw.optional.arm64 does not change under Rosetta (Homebrew cpu.rb), unlike
     * uname and os.arch; a missing key means Intel. Without it, the brand string decides ("Apple M1",
     * or "VirtualApple" in some translated processes).
     */
    public Fact<Boolean> appleSilicon() {
        Sysctl s = sysctl("hw.optional.arm64");
        Boolean arm = flag(s);
        if (arm != null) {
            return Fact.of(arm, s.source());
        }
        String b = brand().value();
        if (b != null) {
            if (b.startsWith("Apple") || b.startsWith("VirtualApple")) {
                return Fact.of(true, brand().source());
            }
            if (b.contains("Intel") || b.contains("AMD")) {
                return Fact.of(false, brand().source());
            }
        }
        return Fact.unknown(s.source());
    }

    public Fact<String> cpuArch() {
        Fact<Boolean> arm = appleSilicon();
        return arm.known() ? Fact.of(arm.value() ? "arm64" : "amd64", arm.source()) : Fact.unknown(arm.source());
    }

    public Fact<String> cpuVendor() {
        Fact<Boolean> arm = appleSilicon();
        if (Boolean.TRUE.equals(arm.value())) {
            return Fact.of("Apple", arm.source());
        }
        Sysctl v = sysctl("machdep.cpu.vendor");
        if ("GenuineIntel".equals(v.value())) {
            return Fact.of("Intel", v.source());
        }
        if ("AuthenticAMD".equals(v.value())) {
            return Fact.of("AMD", v.source());
        }
        String b = brand().value();
        if (b != null && b.contains("Intel")) {
            return Fact.of("Intel", brand().source());
        }
        if (b != null && b.contains("AMD")) {
            return Fact.of("AMD", brand().source());
        }
        return Fact.unknown(v.source());
    }

    /** The Apple silicon generation (3 for "Apple M3 Max"), or null. */
    public Integer appleChipGeneration() {
        String b = brand().value();
        if (b == null) {
            return null;
        }
        Matcher m = APPLE_CHIP.matcher(b);
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }

    /**
     * Whether this process (the JVM, or the shell that ran {@code sysctl -a}) is translated by Rosetta.
     * ENOENT means native (Intel Macs and old macOS). When the key was not captured, a JVM that says
     * amd64 on Apple silicon hardware is translated too (Homebrew's in_rosetta2? test).
     */
    public Fact<Boolean> translated() {
        Sysctl s = sysctl("sysctl.proc_translated");
        Boolean t = flag(s);
        if (t != null) {
            return Fact.of(t, s.source());
        }
        Fact<Boolean> arm = appleSilicon();
        if (arm.known()) {
            boolean amd64 = HostPlatform.normalizeArch(host.platform().arch()).equals("amd64");
            return Fact.of(arm.value() && amd64, "platform.arch + " + arm.source());
        }
        return Fact.unknown(s.source());
    }

    /**
     * Whether macOS itself is a VM guest: kern.hv_vmm_present (macOS 11.3+), a VirtualMac hw.model
     * (Virtualization.framework), or the VMM CPUID flag in machdep.cpu.features (Intel guests).
     */
    public Fact<Boolean> hypervisorPresent() {
        Sysctl vmm = sysctl("kern.hv_vmm_present");
        if ("1".equals(vmm.value())) {
            return Fact.of(true, vmm.source());
        }
        Sysctl model = sysctl("hw.model");
        if (model.value() != null && model.value().startsWith("VirtualMac")) {
            return Fact.of(true, model.source());
        }
        Set<String> features = cpuFeatures();
        if (features != null && features.contains("VMM")) {
            return Fact.of(true, sysctl("machdep.cpu.features").source());
        }
        if ("0".equals(vmm.value())) {
            return Fact.of(false, vmm.source());
        }
        if (vmm.absent() && features != null) {
            return Fact.of(false, vmm.source() + ", " + sysctl("machdep.cpu.features").source());
        }
        return Fact.unknown(vmm.source());
    }

    /** kern.hv_support: Hypervisor.framework is usable (VT-x+EPT on Intel, the virtualization extensions on Apple silicon). */
    public Fact<Boolean> hvSupport() {
        Sysctl s = sysctl("kern.hv_support", "kern.hv.supported");
        Boolean v = flag(s);
        return v == null ? Fact.unknown(s.source()) : Fact.of(v, s.source());
    }

    /** machdep.cpu.features as a set; empty when absent (Apple silicon), null when unknown. */
    public Set<String> cpuFeatures() {
        Sysctl s = sysctl("machdep.cpu.features");
        if (s.value() != null) {
            return new LinkedHashSet<>(Arrays.asList(s.value().toUpperCase(Locale.ROOT).split("\\s+")));
        }
        return s.absent() ? Set.of() : null;
    }

    /** VMX in machdep.cpu.features on a real Intel Mac; Rosetta shows an emulated list with VMX too. */
    public Fact<Boolean> vmx() {
        Fact<Boolean> arm = appleSilicon();
        Set<String> f = cpuFeatures();
        if (Boolean.TRUE.equals(arm.value())) {
            return Fact.of(false, arm.source());
        }
        return f == null || !arm.known() ? Fact.unknown(sysctl("machdep.cpu.features").source())
                : Fact.of(f.contains("VMX"), sysctl("machdep.cpu.features").source());
    }

    public Fact<Long> memoryBytes() {
        return number(sysctl("hw.memsize"));
    }

    public Fact<Long> cpuCount() {
        return number(sysctl("hw.ncpu"));
    }

    private static Fact<Long> number(Sysctl s) {
        try {
            return s.value() == null ? Fact.unknown(s.source()) : Fact.of(Long.parseLong(s.value()), s.source());
        } catch (NumberFormatException e) {
            return Fact.unknown(s.source());
        }
    }

    // ---- VirtualBox and the engines ------------------------------------------------------------

    /** VBoxManage --version from the app bundle, else on PATH: "7.1.4r165100", or "none" when neither exists. */
    public Fact<String> virtualboxVersion() {
        return once("vbox", () -> {
            boolean unknown = false;
            for (String exe : List.of(VBOXMANAGE_APP, "VBoxManage")) {
                Reading<CommandOutput> r = host.command(exe, "--version");
                String source = "command:" + exe + " --version";
                if (r instanceof Reading.Present<CommandOutput> p) {
                    String out = p.value().stdout().strip();
                    String line = out.isEmpty() ? "" : out.lines().reduce((a, b) -> b).orElse("");
                    // VBoxManage prints warnings (missing kernel driver, ...) before the version line.
                    if (p.value().succeeded() && Version.atStart(line).isPresent()) {
                        return Fact.of(line, source);
                    }
                    unknown = true;
                } else if (r.isUnknown()) {
                    unknown = true;
                }
            }
            return unknown ? Fact.<String>unknown("command:VBoxManage --version")
                    : Fact.of(NONE, "command:VBoxManage --version");
        });
    }

    public Engine podman() {
        return once("podman", () -> cliEngine("podman", List.of("podman", "--version"),
                List.of("podman", "machine", "list", "--format", "json"), EngineListings::podmanMachines));
    }

    public Engine lima() {
        return once("lima", () -> cliEngine("lima", List.of("limactl", "--version"),
                List.of("limactl", "list", "--json"), EngineListings::limaInstances));
    }

    public Engine colima() {
        return once("colima", () -> {
            List<String> sources = new ArrayList<>(List.of("command:colima version", "command:colima status --json"));
            Reading<CommandOutput> v = host.command("colima", "version");
            if (v.isAbsent()) {
                return Engine.notInstalled("colima", sources);
            }
            if (!(v instanceof Reading.Present<CommandOutput> p)) {
                return Engine.unknown("colima", sources);
            }
            String version = versionText(p.value());
            Reading<CommandOutput> st = host.command("colima", "status", "--json");
            Boolean running = null;
            String driver = null;
            if (st instanceof Reading.Present<CommandOutput> s) {
                // colima status exits non-zero when the VM is not running; no text is read for that.
                running = s.value().succeeded();
                driver = running ? EngineListings.colimaDriver(s.value().stdout()) : null;
            }
            return new Engine("colima", true, version, running, driver, sources);
        });
    }

    /** OrbStack: its app, version from Info.plist, running when its docker context is current and answers. */
    public Engine orbstack() {
        return once("orbstack", () -> appEngine("orbstack", ORBSTACK_APP, "orbstack"));
    }

    /** Rancher Desktop: the same, with its docker context "rancher-desktop" (when the moby engine is chosen). */
    public Engine rancher() {
        return once("rancher", () -> appEngine("rancher-desktop", RANCHER_APP, "rancher-desktop"));
    }

    public Engine docker() {
        return once("docker", () -> appEngine("docker-desktop", DOCKER_APP, "desktop-linux"));
    }

    /**
     * An app-bundled engine: installed when its .app exists, version from its Info.plist, running when
     * the current docker context is the engine's and the engine answers. Only exit codes and JSON are
     * read, never English text.
     */
    private Engine appEngine(String name, String app, String context) {
        List<String> sources = new ArrayList<>(List.of("path:" + app));
        Reading<?> bundle = host.path(app);
        if (bundle.isAbsent()) {
            return Engine.notInstalled(name, sources);
        }
        if (bundle.isUnknown()) {
            return Engine.unknown(name, sources);
        }
        String plistPath = app + "/Contents/Info.plist";
        String version = null;
        if (host.file(plistPath) instanceof Reading.Present<String> plist) {
            Matcher m = PLIST_VERSION.matcher(plist.value());
            version = m.find() ? m.group(1).strip() : null;
            sources.add("file:" + plistPath);
        }
        sources.add("command:docker context ls --format json");
        Boolean running = null;
        Reading<CommandOutput> ctx = host.command("docker", "context", "ls", "--format", "json");
        if (ctx instanceof Reading.Present<CommandOutput> p && p.value().succeeded()) {
            List<EngineListings.DockerContext> list = EngineListings.dockerContexts(p.value().stdout());
            boolean current = list != null && list.stream().anyMatch(c -> c.current() && c.name().equals(context));
            if (!current && list != null) {
                running = false;
            } else if (current) {
                sources.add("command:docker version --format {{.Server.Version}}");
                if (host.command("docker", "version", "--format", "{{.Server.Version}}")
                        instanceof Reading.Present<CommandOutput> server) {
                    running = server.value().succeeded() && !server.value().stdout().isBlank();
                }
            }
        } else if (ctx.isAbsent()) {
            running = false;
        }
        return new Engine(name, true, version, running, null, sources);
    }

    private Engine cliEngine(String name, List<String> versionArgv, List<String> listArgv,
            java.util.function.Function<String, List<EngineListings.Vm>> parser) {
        List<String> sources = List.of("command:" + String.join(" ", versionArgv), "command:" + String.join(" ", listArgv));
        Reading<CommandOutput> v = host.command(versionArgv);
        if (v.isAbsent()) {
            return Engine.notInstalled(name, sources);
        }
        if (!(v instanceof Reading.Present<CommandOutput> p)) {
            return Engine.unknown(name, sources);
        }
        String version = versionText(p.value());
        Boolean running = null;
        String vmType = null;
        if (host.command(listArgv) instanceof Reading.Present<CommandOutput> l && l.value().succeeded()) {
            List<EngineListings.Vm> vms = parser.apply(l.value().stdout());
            if (vms != null) {
                running = vms.stream().anyMatch(EngineListings.Vm::running);
                vmType = vms.stream().filter(EngineListings.Vm::running).map(EngineListings.Vm::vmType).findFirst()
                        .orElse(vms.isEmpty() ? null : vms.get(0).vmType());
            }
        }
        return new Engine(name, true, version, running, vmType, sources);
    }

    private static String versionText(CommandOutput out) {
        return Version.findBounded(out.stdout()).map(Version::padded).orElse(null);
    }

    // ---- the sheet -----------------------------------------------------------------------------

    public FactSheet sheet() {
        FactSheet sheet = new FactSheet();
        sheet.put("os.name", osName());
        sheet.put("os.version", osVersion());
        sheet.put("os.build", build());
        sheet.put("cpu.vendor", cpuVendor());
        sheet.put("cpu.arch", cpuArch());
        sheet.put("cpu.brand", brand());
        sheet.put("cpu.count", cpuCount());
        sheet.put("memory.bytes", memoryBytes());
        sheet.put("process.translated", translated());
        sheet.put("hypervisor.present", hypervisorPresent());
        sheet.put("macos.hvSupport", hvSupport());
        sheet.put("virtualbox.version", virtualboxVersion());
        sheet.put("engine.docker", engineFact(docker()));
        sheet.put("engine.podman", engineFact(podman()));
        sheet.put("engine.colima", engineFact(colima()));
        sheet.put("engine.lima", engineFact(lima()));
        sheet.put("engine.orbstack", engineFact(orbstack()));
        sheet.put("engine.rancherDesktop", engineFact(rancher()));
        return sheet;
    }

    private static Fact<Object> engineFact(Engine e) {
        String source = String.join(", ", e.sources());
        return e.installed() == null ? Fact.unknown(source) : Fact.of(e.asValue(), source);
    }

    @SuppressWarnings("unchecked")
    private <T> T once(String key, Supplier<T> compute) {
        if (memo.containsKey(key)) {
            return (T) memo.get(key);
        }
        T value = compute.get();
        memo.put(key, value);
        return value;
    }
}
