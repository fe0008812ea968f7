package dev.hostvirt.engine.container;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hostvirt.HostvirtException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/** Saved container records, one directory per container; found by full ID, ID prefix or name. */
public final class ContainerStore {
    private static final Pattern ID = Pattern.compile("[a-f0-9]{64}");
    private final Path dir;
    private final ObjectMapper json = new ObjectMapper();

    public ContainerStore(Path containersDir) {
        this.dir = containersDir;
    }

    public Path dirOf(String id) {
        if (!ID.matcher(id).matches()) {
            throw new HostvirtException("invalid container ID '" + id + "'", 125);
        }
        return dir.resolve(id);
    }

    /** Saves the record into the container's existing directory (the runner creates it). */
    public void save(ContainerRecord r) {
        try {
            Path d = dirOf(r.id());
            if (!Files.isDirectory(d)) {
                return; // removed meanwhile (an --rm container's monitor): never bring it back
            }
            Path tmp = Files.createTempFile(d, "container-", ".tmp");
            json.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), r);
            Files.move(tmp, d.resolve("container.json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<ContainerRecord> list() {
        List<ContainerRecord> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (var s = Files.list(dir)) {
            for (Path d : (Iterable<Path>) s::iterator) {
                Path f = d.resolve("container.json");
                if (ID.matcher(d.getFileName().toString()).matches() && Files.isRegularFile(f)) {
                    try {
                        out.add(json.readValue(f.toFile(), ContainerRecord.class));
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

    public ContainerRecord find(String idOrName) {
        ContainerRecord found = null;
        for (ContainerRecord r : list()) {
            if (r.name().equals(idOrName) || r.id().equals(idOrName)) {
                return r;
            }
            if (idOrName.length() >= 3 && r.id().startsWith(idOrName)) {
                if (found != null) {
                    throw new HostvirtException("container ID prefix '" + idOrName + "' is ambiguous", 125);
                }
                found = r;
            }
        }
        if (found == null) {
            throw new HostvirtException("no such container: " + idOrName, 125);
        }
        return found;
    }

    public boolean nameTaken(String name) {
        return list().stream().anyMatch(r -> r.name().equals(name));
    }
}
