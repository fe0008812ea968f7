package dev.hostvirt.rules.windows;

import dev.hostvirt.facts.Fact;
import dev.hostvirt.facts.windows.FeatureState;
import dev.hostvirt.facts.windows.WindowsFacts;
import dev.hostvirt.i18n.Text;
import dev.hostvirt.rules.Finding;
import java.util.List;

/** Optional features, the Hyper-V management service, drivers that need VT-x for themselves. */
final class FeatureRules {
    private final WindowsFacts facts;
    private final UnknownReasons why;

    FeatureRules(WindowsFacts facts, UnknownReasons why) {
        this.facts = facts;
        this.why = why;
    }

    Finding feature(String name, String id) {
        Fact<FeatureState> f = facts.features().feature(name);
        Text title = Text.of("windows.feature.title", name);
        if (!f.known() || f.value() == FeatureState.UNKNOWN) {
            return Finding.skip(id, title, why.unknown(f.source())).withSources(f.source());
        }
        return switch (f.value()) {
            case ENABLED -> Finding.pass(id, title, Text.of("windows.feature.enabled", name)).withSources(f.source());
            case DISABLED -> Finding.fail(id, title, Text.of("windows.feature.disabled", name),
                    Fixes.ELEVATED_REBOOT.fix("windows.fix.feature", name)).withSources(f.source());
            default -> Finding.fail(id, title, Text.of("windows.feature.absent", name),
                    Fixes.UPGRADE.fix("windows.fix.feature.absent", name)).withSources(f.source());
        };
    }

    void vmms(List<Finding> out) {
        if (facts.features().feature("Microsoft-Hyper-V-All").value() != FeatureState.ENABLED) {
            return;
        }
        Fact<String> s = facts.features().service("vmms");
        Text title = Text.of("windows.service.vmms.title");
        if (!s.known()) {
            out.add(Finding.skip("windows.service.vmms", title, why.unknown(s.source()))
                    .withSources(s.source()).optional());
        } else if ("running".equals(s.value())) {
            out.add(Finding.pass("windows.service.vmms", title, Text.of("windows.service.vmms.pass")).withSources(s.source()));
        } else if ("absent".equals(s.value())) {
            out.add(Finding.warn("windows.service.vmms", title, Text.of("windows.service.vmms.absent"),
                    Fixes.NOTHING.fix("windows.fix.reboot")).withSources(s.source()));
        } else {
            // The service manager's state in the reader's words ("vmms está en estado stopped" before).
            Object state = STATES.contains(s.value()) ? Text.of("windows.service.state." + s.value()) : s.value();
            out.add(Finding.warn("windows.service.vmms", title, Text.of("windows.service.vmms.stopped", state),
                    Fixes.ELEVATED.fix("windows.fix.vmms")).withSources(s.source()));
        }
    }

    /** The service manager's states, as the facts name them (lower case, SERVICE_* without the prefix). */
    private static final java.util.Set<String> STATES = java.util.Set.of("stopped", "start_pending", "stop_pending", "continue_pending",
            "pause_pending", "paused");

    void exclusiveDrivers(List<Finding> out) {
        List<String> drivers = facts.products().exclusiveVtxDrivers();
        if (!drivers.isEmpty()) {
            out.add(Finding.warn("windows.haxm", Text.of("windows.haxm.title"),
                    Text.of("windows.haxm.detail", String.join(", ", drivers)),
                    Fixes.ELEVATED_REBOOT.fix("windows.fix.haxm")).withSources("value:windows.service.intelhaxm",
                            "value:windows.service.aehd"));
        }
    }
}
