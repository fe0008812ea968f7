package dev.hostvirt.facts.windows;

import static dev.hostvirt.facts.windows.WindowsReads.wmiSource;
import static dev.hostvirt.facts.windows.WindowsSourceNames.*;

import dev.hostvirt.facts.Fact;
import dev.hostvirt.host.Reading;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Optional features (Win32_OptionalFeature) and service states, by their untranslated names. */
public final class FeatureFacts {
    private final WindowsReads reads;

    FeatureFacts(WindowsReads reads) {
        this.reads = reads;
    }

    public Fact<FeatureState> feature(String name) {
        return reads.once("feature:" + name, () -> {
            String src = wmiSource(WMI_FEATURES, name);
            Reading<List<Map<String, Object>>> r = reads.host().wmi(WMI_FEATURES);
            if (!(r instanceof Reading.Present<List<Map<String, Object>>> p)) {
                return Fact.<FeatureState>unknown(src);
            }
            for (Map<String, Object> f : p.value()) {
                if (name.equalsIgnoreCase(Values.string(f.get("Name")))) {
                    Long state = Values.number(f.get("InstallState"));
                    return state == null ? Fact.<FeatureState>unknown(src) : Fact.of(FeatureState.ofInstallState(state), src);
                }
            }
            // The class lists every feature this edition has; a missing name is not available here.
            return Fact.of(FeatureState.ABSENT, src);
        });
    }

    /** "running", "stopped" (or another SCM state), "absent" when not installed. */
    public Fact<String> service(String name) {
        String src = "value:" + VALUE_SERVICE_PREFIX + name;
        Reading<Object> r = reads.host().value(VALUE_SERVICE_PREFIX + name);
        if (r.isAbsent()) {
            return Fact.of("absent", src);
        }
        String s = Values.string(r.orElse(null));
        return s == null ? Fact.unknown(src) : Fact.of(s.toLowerCase(Locale.ROOT), src);
    }

    public boolean serviceInstalled(String name) {
        Fact<String> s = service(name);
        return s.known() && !"absent".equals(s.value());
    }
}
