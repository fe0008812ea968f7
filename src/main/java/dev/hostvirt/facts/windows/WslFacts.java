package dev.hostvirt.facts.windows;

import static dev.hostvirt.facts.windows.WindowsReads.cmdSource;
import static dev.hostvirt.facts.windows.WindowsReads.regSource;
import static dev.hostvirt.facts.windows.WindowsSourceNames.*;

import dev.hostvirt.facts.Fact;
import dev.hostvirt.facts.Version;
import dev.hostvirt.host.CommandOutput;
import dev.hostvirt.host.Reading;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** WSL: installed, default version, WSL package version and distributions (registry first, wsl.exe text as fallback). */
public final class WslFacts {
    private final WindowsReads reads;
    private final FeatureFacts features;

    WslFacts(WindowsReads reads, FeatureFacts features) {
        this.reads = reads;
        this.features = features;
    }

    private WslStatus status() {
        return reads.once("wsl.status", () -> {
            Reading<CommandOutput> r = reads.host().command(WSL_STATUS);
            if (r.isAbsent()) {
                return new WslStatus(null, Boolean.FALSE);
            }
            String text = reads.commandText(WSL_STATUS);
            return text == null ? WslStatus.UNKNOWN : WslStatusParser.parse(text);
        });
    }

    /** The distributions: the Lxss registry (Flags bit 0x8 = WSL2) through a native value, else {@code wsl -l -v}. */
    public Fact<List<WslDistro>> distributions() {
        return reads.once("wsl.distros", () -> {
            Reading<Object> v = reads.host().value(VALUE_WSL_DISTRIBUTIONS);
            if (v.orElse(null) instanceof List<?> list) {
                List<WslDistro> out = new ArrayList<>();
                for (Object o : list) {
                    if (o instanceof Map<?, ?> m) {
                        String name = Values.string(m.get("name"));
                        Long version = Values.number(m.get("version"));
                        if (name != null) {
                            out.add(new WslDistro(name, Values.string(m.get("state")),
                                    version == null ? 0 : version.intValue(), Boolean.TRUE.equals(Values.bool(m.get("default")))));
                        }
                    }
                }
                return Fact.of(List.copyOf(out), "value:" + VALUE_WSL_DISTRIBUTIONS);
            }
            String text = reads.commandText(WSL_LIST);
            List<WslDistro> parsed = text == null ? null : WslListParser.parse(text);
            return parsed == null ? Fact.<List<WslDistro>>unknown(cmdSource(WSL_LIST)) : Fact.of(parsed, cmdSource(WSL_LIST));
        });
    }

    public Fact<Boolean> installed() {
        return reads.once("wsl.installed", () -> {
            Fact<FeatureState> wslFeature = features.feature("Microsoft-Windows-Subsystem-Linux");
            if (wslFeature.value() == FeatureState.ENABLED) {
                return Fact.of(true, wslFeature.source());
            }
            if (reads.host().registry(REG_LXSS).isPresent()) {
                return Fact.of(true, regSource(REG_LXSS, null));
            }
            WslStatus s = status();
            if (s.installed() != null) {
                return Fact.of(s.installed(), cmdSource(WSL_STATUS));
            }
            Version v = version().value();
            if (v != null) {
                return Fact.of(true, cmdSource(WSL_VERSION));
            }
            Fact<List<WslDistro>> d = distributions();
            if (d.known() && !d.value().isEmpty()) {
                return Fact.of(true, d.source());
            }
            return Fact.unknown(cmdSource(WSL_STATUS));
        });
    }

    public Fact<Integer> defaultVersion() {
        return reads.once("wsl.defaultVersion", () -> {
            Long v = Values.number(reads.registryValue(REG_LXSS, "DefaultVersion"));
            if (v != null && (v == 1 || v == 2)) {
                return Fact.of(v.intValue(), regSource(REG_LXSS, "DefaultVersion"));
            }
            WslStatus s = status();
            if (s.defaultVersion() != null) {
                return Fact.of(s.defaultVersion(), cmdSource(WSL_STATUS));
            }
            // Store WSL (what `wsl --install` sets up on 19041+) defaults to 2 when nothing is set.
            return Fact.unknown(regSource(REG_LXSS, "DefaultVersion"));
        });
    }

    /**
     * %USERPROFILE%\.wslconfig, the file `--wslconfig` edits. Read as a fact so that a snapshot
     * records the recorded user's profile: a plan made from it must never use this computer's.
     */
    public Fact<String> configFile() {
        String dir = Values.string(reads.host().value(VALUE_USER_PROFILE).orElse(null));
        String source = "value:" + VALUE_USER_PROFILE;
        return dir == null || dir.isBlank() ? Fact.unknown(source) : Fact.of(dir + "\\.wslconfig", source);
    }

    public Fact<Version> version() {
        return reads.once("wsl.version", () -> {
            String text = reads.commandText(WSL_VERSION);
            Version v = text == null ? null : WslVersionParser.wslVersion(text);
            return v == null ? Fact.<Version>unknown(cmdSource(WSL_VERSION)) : Fact.of(v, cmdSource(WSL_VERSION));
        });
    }
}
