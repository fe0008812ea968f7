package dev.hostvirt.engine.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hostvirt.HostvirtException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** ps --filter as podman reads it: one key's values are alternatives, different keys must all hold. */
class ContainerFilterTest {
    private static final String BUSYBOX = "sha256:" + "b".repeat(64);

    private static ContainerRecord record(String id, String name, String status, String image, String imageId) {
        return new ContainerRecord(id.repeat(64 / id.length()), name, image, imageId, List.of("true"), "2026-11-28T07:58:00Z",
                "crun", status, null, false, null, false, false, "overlay", List.of());
    }

    private static final ContainerRecord WEB1 = record("a1", "web1", "running", "localhost/busybox:latest", BUSYBOX);
    private static final ContainerRecord WEB2 = record("a2", "web2", "exited", "localhost/busybox:latest", BUSYBOX);
    private static final ContainerRecord DB = record("c3", "db", "running", "localhost/other:1", "sha256:" + "d".repeat(64));

    private static List<String> names(String... filters) {
        ContainerFilter f = ContainerFilter.parse(List.of(filters), i -> i.equals("busybox") ? Optional.of(BUSYBOX) : Optional.empty());
        return List.of(WEB1, WEB2, DB).stream().filter(f).map(ContainerRecord::name).toList();
    }

    @Test
    void valuesOfOneKeyAreAlternativesAndDifferentKeysMustAllHold() {
        assertEquals(List.of("web1", "web2"), names("name=web"), "a regular expression found anywhere in the name");
        assertEquals(List.of("web1", "web2", "db"), names("name=web", "name=^db$"));
        assertEquals(List.of("web1"), names("name=web", "status=running"));
        assertEquals(List.of("web1", "db"), names("status=running", "status=created", "id=a1", "id=c"));
        assertEquals(List.of(), names("name=WEB"), "case counts, as in podman");
        assertEquals(List.of("web2"), names("status=stopped"), "podman's stopped is exited (it matched nothing)");
        assertEquals(List.of("web2"), names("id=2a2"), "a regular expression found anywhere, as podman's (it was a prefix)");
        assertEquals(List.of(), names("status=removing"), "accepted, as podman; nothing being removed is listed");
    }

    @Test
    void anAncestorIsTheImageAsTheStoreNamesItOrAsTheRunNamedIt() {
        assertEquals(List.of("web1", "web2"), names("ancestor=busybox"), "resolved to the image's ID");
        assertEquals(List.of("db"), names("ancestor=localhost/other:1"), "the image text the container was run with");
        assertEquals(List.of(), names("ancestor=busy"), "not a prefix of a name");
    }

    @Test
    void aStatusFilterLooksAtStoppedContainersToo() {
        assertTrue(ContainerFilter.parse(List.of("status=exited"), i -> Optional.empty()).namesStatus());
        assertFalse(ContainerFilter.parse(List.of("name=x"), i -> Optional.empty()).namesStatus());
    }

    @Test
    void filtersPodmanDoesNotTakeAreRefusedWith125() {
        for (String bad : List.of("bogus=1", "name", "=x", "status=bogus", "name=[")) {
            HostvirtException e = assertThrows(HostvirtException.class, () -> names(bad), bad);
            assertEquals(125, e.exitCode(), bad);
        }
    }
}
