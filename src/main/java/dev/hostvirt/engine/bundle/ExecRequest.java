package dev.hostvirt.engine.bundle;

import java.util.List;

/**
 * What {@code hostvirt exec} was asked to run in a container.
 *
 * @param env KEY=VALUE pairs added to the container's environment
 * @param user USER[:GROUP], names resolved in the container's files; null for the container's own
 * @param workdir the working directory; null for the container's own
 */
public record ExecRequest(List<String> args, List<String> env, String user, String workdir, boolean interactive, boolean tty) {
    public ExecRequest {
        args = List.copyOf(args);
        env = List.copyOf(env);
    }
}
