package dev.hostvirt.engine.seccomp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hostvirt.engine.Json;
import dev.hostvirt.engine.bundle.Capabilities;
import dev.hostvirt.engine.bundle.SeccompProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kept policies: made and compiled once, read back after, made again when damaged, bounded in number. */
class SeccompPolicyCacheTest {
    @TempDir
    Path tmp;

    /** Counts how often the section is made: a kept policy must not make it again. */
    private final AtomicInteger made = new AtomicInteger();

    private static JsonNode section(String syscall) {
        try {
            return Json.read(("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"" + syscall
                    + "\"],\"action\":\"SCMP_ACT_ERRNO\"}]}").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Supplier<JsonNode> making(String syscall) {
        return () -> {
            made.incrementAndGet();
            return section(syscall);
        };
    }

    private static byte[] decoded(Optional<String> b64) {
        assertTrue(b64.isPresent(), "a filter");
        return Base64.getDecoder().decode(b64.get());
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    /** {@code ret #SECCOMP_RET_ALLOW}, in this machine's byte order. */
    static final byte[] ALLOW_ALL = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder())
            .putShort((short) 0x06).put((byte) 0).put((byte) 0).putInt(0x7fff0000).array();

    @Test
    void madeAndCompiledOnceIntoAPrivateDirectoryThenReadBack() throws IOException {
        Path dir = tmp.resolve("state/seccomp");
        SeccompPolicyCache kept = new SeccompPolicyCache(dir);
        SeccompPolicyCache.Policy first = kept.policy("k acct", making("acct"), true);
        byte[] program = decoded(first.filter());
        assertTrue(program.length > 0 && program.length % 8 == 0, program.length + " bytes");
        assertArrayEquals(Json.write(section("acct"), false), first.section());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        Path file = kept.fileFor("k acct");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), "whatever the umask");
        assertEquals(List.of(file), files(dir));
        assertArrayEquals(program, SeccompPolicyCache.programOf(Files.readAllBytes(file)));

        SeccompPolicyCache.Policy again = kept.policy("k acct", making("acct"), true);
        assertEquals(1, made.get(), "the kept section is used, not made again");
        assertArrayEquals(first.section(), again.section());
        assertArrayEquals(program, decoded(again.filter()));
        // What is kept is what is used: a different (whole) program in its place comes back as it is.
        Files.write(file, SeccompPolicyCache.withProgram(Files.readAllBytes(file), ALLOW_ALL));
        assertArrayEquals(ALLOW_ALL, decoded(kept.policy("k acct", making("acct"), true).filter()));
        assertEquals(1, made.get());
    }

    @Test
    void withoutCompilingOnlyTheSectionIsKeptAndCompiledWhenAsked() throws IOException {
        SeccompPolicyCache kept = new SeccompPolicyCache(tmp.resolve("seccomp"));
        SeccompPolicyCache.Policy runc = kept.policy("k acct", making("acct"), false);
        assertTrue(runc.filter().isEmpty(), "runc compiles its own");
        Path file = kept.fileFor("k acct");
        assertEquals(0, SeccompPolicyCache.programOf(Files.readAllBytes(file)).length);
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofDays(3)));
        Files.setLastModifiedTime(file, old);
        assertArrayEquals(runc.section(), kept.policy("k acct", making("acct"), false).section());
        assertTrue(Files.getLastModifiedTime(file).compareTo(old) > 0, "a use marks it used: pruning goes by last use");
        byte[] program = decoded(kept.policy("k acct", making("acct"), true).filter());
        assertEquals(1, made.get(), "compiled from the kept section");
        assertArrayEquals(program, SeccompPolicyCache.programOf(Files.readAllBytes(kept.fileFor("k acct"))));
    }

    @Test
    void aDamagedForeignOrOtherKeysEntryIsMadeAgain() throws IOException {
        SeccompPolicyCache kept = new SeccompPolicyCache(tmp.resolve("seccomp"));
        byte[] good = decoded(kept.policy("k acct", making("acct"), true).filter());
        Path file = kept.fileFor("k acct");
        byte[] goodFile = Files.readAllBytes(file);
        byte[] flipped = goodFile.clone();
        flipped[flipped.length - 20] ^= 1; // the checksum no longer matches
        byte[] noReturn = Arrays.copyOf(good, good.length + 8); // a whole program must end in a return
        byte[] tooLong = new byte[8 * 4097];
        System.arraycopy(ALLOW_ALL, 0, tooLong, tooLong.length - 8, 8);
        SeccompPolicyCache.Entry e = SeccompPolicyCache.decode(goodFile);
        byte[] otherKey = SeccompPolicyCache.encode(new SeccompPolicyCache.Entry("k swapon", e.section(), e.compiledFor(), ALLOW_ALL));
        byte[] otherLibrary = SeccompPolicyCache.encode(new SeccompPolicyCache.Entry("k acct", e.section(), "2.5.3 elsewhere", ALLOW_ALL));
        byte[] lengthPastTheEnd = checksummed(Arrays.copyOf(goodFile, goodFile.length - 8));
        ByteBuffer.wrap(lengthPastTheEnd).putInt("hostvirt seccomp policy 3\n".length(), 1 << 30);
        lengthPastTheEnd = checksummed(Arrays.copyOf(lengthPastTheEnd, lengthPastTheEnd.length - 8));
        byte[] emptySection = SeccompPolicyCache.encode(new SeccompPolicyCache.Entry("k acct", new byte[0], e.compiledFor(), good));
        byte[] notAnObject = SeccompPolicyCache.encode(new SeccompPolicyCache.Entry("k acct", "[]".getBytes(StandardCharsets.UTF_8), e.compiledFor(), good));
        List<byte[]> damaged = new ArrayList<>(List.of(emptySection, notAnObject, new byte[0], new byte[7], Arrays.copyOf(goodFile, goodFile.length - 8),
                new byte[goodFile.length], flipped, lengthPastTheEnd, otherKey, otherLibrary,
                SeccompPolicyCache.withProgram(goodFile, noReturn), SeccompPolicyCache.withProgram(goodFile, tooLong)));
        for (byte[] d : damaged) {
            Files.write(file, d);
            assertArrayEquals(good, decoded(kept.policy("k acct", making("acct"), true).filter()));
            assertArrayEquals(goodFile, Files.readAllBytes(file));
        }
        assertEquals(1 + 9, made.get(), "made again for the unreadable entries and the other key's, not for a filter made again");
        // A file, or a directory, that someone else can write is not trusted, whatever it holds.
        Files.write(file, SeccompPolicyCache.withProgram(goodFile, ALLOW_ALL));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));
        assertArrayEquals(good, decoded(kept.policy("k acct", making("acct"), true).filter()));
        Files.write(file, SeccompPolicyCache.withProgram(goodFile, ALLOW_ALL));
        Files.setPosixFilePermissions(tmp.resolve("seccomp"), PosixFilePermissions.fromString("rwxrwxrwx"));
        SeccompPolicyCache.Policy open = kept.policy("k acct", making("acct"), true);
        assertTrue(open.filter().isEmpty(), "an open directory: no annotation, crun compiles the section");
        assertArrayEquals(Json.write(section("acct"), false), open.section(), "the section is made, not read from there");
        assertArrayEquals(SeccompPolicyCache.withProgram(goodFile, ALLOW_ALL), Files.readAllBytes(file), "and nothing written there");
        Files.setPosixFilePermissions(tmp.resolve("seccomp"), PosixFilePermissions.fromString("rwx------"));
        Path elsewhere = Files.createDirectories(tmp.resolve("real"));
        Path linked = Files.createSymbolicLink(tmp.resolve("linked"), elsewhere);
        assertTrue(new SeccompPolicyCache(linked).policy("k acct", making("acct"), true).filter().isEmpty(),
                "a symlinked directory is not ours to trust");
        assertEquals(List.of(), files(elsewhere));
        assertTrue(SeccompPolicyCache.whole(good) && SeccompPolicyCache.whole(ALLOW_ALL) && !SeccompPolicyCache.whole(noReturn));
        assertEquals("(1 BPF instructions compiled from linux.seccomp)",
                SeccompPolicyCache.describe(Base64.getEncoder().encodeToString(ALLOW_ALL)));
        assertEquals("(not base64: 5 characters)", SeccompPolicyCache.describe("%%%%%"));
    }

    /** {@code body} with the CRC-32 a kept file ends in. */
    private static byte[] checksummed(byte[] body) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(body);
        return ByteBuffer.allocate(body.length + 8).put(body).putLong(crc.getValue()).array();
    }

    @Test
    void eachKeyHasItsOwnPolicyAndALibraryUpdateIsSeen() throws IOException {
        SeccompPolicyCache kept = new SeccompPolicyCache(tmp.resolve("seccomp"));
        byte[] acct = decoded(kept.policy("k acct", making("acct"), true).filter());
        byte[] swapon = decoded(kept.policy("k swapon", making("swapon"), true).filter());
        assertFalse(Arrays.equals(acct, swapon));
        assertEquals(2, files(tmp.resolve("seccomp")).size());
        assertNotEquals(SeccompPolicyCache.fileName("k acct"), SeccompPolicyCache.fileName("k swapon"));
        // What a filter is compiled for: the library file's identity, which a package update changes...
        Path so = tmp.resolve("libseccomp.so.2.5.4");
        Files.write(so, new byte[] {1, 2, 3});
        String before = SeccompPolicyCache.library("2.5.4", so.toString());
        Path replacement = tmp.resolve("new.so");
        Files.write(replacement, new byte[] {1, 2, 3});
        Files.move(replacement, so, java.nio.file.StandardCopyOption.REPLACE_EXISTING); // as dpkg replaces files
        assertNotEquals(before, SeccompPolicyCache.library("2.5.4", so.toString()), "same version, same size, a new file");
        assertEquals(SeccompPolicyCache.library("2.5.4", so.toString()), SeccompPolicyCache.library("2.5.4", so.toString()));
        // ...and the running kernel.
        String runningKernel = Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim();
        assertTrue(SeccompPolicyCache.host().contains(runningKernel), SeccompPolicyCache.host());
        assertTrue(SeccompPolicyCache.host().contains(Files.readString(Path.of("/proc/sys/kernel/version")).trim()), SeccompPolicyCache.host());
    }

    @Test
    void theDefaultProfilesKeyNamesTheProfileTheConverterAndTheFacts() throws IOException {
        Set<String> caps = Capabilities.resolve(List.of(), List.of());
        String key = SeccompProfile.cacheKey("amd64", caps, "6.1.0-18-amd64");
        assertEquals(key, SeccompProfile.cacheKey("amd64", new java.util.TreeSet<>(caps).descendingSet(), "6.1.0-18-amd64"), "order-free");
        assertNotEquals(key, SeccompProfile.cacheKey("arm64", caps, "6.1.0-18-amd64"));
        assertNotEquals(key, SeccompProfile.cacheKey("amd64", Capabilities.resolve(List.of("SYS_ADMIN"), List.of()), "6.1.0-18-amd64"));
        assertNotEquals(key, SeccompProfile.cacheKey("amd64", caps, "5.10.0-28-amd64"));
        assertTrue(key.contains("\nconverter "), "a hostvirt that converts differently has other keys: " + key);
        // Kept and read back, the section is the converted profile's, byte for byte as made.
        SeccompPolicyCache kept = new SeccompPolicyCache(tmp.resolve("seccomp"));
        Supplier<JsonNode> convert = () -> {
            made.incrementAndGet();
            return SeccompProfile.toOci(SeccompProfile.loadDefault(), "amd64", caps, "6.1.0-18-amd64");
        };
        byte[] first = kept.policy(key, convert, false).section();
        byte[] again = kept.policy(key, convert, false).section();
        assertEquals(1, made.get());
        assertArrayEquals(first, again);
        assertEquals(Json.read(Json.write(convert.get(), false)), Json.read(again));
    }

    @Test
    void aSectionLibseccompRefusesGivesNoFilterAndOnlyTheSectionIsKept() throws IOException {
        SeccompPolicyCache kept = new SeccompPolicyCache(tmp.resolve("seccomp"));
        JsonNode bad = Json.read("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"acct\"],\"action\":\"SCMP_ACT_NOPE\"}]}"
                .getBytes(StandardCharsets.UTF_8));
        SeccompPolicyCache.Policy p = kept.policy("k bad", () -> bad, true);
        assertTrue(p.filter().isEmpty());
        assertArrayEquals(Json.write(bad, false), p.section(), "the section still goes to crun, which says what is wrong");
        Path file = kept.fileFor("k bad");
        assertEquals(List.of(file), files(tmp.resolve("seccomp")), "no temporary left, the section kept");
        assertEquals(0, SeccompPolicyCache.programOf(Files.readAllBytes(file)).length, "and no program");
        assertTrue(kept.policy("k bad", () -> {
            throw new AssertionError("the kept section is used");
        }, true).filter().isEmpty());
    }

    @Test
    void theOldestHalfGoesPastSixtyFourPoliciesAndOldTemporariesGo() throws IOException {
        Path dir = tmp.resolve("seccomp");
        SeccompPolicyCache kept = new SeccompPolicyCache(dir);
        decoded(kept.policy("k acct", making("acct"), true).filter());
        Path newest = kept.fileFor("k acct");
        for (int i = 0; i < 64; i++) {
            Path old = dir.resolve(String.format("%016x.policy", i));
            Files.write(old, new byte[8]);
            Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(30)).plusSeconds(i)));
        }
        Path deadTemporary = dir.resolve(".tmp-dead");
        Files.write(deadTemporary, new byte[3]);
        Files.setLastModifiedTime(deadTemporary, FileTime.from(Instant.now().minus(Duration.ofDays(30))));
        Path earlierFormat = dir.resolve(String.format("%064x.bpf", 7));
        Files.write(earlierFormat, new byte[40]);
        Files.setLastModifiedTime(earlierFormat, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        Path liveTemporary = dir.resolve(".tmp-live");
        Files.write(liveTemporary, new byte[3]);
        decoded(kept.policy("k swapon", making("swapon"), true).filter());
        List<Path> left = files(dir);
        assertTrue(left.contains(newest), "the newest stay");
        assertTrue(left.contains(kept.fileFor("k swapon")));
        assertFalse(left.contains(dir.resolve(String.format("%016x.policy", 0))), "the oldest go");
        assertFalse(left.contains(deadTemporary));
        assertFalse(left.contains(earlierFormat), "the earlier format's filters are not read any more");
        assertTrue(left.contains(liveTemporary), "a compile under way elsewhere is left alone");
        assertEquals(65 - 32 + 1 + 1, left.size(), "65 policies less the oldest 32, the new one, the live temporary: " + left);
    }
}
