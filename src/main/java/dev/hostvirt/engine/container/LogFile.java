package dev.hostvirt.engine.container;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.i18n.Text;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * A log to read, opened at the first look that finds it and kept open, so that it can still be read
 * once it has been deleted (an --rm container's removal). It is looked for in each of its places in
 * turn: the container's directory, then the one that directory is renamed to while it is removed
 * (ContainerStore#removingDir), so that a rename between finding the container and opening its log
 * loses nothing.
 */
final class LogFile implements AutoCloseable {
    private final List<Path> places;
    private RandomAccessFile open;

    LogFile(List<Path> places) {
        this.places = List.copyOf(places);
    }

    /** The file, opened now if it is there; null while it is in none of its places (not made yet, or gone). */
    RandomAccessFile get() throws IOException {
        for (int i = 0; open == null && i < places.size(); i++) {
            open = openIfThere(places.get(i));
        }
        return open;
    }

    /** Whether any look found it: a log never found, of a container gone, was never shown. */
    boolean found() {
        return open != null;
    }

    /**
     * The file opened for reading, or null while it is not there (a detached container's copier makes
     * it). Anything there but a regular file is an error, not "nothing yet": a directory read as an
     * empty log (and --tail failed with an internal error), a FIFO blocked the open for ever, a link to
     * /dev/null read as empty. The link itself is not followed: hostvirt's logs are never links.
     */
    static RandomAccessFile openIfThere(Path file) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException notYet) {
            return null;
        }
        if (!a.isRegularFile()) {
            throw new HostvirtException(Text.of("engine.error.container.logNotAFile", file), 125);
        }
        try {
            return new RandomAccessFile(file.toFile(), "r");
        } catch (FileNotFoundException unreadable) {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                return null; // deleted between the two looks: as if the first had not found it
            }
            throw new HostvirtException(Text.of("engine.error.container.logUnreadable", file, String.valueOf(unreadable.getMessage())), 125);
        }
    }

    @Override
    public void close() throws IOException {
        if (open != null) {
            open.close();
        }
    }
}
