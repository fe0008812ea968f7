package dev.hostvirt.cli;

/**
 * Marks the container-engine commands (run, ps, image, ...): like podman and docker they exit with
 * 125 on bad usage, so a script cannot mistake a typo for the container's own exit code 2.
 */
public interface EngineCommand {
}
