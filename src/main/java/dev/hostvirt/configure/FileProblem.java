package dev.hostvirt.configure;

import dev.hostvirt.i18n.Text;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.List;
import java.util.Map;

/**
 * Why a file could not be read or written, as the detail of a sentence that names the file. Java's
 * messages are no sentence for the user: NIO's common exceptions carry only the path (an
 * AccessDeniedException's getMessage() is the path again, its reason null), so those get a translated
 * reason; any other keeps the operating system's own words (e.g. "Is a directory") as the detail.
 */
public final class FileProblem {
    /** Checked in order; each of these names only the path in its message. */
    private static final List<Map.Entry<Class<? extends IOException>, String>> TRANSLATED = List.of(
            Map.entry(AccessDeniedException.class, "configure.io.denied"),
            Map.entry(NoSuchFileException.class, "configure.io.missing"),
            Map.entry(NotDirectoryException.class, "configure.io.not-directory"),
            Map.entry(FileAlreadyExistsException.class, "configure.io.exists"),
            Map.entry(DirectoryNotEmptyException.class, "configure.io.not-empty"),
            Map.entry(CharacterCodingException.class, "configure.io.not-utf8"));

    private FileProblem() {
    }

    /** The reason, translated where Java gives none of its own. */
    public static Object reason(IOException e) {
        for (Map.Entry<Class<? extends IOException>, String> t : TRANSLATED) {
            if (t.getKey().isInstance(e)) {
                return new Text(t.getValue(), List.of());
            }
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? Text.of("configure.io.unknown") : e.getMessage();
    }
}
