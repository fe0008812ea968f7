package dev.hostvirt.engine.seccomp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hostvirt.engine.Engine;
import dev.hostvirt.engine.Json;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.zip.CRC32;

/**
 * A container's seccomp policy, kept between runs: the OCI {@code linux.seccomp} section and the filter
 * crun would compile from it, for crun's {@code run.oci.seccomp_bpf_data} annotation. crun 1.8
 * (Debian 12's) compiles the section with libseccomp on every start, ~14 of its ~35 ms here (newer crun
 * versions keep such a cache themselves); converting the default profile (a 30 KB resource, parsed
 * and filtered) and hashing the section for a key cost a run another ~15 ms of its own.
 * <p>An entry is found by a hash of its <em>key</em>, a text that names everything the section is
 * made of (for the default profile: the profile's checksum, the architecture, the capabilities, the
 * kernel release), and is used only when the key it holds is that very text: two keys with one hash
 * share a file name, not an entry. It holds the section, and the filter with what it was compiled by
 * and for: the libseccomp version and file (a distribution update can add syscalls under the same
 * version), the architecture and the kernel, as crun's own cache. It is written to a temporary file,
 * synced and renamed, and carries a CRC-32 of itself against damage. It is used only when the
 * directory and the file belong to this user and nobody else can write them (else another user could
 * choose the policy of our containers), its checksum matches and its filter is a program the kernel
 * takes (whole instructions, at most 4096, ending in a return): a damaged one would make crun refuse
 * every container with that policy. Anything else means the policy is made again; a filter that
 * cannot be had (no libseccomp, a section it refuses) means no annotation, and crun compiles the
 * section itself, which is still kept.
 */
public final class SeccompPolicyCache {
    /** The annotation crun reads a precompiled filter from (base64), in place of the section. */
    public static final String ANNOTATION = "run.oci.seccomp_bpf_data";
    private static final byte[] MAGIC = "hostvirt seccomp policy 3\n".getBytes(StandardCharsets.US_ASCII);
    private static final String SUFFIX = ".policy";
    private static final String TEMPORARY = ".tmp-";
    private static final int MAX_ENTRIES = 64;
    private static final int MAX_INSTRUCTIONS = 4096; // BPF_MAXINSNS
    /** A section of the default profile is ~15 KB and a filter ~6 KB: anything near this is not ours. */
    private static final int MAX_FILE = 1 << 20;

    /** The section (JSON) for config.json, and the compiled filter (base64) when there is one. */
    public record Policy(byte[] section, Optional<String> filter) {
    }

    /** What a kept file holds; {@code compiledFor} is empty and {@code program} too when nothing was compiled. */
    record Entry(String key, byte[] section, String compiledFor, byte[] program) {
    }

    private final Path dir;

    public SeccompPolicyCache(Path dir) {
        this.dir = dir;
    }

    /**
     * The policy named by {@code key}: kept, or made from {@code section} (called only then) and kept.
     * With {@code compile}, also the filter crun would compile from it.
     */
    public Policy policy(String key, Supplier<JsonNode> section, boolean compile) {
        long uid = Engine.effectiveUid();
        Path file = null;
        Entry kept = null;
        try {
            ensureDirectory();
            if (ownedAndClosed(dir, uid)) {
                file = dir.resolve(fileName(key));
                kept = read(file, uid, key);
            }
        } catch (IOException | RuntimeException e) {
            file = null; // not a directory we can trust or use: nothing is read or kept there
        }
        JsonNode made = kept == null ? section.get() : null;
        byte[] sectionJson = kept != null ? kept.section() : Json.write(made, false);
        if (!compile) {
            keepSection(file, kept, key, sectionJson);
            return new Policy(sectionJson, Optional.empty());
        }
        try {
            LibSeccomp lib = LibSeccomp.load();
            String compiledFor = library(lib.version(), lib.file()) + "\n" + host();
            if (kept != null && kept.compiledFor().equals(compiledFor) && whole(kept.program())) {
                touch(file);
                return new Policy(sectionJson, Optional.of(Base64.getEncoder().encodeToString(kept.program())));
            }
            if (file == null) {
                return new Policy(sectionJson, Optional.empty()); // somebody else could choose the filter
            }
            byte[] program = compile(made != null ? made : Json.read(sectionJson), lib);
            keep(file, new Entry(key, sectionJson, compiledFor, program));
            return new Policy(sectionJson, Optional.of(Base64.getEncoder().encodeToString(program)));
        } catch (IOException | RuntimeException | LinkageError e) {
            // No libseccomp, or a section it refuses: crun compiles the section (and says what is wrong).
            keepSection(file, kept, key, sectionJson);
            return new Policy(sectionJson, Optional.empty());
        }
    }

    /** Keeps a section made now (with no filter), or marks a kept one as used; nothing when not trusted. */
    private void keepSection(Path file, Entry kept, String key, byte[] sectionJson) {
        if (file == null) {
            return;
        }
        if (kept == null) {
            keep(file, new Entry(key, sectionJson, "", new byte[0]));
        } else {
            touch(file);
        }
    }

    /** What {@code inspect} shows in place of the annotation's ~12 KB of base64. */
    public static String describe(String base64) {
        try {
            return "(" + Base64.getDecoder().decode(base64).length / 8 + " BPF instructions compiled from linux.seccomp)";
        } catch (IllegalArgumentException notBase64) {
            return "(not base64: " + base64.length() + " characters)";
        }
    }

    /**
     * For tests that prove which filter crun enforces: the kept file {@code file} with {@code program}
     * in place of its filter, checksummed as a good one.
     */
    public static byte[] withProgram(byte[] file, byte[] program) throws IOException {
        Entry e = decode(file);
        if (e == null) {
            throw new IOException("not a kept seccomp policy");
        }
        return encode(new Entry(e.key(), e.section(), e.compiledFor(), program));
    }

    /** The filter a kept file holds (tests). */
    public static byte[] programOf(byte[] file) throws IOException {
        Entry e = decode(file);
        if (e == null) {
            throw new IOException("not a kept seccomp policy");
        }
        return e.program();
    }

    /** Where the policy named {@code key} is kept (tests). */
    Path fileFor(String key) {
        return dir.resolve(fileName(key));
    }

    /** 64-bit FNV-1a of the key: a file name, not an identity (the entry holds its key). */
    static String fileName(String key) {
        long h = 0xcbf29ce484222325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return String.format("%016x", h) + SUFFIX;
    }

    /** The library's version and file: its path, device, inode, size and times (a replaced file differs). */
    static String library(String version, String file) throws IOException {
        Path so = Path.of(file);
        String library = version + " " + file;
        if (!file.isEmpty() && Files.exists(so)) {
            // ctime too: dpkg keeps a package's file times, but replacing the file changes its ctime.
            Map<String, Object> a = Files.readAttributes(so, "unix:ino,dev,size,lastModifiedTime,ctime");
            library += " " + a.get("dev") + ":" + a.get("ino") + " " + a.get("size") + " " + a.get("lastModifiedTime") + " " + a.get("ctime");
        }
        return library;
    }

    /** The architecture and the running kernel (release and build). */
    static String host() {
        return System.getProperty("os.arch") + " " + System.getProperty("os.version") + " " + readOr(Path.of("/proc/sys/kernel/version"));
    }

    private static String readOr(Path p) {
        try {
            return Files.readString(p).trim();
        } catch (IOException e) {
            return "";
        }
    }

    static byte[] encode(Entry e) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            for (byte[] field : new byte[][] {e.key().getBytes(StandardCharsets.UTF_8), e.section(),
                    e.compiledFor().getBytes(StandardCharsets.UTF_8), e.program()}) {
                out.writeInt(field.length);
                out.write(field);
            }
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeLong(crc.getValue());
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
        return bytes.toByteArray();
    }

    /** The entry in {@code b}, or null when it is not a whole, undamaged one. */
    static Entry decode(byte[] b) {
        if (b.length < MAGIC.length + 4 * 4 + 8 || !Arrays.equals(b, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return null;
        }
        CRC32 crc = new CRC32();
        crc.update(b, 0, b.length - 8);
        ByteBuffer in = ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN);
        if (in.getLong(b.length - 8) != crc.getValue()) {
            return null;
        }
        in.position(MAGIC.length).limit(b.length - 8);
        byte[][] fields = new byte[4][];
        for (int i = 0; i < fields.length; i++) {
            if (in.remaining() < 4) {
                return null;
            }
            int n = in.getInt();
            if (n < 0 || n > in.remaining()) {
                return null;
            }
            fields[i] = new byte[n];
            in.get(fields[i]);
        }
        byte[] section = fields[1];
        if (in.hasRemaining() || section.length < 2 || section[0] != '{' || section[section.length - 1] != '}') {
            return null; // a section goes into config.json as it is: only an object, never nothing
        }
        return new Entry(new String(fields[0], StandardCharsets.UTF_8), fields[1], new String(fields[2], StandardCharsets.UTF_8), fields[3]);
    }

    /** The entry kept for {@code key}, or null when there is none or it cannot be trusted. */
    private static Entry read(Path file, long uid, String key) throws IOException {
        try {
            if (!ownedAndClosed(file, uid) || Files.size(file) > MAX_FILE) {
                return null;
            }
            Entry e = decode(Files.readAllBytes(file));
            return e != null && e.key().equals(key) ? e : null;
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** struct sock_filter is 8 bytes: {u16 code; u8 jt; u8 jf; u32 k}; a program ends in BPF_RET. */
    static boolean whole(byte[] program) {
        if (program.length == 0 || program.length % 8 != 0 || program.length / 8 > MAX_INSTRUCTIONS) {
            return false;
        }
        int lastCode = ByteBuffer.wrap(program, program.length - 8, 2).order(ByteOrder.nativeOrder()).getShort() & 0xffff;
        return (lastCode & 0x07) == 0x06;
    }

    /** Ours, and writable by nobody else: else another user could choose the policy of our containers. */
    private static boolean ownedAndClosed(Path p, long uid) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
        return uid >= 0 && ((Integer) a.get("uid")).longValue() == uid && (((Integer) a.get("mode")) & 022) == 0;
    }

    private void ensureDirectory() throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dir.getParent());
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // another run made it first (or it is not a directory: the ownership check says no)
            }
        }
    }

    private byte[] compile(JsonNode section, LibSeccomp lib) throws IOException {
        Path exported = dir.resolve(TEMPORARY + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".export");
        try {
            new SeccompCompiler(lib).compile(section, exported);
            byte[] program = Files.readAllBytes(exported);
            if (!whole(program)) {
                throw new IOException("libseccomp wrote no whole filter");
            }
            return program;
        } finally {
            Files.deleteIfExists(exported);
        }
    }

    /** Writes the entry in {@code file}'s place, whole or not at all; a failure only means it is not kept. */
    private void keep(Path file, Entry entry) {
        Path tmp = dir.resolve(TEMPORARY + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            // 0600 whatever the umask: a group-writable file would fail the check on its next use.
            try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
                ByteBuffer content = ByteBuffer.wrap(encode(entry));
                while (content.hasRemaining()) {
                    ch.write(content);
                }
                ch.force(true); // a crash leaves the old name or a whole file, never one renamed before its data
            }
            try {
                prune();
            } catch (IOException e) {
                // only the directory's size: the entry just made is good
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            // not kept: the next run makes it again
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                // an hour-old temporary goes with the next prune
            }
        }
    }

    private static void touch(Path file) {
        try {
            Files.setLastModifiedTime(file, FileTime.from(Instant.now())); // pruning keeps what is used
        } catch (IOException e) {
            // only the pruning order
        }
    }

    /**
     * Keeps the directory small: each set of capabilities makes its own policy, so past
     * {@link #MAX_ENTRIES} the least recently used half goes; temporary files of a run killed while
     * compiling go after an hour, and so do the {@code .bpf} files of the format before this one.
     */
    private void prune() throws IOException {
        List<Path> kept = new ArrayList<>();
        Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                String name = p.getFileName().toString();
                if (name.endsWith(SUFFIX)) {
                    kept.add(p);
                } else if ((name.startsWith(TEMPORARY) || name.endsWith(".bpf")) && modified(p).toInstant().isBefore(hourAgo)) {
                    Files.deleteIfExists(p);
                }
            }
        }
        if (kept.size() < MAX_ENTRIES) {
            return;
        }
        List<Map.Entry<FileTime, Path>> byAge = new ArrayList<>();
        kept.forEach(p -> byAge.add(Map.entry(modified(p), p)));
        byAge.sort(Map.Entry.comparingByKey());
        for (Map.Entry<FileTime, Path> e : byAge.subList(0, byAge.size() / 2)) {
            Files.deleteIfExists(e.getValue());
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
