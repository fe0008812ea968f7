package dev.hostvirt.engine.bundle;

import java.util.List;

/**
 * What the user asked {@code hostvirt run} for, already parsed. Null means "not given" (the image
 * or the engine default applies); {@code entrypoint} given as an empty string clears the image's.
 *
 * @param interactive -i: the container reads hostvirt's stdin (detached: a stdin that stays open)
 * @param tty -t: the container's stdio is a pseudo-terminal, which the runtime joins to hostvirt's
 */
public record RunSpec(String image, String name, List<String> env, String workdir, String user, String entrypoint,
        String hostname, boolean readOnly, List<Volume> volumes, List<Tmpfs> tmpfs, Long memoryBytes, Double cpus,
        Long pidsLimit, Network network, List<Rlimits.Limit> ulimits, String runtime, boolean seccomp,
        boolean noNewPrivileges, List<String> capAdd, List<String> capDrop, List<String> args, boolean remove,
        boolean detach, boolean interactive, boolean tty, String stopSignal) {

    public RunSpec {
        env = List.copyOf(env);
        volumes = List.copyOf(volumes);
        tmpfs = List.copyOf(tmpfs);
        ulimits = List.copyOf(ulimits);
        capAdd = List.copyOf(capAdd);
        capDrop = List.copyOf(capDrop);
        args = List.copyOf(args);
    }

    /** The most pids.max takes (the kernel's PID_MAX_LIMIT, 4M); more is "Invalid argument". */
    public static final long MAX_PIDS_LIMIT = 4_194_304;
    /** podman's default when --pids-limit is not given (containers/common DefaultPidsLimit). */
    public static final long DEFAULT_PIDS_LIMIT = 2048;

    public enum Network { NONE, HOST }

    public record Volume(String source, String destination, boolean readOnly) {
    }

    /** --tmpfs PATH[:OPTIONS]: the mount options, podman's defaults with the user's applied. */
    public record Tmpfs(String destination, List<String> options) {
        public Tmpfs {
            options = List.copyOf(options);
        }
    }
}
