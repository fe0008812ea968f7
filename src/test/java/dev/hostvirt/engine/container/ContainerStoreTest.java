package dev.hostvirt.engine.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A container's record: written whole, private, and nothing else left in its directory. */
class ContainerStoreTest {
    @TempDir
    Path tmp;

    private static final String ID = "a".repeat(64);

    private static ContainerRecord record(String status) {
        return new ContainerRecord(ID, "web", "docker.io/library/busybox:latest", "sha256:" + "b".repeat(64), List.of("true"),
                "2026-11-28T00:00:00Z", "crun", status, null, false, null, false, true, "overlay", List.of("a note"));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aRecordIsSavedPrivateAndReplacedWhole() throws IOException {
        ContainerStore store = new ContainerStore(tmp);
        Path dir = Files.createDirectories(store.dirOf(ID));
        store.save(record("created"));
        store.save(record("running"));
        assertEquals(List.of("container.json"), names(dir), "no temporary left behind");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("container.json"))),
                "the command line and its arguments are the owner's to read, whatever the umask");
        assertEquals("running", store.find("web").status());
        assertEquals(List.of("a note"), store.find(ID.substring(0, 12)).notes());
    }

    @Test
    void anyPrefixOfAnIdFindsItAndANameComesFirst() throws IOException {
        ContainerStore store = new ContainerStore(tmp);
        String other = "abc" + "c".repeat(61);
        String third = "abd" + "d".repeat(61);
        saved(store, record("exited"));
        saved(store, new ContainerRecord(other, "a", "img", "sha256:" + "b".repeat(64), List.of("true"), "2026-11-28T00:00:01Z",
                "crun", "exited", 0, false, null, false, false, "overlay", List.of()));
        saved(store, new ContainerRecord(third, "x", "img", "sha256:" + "b".repeat(64), List.of("true"), "2026-11-28T00:00:02Z",
                "crun", "exited", 0, false, null, false, false, "overlay", List.of()));
        assertEquals(ID, store.find("aa").id(), "two characters, as docker and podman take");
        assertEquals(other, store.find("abc").id());
        assertEquals(other, store.find("a").id(), "a name wins over an ID prefix, even one that fits all");
        assertEquals(ID, store.find("web").id());
        assertTrue(store.lookup("b").isEmpty());
        assertTrue(store.lookup("").isEmpty(), "an empty name is nothing's prefix");
        dev.hostvirt.HostvirtException ambiguous = assertThrows(dev.hostvirt.HostvirtException.class, () -> store.lookup("ab"));
        assertEquals(125, ambiguous.exitCode());
    }

    private static void saved(ContainerStore store, ContainerRecord r) throws IOException {
        store.create(r.id());
        store.save(r);
    }

    @Test
    void aContainersDirectoryIsTheOwnersAloneAndNeverReused() throws IOException {
        ContainerStore store = new ContainerStore(tmp.resolve("containers"));
        Path dir = store.create(ID);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)),
                "its config.json holds the -e values, its logs the output");
        assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> store.create(ID));
        assertThrows(dev.hostvirt.HostvirtException.class, () -> store.create("../" + ID.substring(3)));
    }

    @Test
    void aFailedSaveLeavesNoTemporaryAndSaysSo() throws IOException {
        ContainerStore store = new ContainerStore(tmp);
        Path dir = Files.createDirectories(store.dirOf(ID));
        Files.createDirectory(dir.resolve("container.json")); // a directory in the record's place: the rename fails
        Files.writeString(dir.resolve("container.json/x"), "x");
        assertThrows(UncheckedIOException.class, () -> store.save(record("created")));
        assertEquals(List.of("container.json"), names(dir));
    }

    @Test
    void aRemovedContainerIsNotBroughtBack() throws IOException {
        ContainerStore store = new ContainerStore(tmp);
        store.save(record("exited"));
        assertEquals(List.of(), names(tmp), "its directory is gone: nothing is made again");
    }
}
