package dev.hostvirt.facts.macos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EngineListingsTest {

    @Test
    void limaConcatenatedObjectsFromLima308() {
        List<EngineListings.Vm> vms = EngineListings.limaInstances(Resources.text("limactl-list-json-lima308.txt"));
        assertEquals(2, vms.size());
        assertEquals(new EngineListings.Vm("alpine", false, "qemu"), vms.get(0));
        assertEquals(new EngineListings.Vm("default", true, "qemu"), vms.get(1));
    }

    @Test
    void limaOneLinePerInstanceWithVmType() {
        List<EngineListings.Vm> vms = EngineListings.limaInstances(
                "{\"name\":\"colima\",\"status\":\"Running\",\"vmType\":\"vz\",\"arch\":\"aarch64\"}\n");
        assertEquals(List.of(new EngineListings.Vm("colima", true, "vz")), vms);
    }

    @Test
    void podmanMachineThatHangsInStartIsNotRunning() {
        List<EngineListings.Vm> vms = EngineListings.podmanMachines(Resources.text("podman-machine-ls-25387.json"));
        assertEquals(List.of(new EngineListings.Vm("podman-machine-default", false, "applehv")), vms);
    }

    @Test
    void noMachinesIsAnEmptyList() {
        assertEquals(List.of(), EngineListings.podmanMachines("[]\n"));
        assertEquals(List.of(), EngineListings.limaInstances(""));
    }

    @Test
    void dockerContextsOnePerLine() {
        String text = "{\"Current\":false,\"Description\":\"Current DOCKER_HOST based configuration\",\"DockerEndpoint\":\"unix:///var/run/docker.sock\",\"Name\":\"default\"}\n"
                + "{\"Current\":true,\"Description\":\"Docker Desktop\",\"DockerEndpoint\":\"unix:///Users/me/.docker/run/docker.sock\",\"Name\":\"desktop-linux\"}\n";
        List<EngineListings.DockerContext> c = EngineListings.dockerContexts(text);
        assertEquals(2, c.size());
        assertTrue(c.get(1).current());
        assertEquals("desktop-linux", c.get(1).name());
        assertFalse(c.get(0).current());
    }

    @Test
    void colimaDriver() {
        assertEquals("macOS Virtualization.Framework", EngineListings.colimaDriver(
                "{\"display_name\":\"colima\",\"driver\":\"macOS Virtualization.Framework\",\"arch\":\"aarch64\",\"runtime\":\"docker\"}"));
        assertNull(EngineListings.colimaDriver("colima is not running"));
    }

    @Test
    void notJsonIsNullNeverAnException() {
        assertNull(EngineListings.podmanMachines("Error: cannot connect to Podman"));
        assertNull(EngineListings.podmanMachines("{\"Name\":\"x\"}"));
        assertNull(EngineListings.limaInstances("[{\"name\":\"x\"}]"));
        assertNull(EngineListings.dockerContexts("{\"Name\": "));
        assertNull(EngineListings.limaInstances(null));
    }
}
