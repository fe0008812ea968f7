package dev.hostvirt.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * snapshot -o: a regular file is replaced atomically; a device, a FIFO or a symbolic link is written
 * into or through, as a shell's > would. Renaming over them replaced /dev/full with a regular file.
 */
class SnapshotWriteTest {
    private static final String DOC = "{\"format\": \"hostvirt-snapshot/1\", \"platform\": {\"os\": \"linux\", \"arch\": \"amd64\"}}";

    @TempDir
    Path dir;

    private final SnapshotCodec codec = new SnapshotCodec();
    private final Snapshot snapshot = codec.parse("t.json", DOC);

    @Test
    void aSymbolicLinkIsWrittenThroughAndStaysALink() throws IOException {
        Path real = Files.writeString(dir.resolve("real.json"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), Path.of("real.json"));
        codec.write(snapshot, link);
        assertTrue(Files.isSymbolicLink(link), "the link stays");
        assertEquals(codec.toJson(snapshot), Files.readString(real));
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.json"), Path.of("made.json"));
        codec.write(snapshot, dangling);
        assertTrue(Files.isSymbolicLink(dangling));
        assertEquals(codec.toJson(snapshot), Files.readString(dir.resolve("made.json")), "a dangling link's file is made, as > makes it");
    }

    @Test
    void aFifoIsWrittenIntoNotReplaced() throws Exception {
        Path fifo = dir.resolve("fifo");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo");
        CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        codec.write(snapshot, fifo);
        assertEquals(codec.toJson(snapshot), read.get(30, TimeUnit.SECONDS));
        assertTrue(Files.readAttributes(fifo, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther(), "still a FIFO");
    }

    @Test
    void aFullDeviceFailsAndStaysADevice() throws IOException {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.exists(full) && !Files.isRegularFile(full, LinkOption.NOFOLLOW_LINKS), "/dev/full");
        IOException e = assertThrows(IOException.class, () -> codec.write(snapshot, full));
        assertTrue(String.valueOf(e.getMessage()).contains("No space left"), e.getMessage());
        assertTrue(!Files.isRegularFile(full, LinkOption.NOFOLLOW_LINKS), "still the device");
        codec.write(snapshot, Path.of("/dev/null"));
        assertTrue(!Files.isRegularFile(Path.of("/dev/null"), LinkOption.NOFOLLOW_LINKS), "still the device");
    }

    @Test
    void aRegularFileIsReplacedWholeAndANewOneMade() throws IOException {
        Path existing = Files.writeString(dir.resolve("host.json"), "a much longer old content that must not remain at the end");
        codec.write(snapshot, existing);
        assertEquals(codec.toJson(snapshot), Files.readString(existing));
        codec.write(snapshot, dir.resolve("new.json"));
        assertEquals(codec.toJson(snapshot), Files.readString(dir.resolve("new.json")));
        try (var s = Files.list(dir)) {
            assertEquals(2, s.count(), "no temporary file left");
        }
    }
}
