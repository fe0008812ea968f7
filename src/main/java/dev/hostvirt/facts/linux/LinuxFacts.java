package dev.hostvirt.facts.linux;

import dev.hostvirt.host.Host;

/** The typed picture of a Linux host, gathered lazily from the host port. */
public final class LinuxFacts {
    private final Host host;

    public LinuxFacts(Host host) {
        this.host = host;
    }

    public Host host() {
        return host;
    }
}
