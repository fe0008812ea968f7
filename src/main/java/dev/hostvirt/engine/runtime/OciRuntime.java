package dev.hostvirt.engine.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One OCI runtime binary and how to call it. On a hybrid host whose cgroup2 side has controllers,
 * crun runs inside a mount namespace of its own (a slave of the host's) with /sys/fs/cgroup/unified
 * unmounted: that changes nothing on the host and makes crun see a v1-only host (verified,
 * container-anchors §1.8).
 *
 * @param name "runc" or "crun"
 * @param binary the executable
 * @param stateRoot the runtime's --root (kept under the engine state, so ours never mix with podman's)
 * @param privateCgroupView wrap every call in the unshare workaround above
 */
public record OciRuntime(String name, Path binary, Path stateRoot, boolean privateCgroupView) {

    /** The argv to run {@code runtime --root R <args...>}. */
    public List<String> command(List<String> args) {
        List<String> out = new ArrayList<>();
        if (privateCgroupView) {
            // slave, not private: the umount stays in this namespace all the same (a slave sends nothing
            // back), while the host's later mounts still reach a container whose -v asked for rslave.
            out.addAll(List.of("unshare", "-m", "--propagation", "slave", "sh", "-c",
                    "umount /sys/fs/cgroup/unified 2>/dev/null; exec \"$0\" \"$@\""));
        }
        out.add(binary.toString());
        out.add("--root");
        out.add(stateRoot.toString());
        out.addAll(args);
        return out;
    }

    public List<String> command(String... args) {
        return command(List.of(args));
    }

    /** Whether it takes a compiled seccomp filter in the {@code run.oci.seccomp_bpf_data} annotation (crun). */
    public boolean takesCompiledSeccomp() {
        return name.equals("crun");
    }
}
