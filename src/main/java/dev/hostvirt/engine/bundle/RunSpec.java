package dev.hostvirt.engine.bundle;

import java.util.List;

/**
 * What the user asked {@code hostvirt run} for, already parsed. Null means "not given" (the image
 * or the engine default applies); {@code entrypoint} given as an empty string clears the image's.
 *
 * @param memorySwapBytes --memory-swap: memory and swap together, {@link #UNLIMITED_SWAP} for no swap
 *     limit; null for podman's default (twice --memory, where the host limits swap)
 * @param seccompProfile --security-opt seccomp=FILE: that profile's JSON (docker's, containers-common's or
 *     the OCI form); null for the bundled default
 * @param interactive -i: the container reads hostvirt's stdin (detached: a stdin that stays open)
 * @param tty -t: the container's stdio is a pseudo-terminal, which the runtime joins to hostvirt's
 */
public record RunSpec(String image, String name, List<String> env, String workdir, String user, String entrypoint,
        String hostname, boolean readOnly, List<Volume> volumes, List<Tmpfs> tmpfs, Long memoryBytes, Long memorySwapBytes, Double cpus,
        Long pidsLimit, Network network, List<Rlimits.Limit> ulimits, String runtime, boolean seccomp,
        String seccompProfile, boolean noNewPrivileges, List<String> capAdd, List<String> capDrop, List<String> args, boolean remove,
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

    /** --memory-swap -1: swap not limited. */
    public static final long UNLIMITED_SWAP = -1;

    public enum Network { NONE, HOST }

    /**
     * -v SOURCE:DESTINATION[:OPTIONS].
     *
     * @param options the mount options asked for beyond ro/rw ({@code nosuid}, {@code noexec},
     *     {@code bind}, a propagation such as {@code rslave}), as OCI mount options
     */
    public record Volume(String source, String destination, boolean readOnly, List<String> options) {
        /** The mount propagations a -v may ask for; one of them replaces the default rprivate. */
        public static final java.util.Set<String> PROPAGATIONS = java.util.Set.of("private", "rprivate", "shared", "rshared",
                "slave", "rslave");

        public Volume {
            options = List.copyOf(options);
        }

        public Volume(String source, String destination, boolean readOnly) {
            this(source, destination, readOnly, List.of());
        }
    }

    /** --tmpfs PATH[:OPTIONS]: the mount options, podman's defaults with the user's applied. */
    public record Tmpfs(String destination, List<String> options) {
        /** The runtimes' (runc's and crun's) option that fills a new tmpfs with what was beneath it. */
        public static final String COPY_UP = "tmpcopyup";

        public Tmpfs {
            options = List.copyOf(options);
        }

        /** Whether the image's files at its destination are copied into it (podman's default). */
        public boolean copiesUp() {
            return options.contains(COPY_UP);
        }
    }
}
