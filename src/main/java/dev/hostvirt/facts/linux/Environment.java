package dev.hostvirt.facts.linux;

import dev.hostvirt.facts.Fact;

/**
 * The two layers a Linux host may sit in: a virtual machine (and whose), and a container (and
 * whose). Both are reported; systemd-detect-virt by default names only the container.
 */
public record Environment(Fact<Boolean> hypervisorPresent, Fact<String> hypervisorVendor,
        Fact<Boolean> containerInside, Fact<String> containerKind) {
}
