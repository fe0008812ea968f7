package dev.hostvirt.engine.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One OCI runtime binary and how to call it. On a hybrid host whose cgroup2 side has controllers,
 * crun runs inside a private mount namespace with /sys/fs/cgroup/unified unmounted: that changes
 * nothing on the host and makes crun see a v1-only host (verified, container-anchors §1.8).
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
            out.addAll(List.of("unshare", "-m", "--propagation", "private", "sh", "-c",
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

    /**
     * Starts {@code runtime --root R <args...>} with {@code pb}'s redirections and environment; on a
     * host that needs the private cgroup view, in a namespace this process makes itself, else (or if
     * it cannot) through the wrapper of {@link #command}.
     */
    public Process start(ProcessBuilder pb, String... args) throws IOException {
        if (privateCgroupView) {
            List<String> direct = new ArrayList<>(List.of(binary.toString(), "--root", stateRoot.toString()));
            direct.addAll(List.of(args));
            Optional<Process> started = PrivateCgroupView.start(pb.command(direct));
            if (started.isPresent()) {
                return started.get();
            }
        }
        return pb.command(command(args)).start();
    }

    /** Whether it takes a compiled seccomp filter in the {@code run.oci.seccomp_bpf_data} annotation (crun). */
    public boolean takesCompiledSeccomp() {
        return name.equals("crun");
    }
}
