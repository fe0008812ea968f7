package dev.hostvirt.engine.seccomp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hostvirt.engine.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kept filters: compiled once, read back after, recompiled when damaged, bounded in number. */
class CompiledSeccompTest {
    @TempDir
    Path tmp;

    private static JsonNode section(String syscall) throws IOException {
        return Json.read(("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"" + syscall
                + "\"],\"action\":\"SCMP_ACT_ERRNO\"}]}").getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] decoded(java.util.Optional<String> b64) {
        assertTrue(b64.isPresent(), "a filter");
        return Base64.getDecoder().decode(b64.get());
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void compiledOnceIntoAPrivateDirectoryThenReadBack() throws IOException {
        Path dir = tmp.resolve("state/seccomp");
        CompiledSeccomp kept = new CompiledSeccomp(dir);
        byte[] first = decoded(kept.base64(section("acct")));
        assertTrue(first.length > 0 && first.length % 8 == 0, first.length + " bytes");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        Path file = kept.fileFor(section("acct"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), "whatever the umask");
        assertEquals(List.of(file), files(dir));
        assertArrayEquals(CompiledSeccomp.fileContent(first), Files.readAllBytes(file), "its checksum, then the program");
        // What is kept is what is used: a different (whole) program in its place comes back as it is.
        Files.write(file, CompiledSeccomp.fileContent(ALLOW_ALL));
        assertArrayEquals(ALLOW_ALL, decoded(kept.base64(section("acct"))));
    }

    /** {@code ret #SECCOMP_RET_ALLOW}, in this machine's byte order. */
    static final byte[] ALLOW_ALL = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder())
            .putShort((short) 0x06).put((byte) 0).put((byte) 0).putInt(0x7fff0000).array();

    @Test
    void aDamagedOrForeignFilterIsCompiledAgain() throws IOException {
        CompiledSeccomp kept = new CompiledSeccomp(tmp.resolve("seccomp"));
        byte[] good = decoded(kept.base64(section("acct")));
        Path file = kept.fileFor(section("acct"));
        byte[] flipped = CompiledSeccomp.fileContent(good);
        flipped[flipped.length - 20] ^= 1; // the checksum no longer matches
        byte[] noReturn = Arrays.copyOf(good, good.length + 8); // a whole program must end in a return
        byte[] tooLong = new byte[8 * 4097];
        System.arraycopy(ALLOW_ALL, 0, tooLong, tooLong.length - 8, 8);
        for (byte[] damaged : List.of(new byte[0], new byte[7], Arrays.copyOf(CompiledSeccomp.fileContent(good), 32 + good.length - 8),
                new byte[32 + good.length], flipped, CompiledSeccomp.fileContent(noReturn), CompiledSeccomp.fileContent(tooLong))) {
            Files.write(file, damaged);
            assertArrayEquals(good, decoded(kept.base64(section("acct"))));
            assertArrayEquals(CompiledSeccomp.fileContent(good), Files.readAllBytes(file));
        }
        // A file, or a directory, that someone else can write is not trusted, whatever it holds.
        Files.write(file, CompiledSeccomp.fileContent(ALLOW_ALL));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));
        assertArrayEquals(good, decoded(kept.base64(section("acct"))));
        Files.write(file, CompiledSeccomp.fileContent(ALLOW_ALL));
        Files.setPosixFilePermissions(tmp.resolve("seccomp"), PosixFilePermissions.fromString("rwxrwxrwx"));
        assertTrue(kept.base64(section("acct")).isEmpty(), "an open directory: no annotation, crun compiles the section");
        assertArrayEquals(CompiledSeccomp.fileContent(ALLOW_ALL), Files.readAllBytes(file), "and nothing written there");
        Files.setPosixFilePermissions(tmp.resolve("seccomp"), PosixFilePermissions.fromString("rwx------"));
        Path elsewhere = Files.createDirectories(tmp.resolve("real"));
        Path linked = Files.createSymbolicLink(tmp.resolve("linked"), elsewhere);
        assertTrue(new CompiledSeccomp(linked).base64(section("acct")).isEmpty(), "a symlinked directory is not ours to trust");
        assertEquals(List.of(), files(elsewhere));
        assertTrue(CompiledSeccomp.whole(good) && CompiledSeccomp.whole(ALLOW_ALL) && !CompiledSeccomp.whole(noReturn));
        assertEquals("(1 BPF instructions compiled from linux.seccomp)",
                CompiledSeccomp.describe(java.util.Base64.getEncoder().encodeToString(ALLOW_ALL)));
        assertEquals("(not base64: 5 characters)", CompiledSeccomp.describe("%%%%%"));
    }

    @Test
    void eachSectionLibraryAndArchitectureHasItsOwnFilter() throws IOException {
        CompiledSeccomp kept = new CompiledSeccomp(tmp.resolve("seccomp"));
        byte[] acct = decoded(kept.base64(section("acct")));
        byte[] swapon = decoded(kept.base64(section("swapon")));
        assertFalse(java.util.Arrays.equals(acct, swapon));
        assertEquals(2, files(tmp.resolve("seccomp")).size());
        String lib = "2.5.4 /usr/lib/x86_64-linux-gnu/libseccomp.so.2.5.4 2049:1234 112 2024-01-01T00:00:00Z";
        String host = "amd64 6.1.0-18-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1";
        String key = CompiledSeccomp.key(section("acct"), lib, host);
        assertEquals(key, CompiledSeccomp.key(section("acct"), lib, host));
        assertNotEquals(key, CompiledSeccomp.key(section("swapon"), lib, host));
        assertNotEquals(key, CompiledSeccomp.key(section("acct"), lib.replace("2049:1234", "2049:1299"), host), "an updated library file");
        assertNotEquals(key, CompiledSeccomp.key(section("acct"), lib, host.replace("6.1.76-1", "6.1.94-1")), "another kernel");
        // What goes into the key: the library file's identity, which a package update changes...
        Path so = tmp.resolve("libseccomp.so.2.5.4");
        Files.write(so, new byte[] {1, 2, 3});
        String before = CompiledSeccomp.library("2.5.4", so.toString());
        Path replacement = tmp.resolve("new.so");
        Files.write(replacement, new byte[] {1, 2, 3});
        Files.move(replacement, so, java.nio.file.StandardCopyOption.REPLACE_EXISTING); // as dpkg replaces files
        assertNotEquals(before, CompiledSeccomp.library("2.5.4", so.toString()), "same version, same size, a new file");
        assertEquals(CompiledSeccomp.library("2.5.4", so.toString()), CompiledSeccomp.library("2.5.4", so.toString()));
        // ...and the running kernel.
        String runningKernel = Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim();
        assertTrue(CompiledSeccomp.host().contains(runningKernel), CompiledSeccomp.host());
        assertTrue(CompiledSeccomp.host().contains(Files.readString(Path.of("/proc/sys/kernel/version")).trim()), CompiledSeccomp.host());
    }

    @Test
    void aSectionLibseccompRefusesGivesNoFilterAndLeavesNothing() throws IOException {
        CompiledSeccomp kept = new CompiledSeccomp(tmp.resolve("seccomp"));
        JsonNode bad = Json.read("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"acct\"],\"action\":\"SCMP_ACT_NOPE\"}]}"
                .getBytes(StandardCharsets.UTF_8));
        assertTrue(kept.base64(bad).isEmpty());
        assertEquals(List.of(), files(tmp.resolve("seccomp")));
    }

    @Test
    void theOldestHalfGoesPastSixtyFourFiltersAndOldTemporariesGo() throws IOException {
        Path dir = tmp.resolve("seccomp");
        CompiledSeccomp kept = new CompiledSeccomp(dir);
        decoded(kept.base64(section("acct")));
        Path newest = kept.fileFor(section("acct"));
        for (int i = 0; i < 64; i++) {
            Path old = dir.resolve(String.format("%064x.bpf", i));
            Files.write(old, new byte[8]);
            Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(30)).plusSeconds(i)));
        }
        Path deadTemporary = dir.resolve(".tmp-dead");
        Files.write(deadTemporary, new byte[3]);
        Files.setLastModifiedTime(deadTemporary, FileTime.from(Instant.now().minus(Duration.ofDays(30))));
        Path liveTemporary = dir.resolve(".tmp-live");
        Files.write(liveTemporary, new byte[3]);
        decoded(kept.base64(section("swapon")));
        List<Path> left = files(dir);
        assertTrue(left.contains(newest), "the newest stay");
        assertTrue(left.contains(kept.fileFor(section("swapon"))));
        assertFalse(left.contains(dir.resolve(String.format("%064x.bpf", 0))), "the oldest go");
        assertFalse(left.contains(deadTemporary));
        assertTrue(left.contains(liveTemporary), "a compile under way elsewhere is left alone");
        assertEquals(65 - 32 + 1 + 1, left.size(), "65 filters less the oldest 32, the new one, the live temporary: " + left);
    }
}
