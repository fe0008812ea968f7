package dev.hostvirt.rules.windows;

import dev.hostvirt.facts.Fact;
import dev.hostvirt.facts.Version;
import dev.hostvirt.facts.windows.Edition;
import dev.hostvirt.facts.windows.FeatureState;
import dev.hostvirt.facts.windows.WindowsFacts;
import dev.hostvirt.i18n.Text;
import dev.hostvirt.rules.Finding;
import java.util.List;

/** WSL and Docker Desktop's backends. */
final class WslRules {
    static final Version DOCKER_MIN_WSL = Version.of(2, 1, 5);

    private final WindowsFacts facts;
    private final UnknownReasons why;

    WslRules(WindowsFacts facts, UnknownReasons why) {
        this.facts = facts;
        this.why = why;
    }

    Finding wslInstalled() {
        Fact<Boolean> w = facts.wsl().installed();
        Text title = Text.of("windows.wsl.installed.title");
        if (!w.known()) {
            return Finding.skip("windows.wsl.installed", title, why.unknown(w.source())).withSources(w.source());
        }
        if (w.value()) {
            return Finding.pass("windows.wsl.installed", title, Text.of("windows.wsl.installed.pass")).withSources(w.source());
        }
        // `wsl --install` exists from Windows 10 2004 (19041); older builds enable the features by hand
        // (learn.microsoft.com/windows/wsl/install-manual).
        Integer build = facts.build().value();
        String fix = build != null && build < 19041 ? "windows.fix.wsl.installManual" : "windows.fix.wsl.install";
        return Finding.fail("windows.wsl.installed", title, Text.of("windows.wsl.installed.fail"),
                Fixes.ELEVATED_REBOOT.fix(fix)).withSources(w.source());
    }

    Finding wslDefaultVersion() {
        Fact<Integer> v = facts.wsl().defaultVersion();
        Text title = Text.of("windows.wsl.default.title");
        if (!v.known()) {
            return Finding.skip("windows.wsl.default", title, why.unknown(v.source()))
                    .withSources(v.source()).optional();
        }
        if (v.value() == 2) {
            return Finding.pass("windows.wsl.default", title, Text.of("windows.wsl.default.pass")).withSources(v.source());
        }
        return Finding.warn("windows.wsl.default", title, Text.of("windows.wsl.default.one"),
                Fixes.NOTHING.fix("windows.fix.wsl.default")).withSources(v.source());
    }

    /** Docker Desktop runs on the WSL 2 backend or, on Pro/Enterprise/Education, the Hyper-V one. */
    Finding dockerBackend() {
        Text title = Text.of("windows.docker.backend.title");
        FeatureState vmp = facts.features().feature("VirtualMachinePlatform").value();
        Boolean wsl = facts.wsl().installed().value();
        Fact<Version> wslVersion = facts.wsl().version();
        boolean wslNew = !wslVersion.known() || wslVersion.value().atLeast(DOCKER_MIN_WSL);
        boolean wslOk = vmp == FeatureState.ENABLED && Boolean.TRUE.equals(wsl) && wslNew;
        Edition ed = facts.edition().value();
        boolean hyperVOk = ed != null && ed.allowsHyperV()
                && facts.features().feature("Microsoft-Hyper-V-All").value() == FeatureState.ENABLED
                && facts.features().feature("Containers").value() == FeatureState.ENABLED;
        List<String> sources = List.of(facts.features().feature("VirtualMachinePlatform").source(), facts.wsl().installed().source(),
                wslVersion.source(), facts.features().feature("Microsoft-Hyper-V-All").source());
        if (wslOk) {
            return Finding.pass("windows.docker.backend", title, Text.of("windows.docker.backend.wsl")).withSources(sources);
        }
        if (hyperVOk) {
            return Finding.pass("windows.docker.backend", title, Text.of("windows.docker.backend.hyperv")).withSources(sources);
        }
        if (vmp == FeatureState.ENABLED && Boolean.TRUE.equals(wsl) && !wslNew) {
            return Finding.fail("windows.docker.backend", title, Text.of("windows.docker.backend.oldWsl",
                    wslVersion.value().padded(), DOCKER_MIN_WSL.padded()), Fixes.ELEVATED.fix("windows.fix.wsl.update")).withSources(sources);
        }
        if (vmp == null || vmp == FeatureState.UNKNOWN || wsl == null) {
            return Finding.skip("windows.docker.backend", title, why.unknown(String.join(", ", sources)))
                    .withSources(sources);
        }
        return Finding.fail("windows.docker.backend", title, Text.of("windows.docker.backend.none"),
                Fixes.ELEVATED_REBOOT.fix("windows.fix.docker.wsl")).withSources(sources);
    }
}
