package dev.hostvirt.engine.macos;

import dev.hostvirt.engine.forward.ArgWalker;
import dev.hostvirt.engine.forward.ForwardException;
import dev.hostvirt.engine.forward.Forwarder;
import dev.hostvirt.engine.forward.ProcessLauncher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * macOS: runs an engine command with the docker or podman CLI (their VMs run the containers).
 * Most of our flags are spelled as docker's (we copied them); the differences, translated here:
 * our default network is none (docker's is bridge), so --network=none is added when the user gave
 * none; a relative -v HOST is resolved against the working directory (docker would take it for a
 * named volume); image import is "load -i"; flags the CLI does not have are refused by name rather
 * than dropped. argv list in, exit code out, stdio inherited.
 */
public final class MacosCliForwarder implements Forwarder {
    /** Our long option names each CLI lacks (docker: docs.docker.com/reference/cli/docker/container/run). */
    private static final Map<String, Set<String>> UNSUPPORTED = Map.of(
            "docker", Set.of("--runtime", "--state-dir", "--tls-verify", "--ca-bundle", "--cert-dir", "--platform"),
            "podman", Set.of("--state-dir", "--ca-bundle", "--platform"));

    private final String cli;
    private final String workingDirectory;
    private final ProcessLauncher launcher;

    public MacosCliForwarder(String cli, String workingDirectory, ProcessLauncher launcher) {
        this.cli = cli;
        this.workingDirectory = workingDirectory;
        this.launcher = launcher;
    }

    public String cli() {
        return cli;
    }

    @Override
    public int forward(List<String> commandPath, List<String> args, CommandSpec spec) {
        List<String> argv = new ArrayList<>();
        argv.add(cli);
        argv.addAll(translate(commandPath, args, spec));
        int code = launcher.launch(argv, Map.of());
        if (code == ProcessLauncher.NOT_FOUND) {
            throw new ForwardException("forward.macos.none", 125);
        }
        return code;
    }

    public List<String> translate(List<String> commandPath, List<String> args, CommandSpec spec) {
        List<String> out = new ArrayList<>();
        boolean isImport = commandPath.equals(List.of("image", "import"));
        if (isImport) {
            out.add("load");
        } else {
            out.addAll(commandPath);
        }
        boolean[] network = {false};
        List<String> rest = ArgWalker.rewrite(args, spec, new ArgWalker.Rewriter() {
            @Override
            public List<String> option(OptionSpec option, String name, String value) {
                String longest = option.longestName();
                if (longest.equals("--lang")) {
                    return List.of(); // hostvirt's own language (applied already); docker and podman have none
                }
                if (UNSUPPORTED.getOrDefault(cli, Set.of()).contains(longest) || (isImport && longest.equals("--name"))) {
                    throw new ForwardException("forward.macos.unsupported", 125, longest, cli);
                }
                if (longest.equals("--network")) {
                    network[0] = true;
                }
                if (longest.equals("--volume") && value != null) {
                    return ArgWalker.emit(name, absoluteVolume(value));
                }
                return ArgWalker.emit(name, value);
            }

            @Override
            public List<String> positional(int index, String value) {
                return isImport && index == 0 ? List.of("-i", value) : List.of(value);
            }
        });
        if (commandPath.equals(List.of("run")) && !network[0]) {
            out.add("--network=none");
        }
        out.addAll(rest);
        return out;
    }

    private String absoluteVolume(String spec) {
        if (spec.startsWith("/") || !spec.contains(":")) {
            return spec;
        }
        String base = workingDirectory.endsWith("/") ? workingDirectory : workingDirectory + "/";
        String host = spec.substring(0, spec.indexOf(':'));
        String rel = host.equals(".") ? "" : host.startsWith("./") ? host.substring(2) : host;
        String abs = rel.isEmpty() ? workingDirectory : base + rel;
        return abs + spec.substring(spec.indexOf(':'));
    }
}
