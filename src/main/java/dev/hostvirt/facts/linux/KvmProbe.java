package dev.hostvirt.facts.linux;

import dev.hostvirt.host.linux.LinuxValues;
import dev.hostvirt.facts.Fact;
import dev.hostvirt.host.Host;
import dev.hostvirt.host.PathInfo;
import dev.hostvirt.host.Reading;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Probes /dev/kvm functionally: the node must be the KVM character device (10:232), open read-write
 * for the invoking user, and answer KVM_GET_API_VERSION with 12. virt-host-validate and kvm-ok only
 * check that the path exists and is accessible, so /dev/null bind-mounted over it passes both.
 */
final class KvmProbe {
    static final String KVM_RDEV = "10:232";

    private final Host host;
    private final Identity identity;

    KvmProbe(Host host, Identity identity) {
        this.host = host;
        this.identity = identity;
    }

    /** Whether /etc/group defines kvm (udev's rule and usermod -aG need it); null when it was not read. */
    private Boolean kvmGroupExists() {
        Reading<String> groups = host.file("/etc/group");
        if (!groups.isPresent()) {
            return groups.isAbsent() ? Boolean.FALSE : null;
        }
        return Identity.parseGroups(groups.orElse("")).stream().anyMatch(g -> g.name().equals("kvm"));
    }

    Kvm probe() {
        Set<String> modules = new LinkedHashSet<>();
        boolean modulesKnown = true;
        for (String m : List.of("kvm", "kvm_intel", "kvm_amd", "kvm_pvm")) {
            Boolean present = Sources.module(host, m);
            if (present == null) {
                modulesKnown = false;
            } else if (present) {
                modules.add(m);
            }
        }
        String vendor = null;
        for (String m : Kvm.VENDOR_MODULES) {
            if (modules.contains(m)) {
                vendor = m;
                break;
            }
        }
        String nested = vendor == null || vendor.equals("kvm_pvm") ? null
                : Sources.text(host, "/sys/module/" + vendor + "/parameters/nested");
        String atLoad = Sources.text(host, "/sys/module/kvm/parameters/enable_virt_at_load");

        Reading<PathInfo> node = host.path("/dev/kvm");
        PathInfo device = node.orElse(null);
        String group = device == null ? null : device.group();
        boolean inNow = false;
        boolean inFile = false;
        if (group != null && identity != null) {
            String groups = host.file("/etc/group").orElse("");
            for (Identity.Group g : Identity.parseGroups(groups)) {
                if (g.name().equals(group) || Long.toString(g.gid()).equals(group)) {
                    inNow = identity.groupIds().contains(g.gid());
                    inFile = g.members().contains(identity.user());
                }
            }
        }
        // Under sudo the recorded access is root's: the caller's is worked out from mode, owner and groups.
        UserAccess.Answer userAccess = identity == null || !identity.forOtherUser() || device == null ? null
                : UserAccess.readWrite(device, identity.user(), host.file("/etc/passwd").orElse(null),
                        host.file("/etc/group").orElse(null));
        if (userAccess != null) {
            // The caller's session groups are not this process's: /etc/group is all there is to go on.
            inNow = inFile;
        }
        Long api = null;
        String state;
        String src = Sources.path("/dev/kvm");
        if (node.isAbsent()) {
            state = Kvm.MISSING;
        } else if (device == null) {
            state = null;
        } else if (!device.isCharDevice() || (device.rdev() != null && !device.rdev().equals(KVM_RDEV))) {
            state = Kvm.NOT_KVM;
        } else if (userAccess == UserAccess.Answer.UNKNOWN) {
            state = null;
        } else if (userAccess == UserAccess.Answer.NO || !device.readable() || !device.writable()) {
            state = Kvm.NO_ACCESS;
        } else {
            Reading<Object> v = host.value(LinuxValues.KVM_API_VERSION);
            if (v instanceof Reading.Present<Object> p && p.value() instanceof Number n) {
                api = n.longValue();
                state = api == 12 ? Kvm.OK : Kvm.NOT_ANSWERING;
                src = src + ", " + Sources.value(LinuxValues.KVM_API_VERSION);
            } else {
                state = v.isUnknown() ? null : Kvm.NOT_ANSWERING;
            }
        }
        Fact<String> deviceState = state == null ? Fact.unknown(src) : Fact.of(state, src);
        String modulesSrc = Sources.moduleSource(host, "kvm").startsWith("file:") ? Sources.file("/proc/modules")
                : Sources.path("/sys/module/kvm*");
        Fact<String> modulesFact = modulesKnown ? Fact.of(String.join(",", modules), modulesSrc) : Fact.unknown(modulesSrc);
        return new Kvm(deviceState, device, !node.isUnknown(), api, modules, vendor, nested, atLoad, group, inNow, inFile,
                Sources.exists(host, "/dev/net/tun"), Sources.exists(host, "/dev/vhost-net"), modulesFact,
                userAccess == UserAccess.Answer.UNKNOWN,
                !host.file("/sys/module/kvm/parameters/enable_virt_at_load").isUnknown(), kvmGroupExists());
    }
}
