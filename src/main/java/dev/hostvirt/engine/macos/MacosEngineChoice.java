package dev.hostvirt.engine.macos;

import dev.hostvirt.engine.forward.ForwardException;
import dev.hostvirt.facts.macos.Engine;
import dev.hostvirt.facts.macos.MacosFacts;
import dev.hostvirt.host.Reading;
import java.util.List;

/**
 * Which container CLI hostvirt forwards to on macOS, from what the macOS detector found: podman when
 * its machine runs; else docker when a docker-compatible engine runs (Docker Desktop, OrbStack,
 * Rancher Desktop's moby, Colima) or when the docker CLI exists and whether one runs is unknown.
 * Otherwise a refusal that says exactly what to do.
 */
public final class MacosEngineChoice {
    private MacosEngineChoice() {
    }

    /** @return "docker" or "podman" */
    public static String choose(MacosFacts facts) {
        Engine podman = facts.podman();
        if (podman.isInstalled() && podman.isRunning()) {
            return "podman";
        }
        boolean dockerCli = facts.host().command("docker", "--version") instanceof Reading.Present<?>;
        List<Engine> dockerEngines = List.of(facts.docker(), facts.orbstack(), facts.rancher(), facts.colima());
        if (dockerCli) {
            boolean running = dockerEngines.stream().anyMatch(Engine::isRunning);
            boolean unknown = dockerEngines.stream().anyMatch(e -> e.isInstalled() && e.running() == null);
            if (running || unknown) {
                return "docker";
            }
        }
        if (podman.isInstalled()) {
            throw new ForwardException("forward.macos.podmanStopped", 125);
        }
        if (dockerCli || dockerEngines.stream().anyMatch(Engine::isInstalled)) {
            throw new ForwardException("forward.macos.dockerStopped", 125);
        }
        throw new ForwardException("forward.macos.none", 125);
    }
}
