package dev.hostvirt.cli;

/**
 * Marks run and exec, whose exit code is a container process's own. When hostvirt could not write
 * the container's output to the user (a full disk, EIO), the code is 125 whatever the process
 * returned: it had been the container's own code when that was not 0 and 125 when it was, so a
 * script could not tell lost output from a container's failure (podman exits 126 for it).
 */
public interface ContainerCodeCommand extends EngineCommand {
}
