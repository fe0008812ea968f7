package dev.hostvirt.engine.seccomp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hostvirt.engine.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
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
        assertEquals(List.of(file), files(dir));
        assertArrayEquals(first, Files.readAllBytes(file));
        // What is kept is what is used: a different (whole) program in its place comes back as it is.
        byte[] other = new byte[16];
        other[0] = 6; // BPF_RET
        Files.write(file, other);
        assertArrayEquals(other, decoded(kept.base64(section("acct"))));
    }

    @Test
    void aDamagedFilterIsCompiledAgain() throws IOException {
        CompiledSeccomp kept = new CompiledSeccomp(tmp.resolve("seccomp"));
        byte[] good = decoded(kept.base64(section("acct")));
        Path file = kept.fileFor(section("acct"));
        for (byte[] damaged : List.of(new byte[0], new byte[7], new byte[good.length + 3])) {
            Files.write(file, damaged);
            assertArrayEquals(good, decoded(kept.base64(section("acct"))));
            assertArrayEquals(good, Files.readAllBytes(file));
        }
    }

    @Test
    void eachSectionLibraryAndArchitectureHasItsOwnFilter() throws IOException {
        CompiledSeccomp kept = new CompiledSeccomp(tmp.resolve("seccomp"));
        byte[] acct = decoded(kept.base64(section("acct")));
        byte[] swapon = decoded(kept.base64(section("swapon")));
        assertFalse(java.util.Arrays.equals(acct, swapon));
        assertEquals(2, files(tmp.resolve("seccomp")).size());
        assertNotEquals(CompiledSeccomp.key(section("acct"), "2.5.4"), CompiledSeccomp.key(section("acct"), "2.5.5"));
        assertNotEquals(CompiledSeccomp.key(section("acct"), "2.5.4"), CompiledSeccomp.key(section("swapon"), "2.5.4"));
        assertEquals(CompiledSeccomp.key(section("acct"), "2.5.4"), CompiledSeccomp.key(section("acct"), "2.5.4"));
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
            Files.setLastModifiedTime(old, FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i)));
        }
        Path deadTemporary = dir.resolve(".tmp-dead");
        Files.write(deadTemporary, new byte[3]);
        Files.setLastModifiedTime(deadTemporary, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
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
