package dev.hostvirt.engine.container;

import dev.hostvirt.engine.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hostvirt.HostvirtException;
import dev.hostvirt.i18n.Text;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** Saved container records, one directory per container; found by full ID, ID prefix or name. */
public final class ContainerStore {
    private static final Pattern ID = Pattern.compile("[a-f0-9]{64}");
    private final Path dir;

    public ContainerStore(Path containersDir) {
        this.dir = containersDir;
    }

    public Path dirOf(String id) {
        if (!ID.matcher(id).matches()) {
            throw new HostvirtException(Text.of("engine.error.container.invalidId", id), 125);
        }
        return dir.resolve(id);
    }

    /**
     * Makes a new container's directory, 0700: its config.json and logs hold the -e values and the
     * output, which are no other local user's business (podman's are 0700 too).
     */
    public Path create(String id) throws IOException {
        Path d = dirOf(id);
        Files.createDirectories(dir);
        return Files.createDirectory(d, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    /** Saves the record into the container's existing directory (the runner creates it). */
    public void save(ContainerRecord r) {
        try {
            Path d = dirOf(r.id());
            if (!Files.isDirectory(d)) {
                return; // removed meanwhile (an --rm container's monitor): never bring it back
            }
            // Not Files.createTempFile: its name comes from SecureRandom, whose first use sets up the
            // JDK's security providers, ~10 ms of every run. The name needs no secrecy: CREATE_NEW
            // refuses anything already there, and the file is 0600 as createTempFile made it.
            Path tmp = d.resolve("container-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                try (SeekableByteChannel ch = Files.newByteChannel(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
                    ByteBuffer content = ByteBuffer.wrap(Json.write(toJson(r), true));
                    while (content.hasRemaining()) {
                        ch.write(content);
                    }
                }
                Files.move(tmp, d.resolve("container.json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (java.nio.file.NoSuchFileException gone) {
            // removed while we saved: same as above
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<ContainerRecord> list() {
        return records("");
    }

    /** Container directories without a record: being made now, or left by a run that died making them. */
    public List<Path> unrecorded() {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (var s = Files.list(dir)) {
            for (Path d : (Iterable<Path>) s::iterator) {
                if (ID.matcher(d.getFileName().toString()).matches() && Files.isDirectory(d, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        && !Files.exists(d.resolve("container.json"))) {
                    out.add(d);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The records in directories named by an ID and {@code suffix}, newest first. */
    private List<ContainerRecord> records(String suffix) {
        List<ContainerRecord> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (var s = Files.list(dir)) {
            for (Path d : (Iterable<Path>) s::iterator) {
                String name = d.getFileName().toString();
                Path f = d.resolve("container.json");
                if (name.endsWith(suffix) && ID.matcher(name.substring(0, name.length() - suffix.length())).matches()
                        && Files.isRegularFile(f)) {
                    try {
                        out.add(fromJson(Json.read(Files.readAllBytes(f))));
                    } catch (IOException e) {
                        // removed while we listed it (an --rm container finishing): skip it
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(Comparator.comparing(ContainerRecord::created).reversed());
        return out;
    }

    /**
     * Records are mapped by hand as JSON trees: Jackson's bean/record introspection loads ~500 classes,
     * a measurable part of every {@code hostvirt run}'s start-up.
     */
    public ObjectNode toJson(ContainerRecord r) {
        ObjectNode n = Json.object();
        n.put("id", r.id()).put("name", r.name()).put("image", r.image()).put("imageId", r.imageId());
        ArrayNode cmd = n.putArray("command");
        r.command().forEach(cmd::add);
        n.put("created", r.created()).put("runtime", r.runtime()).put("status", r.status());
        if (r.exitCode() == null) {
            n.putNull("exitCode");
        } else {
            n.put("exitCode", r.exitCode());
        }
        n.put("oomKilled", r.oomKilled()).put("finishedAt", r.finishedAt()).put("detached", r.detached())
                .put("autoRemove", r.autoRemove()).put("rootfsMode", r.rootfsMode());
        ArrayNode notes = n.putArray("notes");
        r.notes().forEach(notes::add);
        return n;
    }

    static ContainerRecord fromJson(JsonNode n) {
        List<String> cmd = new ArrayList<>();
        n.path("command").forEach(c -> cmd.add(c.asText()));
        List<String> notes = new ArrayList<>();
        n.path("notes").forEach(c -> notes.add(c.asText()));
        JsonNode code = n.get("exitCode");
        return new ContainerRecord(n.path("id").asText(), n.path("name").asText(), n.path("image").asText(),
                n.path("imageId").asText(), cmd, n.path("created").asText(), n.path("runtime").asText(),
                n.path("status").asText(), code == null || code.isNull() ? null : code.asInt(), n.path("oomKilled").asBoolean(),
                n.path("finishedAt").isNull() ? null : n.path("finishedAt").asText(null), n.path("detached").asBoolean(),
                n.path("autoRemove").asBoolean(), n.path("rootfsMode").asText(), notes);
    }

    public ContainerRecord find(String idOrName) {
        return lookup(idOrName).orElseThrow(() -> noSuch(idOrName));
    }

    private static HostvirtException noSuch(String idOrName) {
        return new HostvirtException(Text.of("engine.error.container.noSuch", idOrName), 125);
    }

    /**
     * The container of that name or ID, or of an ID starting so (any length, as docker and podman);
     * empty when there is none, an error when the prefix fits several. A name wins over a prefix.
     */
    public Optional<ContainerRecord> lookup(String idOrName) {
        return lookupIn(list(), idOrName);
    }

    private static Optional<ContainerRecord> lookupIn(List<ContainerRecord> all, String idOrName) {
        for (ContainerRecord r : all) {
            if (r.name().equals(idOrName) || r.id().equals(idOrName)) {
                return Optional.of(r);
            }
        }
        ContainerRecord found = null;
        for (ContainerRecord r : all) {
            if (!idOrName.isEmpty() && r.id().startsWith(idOrName)) {
                if (found != null) {
                    throw new HostvirtException(Text.of("engine.error.container.ambiguousId", idOrName), 125);
                }
                found = r;
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * The container to read the logs of: one of {@link #find}'s, else an --rm container that has just
     * exited and whose directory its monitor keeps a moment under {@link #removingDir} (the monitor
     * removed it as it exited, so `run -d --rm img echo hi; logs -f ID` said "no such container" 30
     * times in 30; podman's cleanup comes later and shows it about half the time). Such a container is
     * in no other command's sight: ps, rm and the name are free of it.
     */
    public Located locate(String idOrName) {
        ContainerRecord r = lookup(idOrName).or(() -> lookupIn(records(REMOVING), idOrName)).orElseThrow(() -> noSuch(idOrName));
        return new Located(r, dirOf(r.id()));
    }

    /** The name a container's directory takes while it is removed, whoever removes it. */
    public static final String REMOVING = ".removing";

    /** Where {@code containerDir} is while it is removed: renamed first, so that it is gone all at once. */
    public static Path removingDir(Path containerDir) {
        return containerDir.resolveSibling(containerDir.getFileName() + REMOVING);
    }

    /** A container found for reading, and its directory (which may be being removed, or gone since). */
    public record Located(ContainerRecord record, Path dir) {
        /** Where a file of the container may be read: in its directory, then in the one it is renamed to. */
        public List<Path> places(String file) {
            return List.of(dir.resolve(file), removingDir(dir).resolve(file));
        }

        /** Whether the file is in one of its places. */
        public boolean has(String file) {
            return places(file).stream().anyMatch(p -> Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS));
        }

        /** Its directory is no longer there under its own name: removed, or being removed. */
        public boolean gone() {
            return !Files.isDirectory(dir);
        }
    }

    /**
     * Held from a new container's name check until its record is saved: two runs given the same
     * --name at once both found it free and both started (twelve "same" containers in a test).
     */
    public NameLock lockNames() throws IOException {
        Files.createDirectories(dir);
        java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(dir.resolve(".names.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            // Per process, as LayerStore's hold: one command runs one container (POSIX locks belong to
            // the process, so a second channel here could not wait without releasing the first).
            return new NameLock(ch, ch.lock());
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** The lock on names; closing it again does nothing. */
    public static final class NameLock implements AutoCloseable {
        private final java.nio.channels.FileChannel channel;
        private final java.nio.channels.FileLock lock;

        private NameLock(java.nio.channels.FileChannel channel, java.nio.channels.FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public void close() throws IOException {
            if (channel.isOpen()) {
                lock.release();
                channel.close();
            }
        }
    }

    public boolean nameTaken(String name) {
        return list().stream().anyMatch(r -> r.name().equals(name));
    }
}
