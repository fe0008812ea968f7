package dev.hostvirt.facts;

import dev.hostvirt.host.CommandOutput;
import dev.hostvirt.host.Reading;

/**
 * An installed program as a probe found it: installed (with its version when it said one), not
 * installed, or unknown (not captured, or it could not be asked).
 */
public record Software(String name, State state, Version version, String source) {
    public enum State { INSTALLED, ABSENT, UNKNOWN }

    public static Software absent(String name, String source) {
        return new Software(name, State.ABSENT, null, source);
    }

    public static Software unknown(String name, String source) {
        return new Software(name, State.UNKNOWN, null, source);
    }

    public static Software installed(String name, Version version, String source) {
        return new Software(name, State.INSTALLED, version, source);
    }

    /** From a "--version" style command: the first dotted version in its output. */
    public static Software fromCommand(String name, Reading<CommandOutput> r, String source) {
        if (r.isAbsent()) {
            return absent(name, source);
        }
        if (r instanceof Reading.Present<CommandOutput> p) {
            return installed(name, Version.find(p.value().stdout() + "\n" + p.value().stderr()).orElse(null), source);
        }
        return unknown(name, source);
    }

    public boolean isInstalled() {
        return state == State.INSTALLED;
    }

    public boolean isAbsent() {
        return state == State.ABSENT;
    }

    /** As a public fact: the version, "absent", "installed" (no version said) or unknown. */
    public Fact<String> fact() {
        return switch (state) {
            case ABSENT -> Fact.of("absent", source);
            case UNKNOWN -> Fact.unknown(source);
            case INSTALLED -> Fact.of(version == null ? "installed" : version.text(), source);
        };
    }
}
