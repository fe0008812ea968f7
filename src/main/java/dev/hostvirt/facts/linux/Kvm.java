package dev.hostvirt.facts.linux;

import dev.hostvirt.facts.Fact;
import dev.hostvirt.host.PathInfo;
import java.util.List;
import java.util.Set;

/**
 * KVM on this host.
 *
 * @param device         /dev/kvm, null when absent or unknown (see {@code deviceKnown})
 * @param apiVersion     KVM_GET_API_VERSION (12 on every kernel since 2.6.22), null when not asked
 * @param modules        kvm modules present in /sys/module (built in or loaded)
 * @param vendorModule   kvm_intel, kvm_amd, kvm_pvm, or null
 * @param nested         "Y"/"N"/"1"/"0" from the vendor module, null when unknown
 * @param enableVirtAtLoad "Y"/"N" (Linux 6.12+), null when the kernel has no such parameter
 * @param deviceGroup    the group owning /dev/kvm
 * @param inGroupNow     the process has that group now
 * @param inGroupFile    /etc/group lists the user in it (a re-login applies it)
 * @param enableVirtAtLoadKnown the parameter file was captured (present or absent)
 * @param userAccessUnknown under sudo, whether the caller may open /dev/kvm could not be told from
 *                       what was recorded (its state is then unknown)
 * @param kvmGroupExists /etc/group has a group named kvm (null: /etc/group not read)
 */
public record Kvm(Fact<String> deviceState, PathInfo device, boolean deviceKnown, Long apiVersion,
        Set<String> modules, String vendorModule, String nested, String enableVirtAtLoad,
        String deviceGroup, boolean inGroupNow, boolean inGroupFile, Boolean tun, Boolean vhostNet,
        Fact<String> modulesFact, boolean userAccessUnknown, boolean enableVirtAtLoadKnown,
        Boolean kvmGroupExists) {

    public Kvm {
        modules = Set.copyOf(modules);
    }

    /** Device state values of the public fact kvm.device. */
    public static final String OK = "ok";
    public static final String MISSING = "missing";
    public static final String NOT_KVM = "not-kvm";
    public static final String NO_ACCESS = "no-access";
    public static final String NOT_ANSWERING = "not-answering";

    public static final List<String> VENDOR_MODULES = List.of("kvm_intel", "kvm_amd", "kvm_pvm");
}
