package dev.hostvirt.cli;

import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;

/**
 * For run and exec: everything after the image (or container) belongs to the container's command,
 * so {@code hostvirt run busybox ls -l} passes {@code -l} to ls, as docker and podman do.
 */
public final class StopAtPositional implements IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec spec) {
        spec.parser().stopAtPositional(true);
        return spec;
    }
}
