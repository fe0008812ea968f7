package dev.hostvirt.rules.windows;

import dev.hostvirt.facts.Fact;
import dev.hostvirt.facts.windows.Edition;
import dev.hostvirt.facts.windows.WindowsFacts;
import dev.hostvirt.i18n.Text;
import dev.hostvirt.rules.Finding;

/** Edition and build gates (windows-anchors.md 4). */
final class PlatformRules {
    private final WindowsFacts facts;
    private final UnknownReasons why;

    PlatformRules(WindowsFacts facts, UnknownReasons why) {
        this.facts = facts;
        this.why = why;
    }

    Finding edition(String target, boolean clientOnly) {
        Fact<Edition> e = facts.edition();
        Text title = Text.of("windows.edition.title", target);
        if (!e.known()) {
            return Finding.skip("windows.edition", title, why.unknown(e.source())).withSources(e.source());
        }
        Edition ed = e.value();
        boolean ok = ed.allowsHyperV() && !(clientOnly && ed == Edition.SERVER);
        if (ok) {
            return Finding.pass("windows.edition", title, Text.of("windows.edition.pass", Text.of("windows.edition.name." + ed.id()), target))
                    .withSources(e.source());
        }
        return Finding.fail("windows.edition", title, Text.of("windows.edition.fail", Text.of("windows.edition.name." + ed.id()), target),
                Fixes.UPGRADE.fix("windows.fix.edition." + (ed == Edition.SERVER ? "server" : "home"), target))
                .withSources(e.source());
    }

    Finding minBuild(String id, int min, String release) {
        Fact<Integer> b = facts.build();
        Text title = Text.of("windows.build.title", release, min);
        if (!b.known()) {
            return Finding.skip(id, title, why.unknown(b.source())).withSources(b.source());
        }
        if (b.value() >= min) {
            return Finding.pass(id, title, Text.of("windows.build.pass", facts.buildString())).withSources(b.source());
        }
        return Finding.fail(id, title, Text.of("windows.build.fail", facts.buildString(), min),
                Fixes.UPDATE.fix("windows.fix.build", release, min)).withSources(b.source());
    }

    /** WSL2: x64 build 18362/18363 with UBR 1049+, or 19041+; ARM64 19041+ (learn.microsoft.com/windows/wsl/install-manual). */
    Finding wslBuild() {
        Fact<Integer> b = facts.build();
        boolean arm = "arm64".equals(facts.arch().value());
        Text title = Text.of("windows.build.wsl.title");
        if (!b.known()) {
            return Finding.skip("windows.build.wsl", title, why.unknown(b.source())).withSources(b.source());
        }
        int build = b.value();
        Boolean ok;
        if (build >= 19041) {
            ok = true;
        } else if (arm || build < 18362) {
            ok = false;
        } else {
            Fact<Integer> ubr = facts.ubr();
            ok = (build == 18362 || build == 18363) && ubr.known() ? ubr.value() >= 1049 : null;
        }
        if (ok == null) {
            return Finding.skip("windows.build.wsl", title, Text.of("windows.build.wsl.ubr", facts.buildString()))
                    .withSources(b.source());
        }
        if (ok) {
            return Finding.pass("windows.build.wsl", title, Text.of("windows.build.pass", facts.buildString()))
                    .withSources(b.source());
        }
        return Finding.fail("windows.build.wsl", title, Text.of("windows.build.wsl.fail", facts.buildString(),
                arm ? "19041" : "18362.1049"), Fixes.UPDATE.fix("windows.fix.build", arm ? "2004" : "1903", arm ? "19041" : "18362.1049"))
                .withSources(b.source());
    }

    /** Docker Desktop: Windows 10 22H2 (19045) or Windows 11 23H2 (22631) and later (docker/docs windows-install.md). */
    Finding dockerBuild() {
        Fact<Integer> b = facts.build();
        Text title = Text.of("windows.build.docker.title");
        if (!b.known()) {
            return Finding.skip("windows.build.docker", title, why.unknown(b.source())).withSources(b.source());
        }
        int build = b.value();
        boolean ok = (build >= 19045 && build < 22000) || build >= 22631;
        if (ok) {
            return Finding.pass("windows.build.docker", title, Text.of("windows.build.pass", facts.buildString()))
                    .withSources(b.source());
        }
        return Finding.fail("windows.build.docker", title, Text.of("windows.build.docker.fail", facts.buildString()),
                Fixes.UPDATE.fix("windows.fix.build.docker")).withSources(b.source());
    }
}
