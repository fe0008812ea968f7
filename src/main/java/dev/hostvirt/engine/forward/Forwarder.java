package dev.hostvirt.engine.forward;

import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** Runs one engine command somewhere else (the hostvirt WSL distro, a docker or podman CLI). */
public interface Forwarder {
    /**
     * @param commandPath the command's names below hostvirt ("run"; "image", "import")
     * @param args the user's arguments after the command path, as typed
     * @param spec the parsed command's model: which options take values, which hold paths
     * @return the exit code to exit with
     */
    int forward(List<String> commandPath, List<String> args, CommandSpec spec);
}
