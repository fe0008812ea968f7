package dev.hostvirt.engine.seccomp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hostvirt.engine.Engine;
import dev.hostvirt.engine.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Seccomp filters compiled once and kept, for crun's {@code run.oci.seccomp_bpf_data} annotation:
 * crun 1.8 (Debian 12's) compiles the config's seccomp section with libseccomp on every start, ~14 of
 * its ~35 ms here; newer crun versions keep such a cache themselves.
 * <p>A filter is kept in {@code <state>/seccomp/<key>.bpf}, the key being the SHA-256 of the section,
 * the libseccomp version and file (a distribution update can add syscalls under the same version),
 * the architecture and the kernel (as crun's own cache). The file holds the SHA-256 of the program,
 * then the program, and is written to a temporary file, synced and renamed. A kept filter is used only
 * when the directory and the file belong to this user and nobody else can write them, its checksum
 * matches and it is a program the kernel takes (whole instructions, at most 4096, ending in a return):
 * a damaged one would make crun refuse every container with that policy. Anything else means the
 * filter is compiled again, and any failure here means no annotation: crun then compiles the section
 * itself, as before.
 */
public final class CompiledSeccomp {
    /** The annotation crun reads a precompiled filter from (base64), in place of the section. */
    public static final String ANNOTATION = "run.oci.seccomp_bpf_data";
    private static final int MAX_ENTRIES = 64;
    private static final int MAX_INSTRUCTIONS = 4096; // BPF_MAXINSNS
    private static final int CHECKSUM = 32;
    private static final String TEMPORARY = ".tmp-";

    private final Path dir;

    public CompiledSeccomp(Path dir) {
        this.dir = dir;
    }

    /** The filter crun would compile from {@code section}, base64; empty when it cannot be had. */
    public Optional<String> base64(JsonNode section) {
        try {
            LibSeccomp lib = LibSeccomp.load();
            ensureDirectory();
            long uid = Engine.effectiveUid();
            if (!ownedAndClosed(dir, uid)) {
                return Optional.empty(); // somebody else could choose the filter: crun compiles the section
            }
            Path file = dir.resolve(key(section, lib) + ".bpf");
            byte[] bpf = read(file, uid);
            if (bpf == null) {
                bpf = compile(section, lib, file);
            }
            return Optional.of(Base64.getEncoder().encodeToString(bpf));
        } catch (IOException | RuntimeException | LinkageError e) {
            return Optional.empty();
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

    /** Where the filter for {@code section} is kept (tests). */
    Path fileFor(JsonNode section) throws IOException {
        return dir.resolve(key(section, LibSeccomp.load()) + ".bpf");
    }

    /** The bytes a kept file holds for {@code program} (tests write damaged or different ones). */
    static byte[] fileContent(byte[] program) {
        byte[] out = Arrays.copyOf(sha256(program), CHECKSUM + program.length);
        System.arraycopy(program, 0, out, CHECKSUM, program.length);
        return out;
    }

    private static String key(JsonNode section, LibSeccomp lib) throws IOException {
        return key(section, library(lib.version(), lib.file()), host());
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

    static String key(JsonNode section, String library, String host) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(("hostvirt seccomp 2\n" + library + "\n" + host + "\n").getBytes(StandardCharsets.UTF_8));
            md.update(Json.write(section, false));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String readOr(Path p) {
        try {
            return Files.readString(p).trim();
        } catch (IOException e) {
            return "";
        }
    }

    /** A kept program, or null when there is none or it cannot be trusted (then it is compiled again). */
    private byte[] read(Path file, long uid) throws IOException {
        byte[] b;
        try {
            if (!ownedAndClosed(file, uid)) {
                return null;
            }
            b = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        byte[] program = Arrays.copyOfRange(b, Math.min(CHECKSUM, b.length), b.length);
        if (b.length <= CHECKSUM || !Arrays.equals(sha256(program), Arrays.copyOf(b, CHECKSUM)) || !whole(program)) {
            return null;
        }
        try {
            Files.setLastModifiedTime(file, FileTime.from(Instant.now())); // pruning keeps what is used
        } catch (IOException e) {
            // only the pruning order
        }
        return program;
    }

    /** struct sock_filter is 8 bytes: {u16 code; u8 jt; u8 jf; u32 k}; a program ends in BPF_RET. */
    static boolean whole(byte[] program) {
        if (program.length == 0 || program.length % 8 != 0 || program.length / 8 > MAX_INSTRUCTIONS) {
            return false;
        }
        int lastCode = ByteBuffer.wrap(program, program.length - 8, 2).order(ByteOrder.nativeOrder()).getShort() & 0xffff;
        return (lastCode & 0x07) == 0x06;
    }

    /** Ours, and writable by nobody else: else another user could choose the filter of our containers. */
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

    private byte[] compile(JsonNode section, LibSeccomp lib, Path file) throws IOException {
        String random = Long.toHexString(ThreadLocalRandom.current().nextLong());
        Path exported = dir.resolve(TEMPORARY + random + ".export");
        Path tmp = dir.resolve(TEMPORARY + random);
        try {
            new SeccompCompiler(lib).compile(section, exported);
            byte[] program = Files.readAllBytes(exported);
            if (!whole(program)) {
                throw new IOException("libseccomp wrote no whole filter");
            }
            // 0600 whatever the umask: a group-writable file would fail the check on its next use.
            try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
                ByteBuffer content = ByteBuffer.wrap(fileContent(program));
                while (content.hasRemaining()) {
                    ch.write(content);
                }
                ch.force(true); // a crash leaves the old name or a whole file, never one renamed before its data
            }
            try {
                prune();
            } catch (IOException e) {
                // only the directory's size: the program just made is good
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException(e);
            }
            return program;
        } finally {
            Files.deleteIfExists(exported);
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Keeps the directory small: each set of capabilities makes its own filter, so past
     * {@link #MAX_ENTRIES} the least recently used half goes; temporary files of a run killed while
     * compiling go after an hour.
     */
    private void prune() throws IOException {
        List<Path> kept = new ArrayList<>();
        Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                String name = p.getFileName().toString();
                if (name.endsWith(".bpf")) {
                    kept.add(p);
                } else if (name.startsWith(TEMPORARY) && modified(p).toInstant().isBefore(hourAgo)) {
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

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
