package dev.hostvirt.configure;

import dev.hostvirt.i18n.Text;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The change sets in hostvirt's state directory ({@code journal/ID.ini}), newest first. */
public final class JournalStore {
    private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private final Path dir;

    public JournalStore(Machine machine) {
        this.dir = machine.stateDirectory().resolve("journal");
    }

    public Path directory() {
        return dir;
    }

    /** A fresh change set for {@code plan}; the id sorts by time and never reuses an existing name. */
    public Journal create(Plan plan, Instant now, String bootId) {
        String base = ID.format(now);
        String id = base;
        for (int n = 2; Files.exists(dir.resolve(id + ".ini")); n++) {
            id = base + "-" + n;
        }
        return Journal.create(dir.resolve(id + ".ini"), id, plan, now.toString(), bootId);
    }

    /**
     * Every change set; none when the directory does not exist (nothing was ever applied). One that exists
     * but cannot be listed is an error: reading it as empty would tell the user nothing is half done.
     */
    public List<Journal> list() {
        List<Path> found;
        try (Stream<Path> files = Files.list(dir)) {
            found = files.filter(p -> p.getFileName().toString().endsWith(".ini")).toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new ConfigureException(Text.of("configure.error.journal-dir", dir, FileProblem.reason(e)), 1);
        }
        List<Journal> all = new ArrayList<>();
        found.forEach(p -> all.add(Journal.load(p)));
        all.sort(Comparator.comparing(Journal::created).thenComparing(Journal::id).reversed());
        return all;
    }

    public Journal find(String id) {
        if (!id.matches("[0-9]{8}-[0-9]{6}(-[0-9]+)?")) {
            throw new ConfigureException(Text.of("configure.error.no-changeset", id.replaceAll("\\p{Cntrl}", "?")), 2);
        }
        Path f = dir.resolve(id + ".ini");
        if (!Files.isRegularFile(f)) {
            throw new ConfigureException(Text.of("configure.error.no-changeset", id), 2);
        }
        return Journal.load(f);
    }

    public List<Journal> interrupted() {
        return list().stream().filter(j -> j.status().interrupted()).toList();
    }
}
