package dev.hostvirt.engine.seccomp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hostvirt.engine.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Seccomp filters compiled once and kept, for crun's {@code run.oci.seccomp_bpf_data} annotation:
 * crun 1.8 (Debian 12's) compiles the config's seccomp section with libseccomp on every start, ~14 of
 * its ~35 ms here; newer crun versions keep such a cache themselves. A filter is kept under the
 * SHA-256 of the section, the libseccomp version and the architecture, in {@code <state>/seccomp/}
 * (0700, as the rest of the engine's state). Anything going wrong here only means no annotation: crun
 * then compiles the section itself, as before.
 */
public final class CompiledSeccomp {
    /** The annotation crun reads a precompiled filter from (base64), in place of the section. */
    public static final String ANNOTATION = "run.oci.seccomp_bpf_data";
    private static final int MAX_ENTRIES = 64;
    private static final String TEMPORARY = ".tmp-";

    private final Path dir;

    public CompiledSeccomp(Path dir) {
        this.dir = dir;
    }

    /** The filter crun would compile from {@code section}, base64; empty when it cannot be had. */
    public Optional<String> base64(JsonNode section) {
        try {
            LibSeccomp lib = LibSeccomp.load();
            Path file = dir.resolve(key(section, lib.version()) + ".bpf");
            byte[] bpf = read(file);
            if (bpf == null) {
                bpf = compile(section, lib, file);
            }
            return Optional.of(Base64.getEncoder().encodeToString(bpf));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Where the filter for {@code section} is kept (tests). */
    Path fileFor(JsonNode section) throws IOException {
        return dir.resolve(key(section, LibSeccomp.load().version()) + ".bpf");
    }

    static String key(JsonNode section, String libseccompVersion) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(("hostvirt seccomp 1\n" + libseccompVersion + "\n" + System.getProperty("os.arch") + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            md.update(Json.write(section, false));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A kept filter, or null when there is none or it is not a whole BPF program. */
    private static byte[] read(Path file) throws IOException {
        try {
            byte[] b = Files.readAllBytes(file);
            return b.length > 0 && b.length % 8 == 0 ? b : null; // struct sock_filter is 8 bytes
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private byte[] compile(JsonNode section, LibSeccomp lib, Path file) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir.getParent());
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // another run made it first
            }
        }
        Path tmp = dir.resolve(TEMPORARY + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            new SeccompCompiler(lib).compile(section, tmp);
            byte[] bpf = read(tmp);
            if (bpf == null) {
                throw new IOException("libseccomp wrote no filter");
            }
            prune();
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException(e);
            }
            return bpf;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Keeps the directory small: each set of capabilities makes its own filter, so the oldest half goes
     * past {@link #MAX_ENTRIES}; temporary files of a run killed while compiling go after an hour.
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
        kept.sort((a, b) -> modified(a).compareTo(modified(b)));
        for (Path p : kept.subList(0, kept.size() / 2)) {
            Files.deleteIfExists(p);
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
