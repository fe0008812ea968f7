package dev.hostvirt.rules.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hostvirt.facts.linux.LinuxHostBuilder;
import dev.hostvirt.host.linux.LinuxValues;
import dev.hostvirt.host.SnapshotCodec;
import dev.hostvirt.i18n.Messages;
import dev.hostvirt.i18n.Text;
import dev.hostvirt.rules.Finding;
import dev.hostvirt.rules.RuleSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Every key a Linux rule can produce exists in both languages (a missing key would print as itself). */
class EveryFindingIsTranslatedTest {

    @Test
    void everyTitleDetailAndFixHasATextInEnglishAndSpanish() {
        List<RuleSet> hosts = new ArrayList<>();
        String noVmx = LinuxHostBuilder.resource("cpuinfo/intel-core-ultra-155h.txt").replace(" vmx ", " ");
        hosts.add(new LinuxRuleSet(LinuxHostBuilder.intelLaptop().facts()));
        hosts.add(new LinuxRuleSet(new dev.hostvirt.facts.linux.LinuxFacts(new dev.hostvirt.host.SnapshotHost(
                new SnapshotCodec().read(Path.of("src/test/resources/linux/snapshots/firecracker-kvm-guest.json"))))));
        hosts.add(new LinuxRuleSet(LinuxHostBuilder.intelLaptop().file("/proc/cpuinfo", noVmx).facts()));
        hosts.add(new LinuxRuleSet(LinuxHostBuilder.intelLaptop().file("/proc/cpuinfo", noVmx)
                .value(LinuxValues.MSR_FEATURE_CONTROL, 1L).facts()));
        hosts.add(new LinuxRuleSet(LinuxHostBuilder.intelLaptop().kernel("6.14.0").virtualbox("7.0.2")
                .file("/sys/module/kvm/parameters/enable_virt_at_load", "Y\n").noCommand("runc", "--version")
                .path("/dev/kvm", LinuxHostBuilder.charDevice("10:232", "0660", "kvm", false))
                .file("/etc/subuid", "").cgroupFromThisMachine("hugetlb").facts()));
        hosts.add(new LinuxRuleSet(new LinuxHostBuilder().facts()));
        TreeSet<String> missing = new TreeSet<>();
        for (String lang : List.of("en", "es")) {
            Messages m = Messages.forLanguage(lang);
            for (RuleSet rules : hosts) {
                for (String target : rules.targets()) {
                    for (Finding f : rules.evaluate(target)) {
                        for (Text t : new Text[] {f.title(), f.detail(), f.fix()}) {
                            if (t != null && !m.has(t.key())) {
                                missing.add(lang + ": " + t.key());
                            }
                        }
                    }
                }
            }
        }
        assertEquals(new TreeSet<>(), missing);
    }
}
