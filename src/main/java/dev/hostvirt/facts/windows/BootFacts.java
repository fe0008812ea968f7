package dev.hostvirt.facts.windows;

import static dev.hostvirt.facts.windows.WindowsReads.cmdSource;
import static dev.hostvirt.facts.windows.WindowsReads.regSource;
import static dev.hostvirt.facts.windows.WindowsSourceNames.*;

import dev.hostvirt.facts.Fact;
import dev.hostvirt.host.CommandOutput;
import dev.hostvirt.host.Reading;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The boot configuration: hypervisorlaunchtype of the running entry, and whether a reboot is pending. */
public final class BootFacts {
    private final WindowsReads reads;

    BootFacts(WindowsReads reads) {
        this.reads = reads;
    }

    private Boolean elevated() {
        return Values.bool(reads.host().value(VALUE_ELEVATED).orElse(null));
    }

    /**
     * hypervisorlaunchtype of the entry we booted. {current} is an alias with no registry key
     * (anchors 1.7), so the registry view answers through the boot manager's default entry, which is
     * the booted one only when the boot menu offers no other: with a second entry (say, the "no
     * Hyper-V" copy our own fix suggests) the default may not be what runs. Then bcdedit's {current}
     * decides, or the registry when every listed entry agrees; otherwise unknown. The WMI BCD provider
     * (root\WMI BcdStore.OpenObject on {current}'s GUID, then GetElement 0x250000F0) would name the
     * entry exactly; it needs chained ExecMethod calls and is not implemented yet.
     */
    public Fact<LaunchType> launchType() {
        return reads.once("bcd.launchtype", () -> {
            String entry = Values.string(reads.registryValue(REG_BCD_BOOTMGR_DEFAULT, "Element"));
            Reading<Map<String, Object>> order = reads.host().registry(REG_BCD_BOOTMGR_DISPLAYORDER);
            List<String> entries = order.isPresent() ? strings(order.orElse(Map.of()).get("Element")) : null;
            // A menu that was not captured (older snapshots) is taken as one entry: the registry,
            // language-neutral, wins over bcdedit's text as the snapshot contract says.
            boolean single = order.isUnknown() || order.isAbsent() || (entries != null && entries.size() <= 1);
            if (entry != null && entry.startsWith("{") && single) {
                Fact<LaunchType> fromRegistry = registryLaunchType(entry);
                if (fromRegistry.known()) {
                    return fromRegistry;
                }
            }
            BcdCurrent bcd = bcdedit();
            if (bcd.launchType() != LaunchType.UNKNOWN) {
                return Fact.of(bcd.launchType(), cmdSource(BCDEDIT_CURRENT));
            }
            if (entries != null && !entries.isEmpty()) {
                Fact<LaunchType> agreed = null;
                for (String e : entries) {
                    Fact<LaunchType> t = registryLaunchType(e);
                    if (!t.known() || (agreed != null && agreed.value() != t.value())) {
                        return Fact.unknown(cmdSource(BCDEDIT_CURRENT));
                    }
                    agreed = agreed == null ? t : agreed;
                }
                return agreed;
            }
            return Fact.unknown(cmdSource(BCDEDIT_CURRENT));
        });
    }

    private Fact<LaunchType> registryLaunchType(String entry) {
        String key = bcdLaunchTypeKey(entry);
        Reading<Map<String, Object>> element = reads.host().registry(key);
        if (element.isAbsent()) {
            return Fact.of(LaunchType.ABSENT, regSource(key, null));
        }
        Long n = Values.bcdInteger(element.orElse(Map.of()).get("Element"));
        if (n != null && LaunchType.ofInteger(n) != LaunchType.UNKNOWN) {
            return Fact.of(LaunchType.ofInteger(n), regSource(key, "Element"));
        }
        return Fact.unknown(regSource(key, "Element"));
    }

    /** REG_MULTI_SZ: a list of strings (a lone string from a hand-written snapshot counts as one). */
    private static List<String> strings(Object v) {
        if (v instanceof List<?> list) {
            List<String> out = new ArrayList<>();
            list.forEach(o -> out.add(String.valueOf(o)));
            return out;
        }
        return v instanceof String s ? List.of(s) : null;
    }

    private BcdCurrent bcdedit() {
        return reads.once("bcdedit", () -> {
            Reading<CommandOutput> r = reads.host().command(BCDEDIT_CURRENT);
            if (!(r instanceof Reading.Present<CommandOutput> p)) {
                return BcdCurrent.UNKNOWN;
            }
            BcdCurrent parsed = BcdEditParser.parse(p.value().stdout() + "\n" + p.value().stderr());
            if (parsed.launchType() == LaunchType.UNKNOWN && !p.value().succeeded()
                    && Boolean.FALSE.equals(elevated())) {
                // bcdedit fails unelevated whatever language it speaks; the token says why.
                return BcdCurrent.DENIED;
            }
            return parsed;
        });
    }

    /** True when the launch type is unknown because this process is not elevated. */
    public boolean launchTypeNeedsElevation() {
        return !launchType().known() && (bcdedit().accessDenied() || Boolean.FALSE.equals(elevated()));
    }

    /** The servicing stack or Windows Update waits for a reboot (key present), or not; null unknown. */
    public Fact<Boolean> rebootPending() {
        Reading<Map<String, Object>> cbs = reads.host().registry(REG_REBOOT_CBS);
        Reading<Map<String, Object>> wu = reads.host().registry(REG_REBOOT_WU);
        if (cbs.isPresent()) {
            return Fact.of(true, regSource(REG_REBOOT_CBS, null));
        }
        if (wu.isPresent()) {
            return Fact.of(true, regSource(REG_REBOOT_WU, null));
        }
        return cbs.isAbsent() && wu.isAbsent() ? Fact.of(false, regSource(REG_REBOOT_CBS, null))
                : Fact.unknown(regSource(REG_REBOOT_CBS, null));
    }
}
