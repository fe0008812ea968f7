package dev.hostvirt.facts.windows;

import static dev.hostvirt.facts.windows.WindowsReads.cmdSource;
import static dev.hostvirt.facts.windows.WindowsReads.regSource;
import static dev.hostvirt.facts.windows.WindowsSourceNames.*;

import dev.hostvirt.facts.Fact;
import dev.hostvirt.host.CommandOutput;
import dev.hostvirt.host.Reading;
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

    public Fact<LaunchType> launchType() {
        return reads.once("bcd.launchtype", () -> {
            String entry = Values.string(reads.registryValue(REG_BCD_BOOTMGR_DEFAULT, "Element"));
            if (entry != null && entry.startsWith("{")) {
                // The boot manager's default entry: the one we booted unless someone picked another
                // at the boot menu. {current} itself is an alias with no registry key (anchors 1.7).
                String key = bcdLaunchTypeKey(entry);
                Reading<Map<String, Object>> element = reads.host().registry(key);
                if (element.isAbsent()) {
                    return Fact.of(LaunchType.ABSENT, regSource(key, null));
                }
                Long n = Values.bcdInteger(element.orElse(Map.of()).get("Element"));
                if (n != null && LaunchType.ofInteger(n) != LaunchType.UNKNOWN) {
                    return Fact.of(LaunchType.ofInteger(n), regSource(key, "Element"));
                }
            }
            BcdCurrent bcd = bcdedit();
            if (bcd.launchType() != LaunchType.UNKNOWN) {
                return Fact.of(bcd.launchType(), cmdSource(BCDEDIT_CURRENT));
            }
            return Fact.unknown(cmdSource(BCDEDIT_CURRENT));
        });
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
