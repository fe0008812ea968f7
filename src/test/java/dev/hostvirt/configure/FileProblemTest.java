package dev.hostvirt.configure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hostvirt.i18n.Messages;
import dev.hostvirt.i18n.Text;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import org.junit.jupiter.api.Test;

class FileProblemTest {
    private static final String JOURNAL = "/var/lib/hostvirt/journal/20261127-210000.ini";
    private final Messages spanish = Messages.forLocale(Messages.SPANISH);

    private String spanishLine(IOException e) {
        return spanish.render(Text.of("configure.error.journal-write", JOURNAL, FileProblem.reason(e)));
    }

    @Test
    void nioExceptionsThatCarryOnlyThePathGetATranslatedReasonNotThePathAgain() {
        assertEquals("No se puede escribir el diario " + JOURNAL + ": permiso denegado. No se cambió nada.",
                spanishLine(new AccessDeniedException(JOURNAL)));
        assertEquals("No se puede escribir el diario " + JOURNAL + ": no existe el archivo o el directorio. No se cambió nada.",
                spanishLine(new NoSuchFileException(JOURNAL)));
        assertEquals("No se puede escribir el diario " + JOURNAL + ": no es un directorio. No se cambió nada.",
                spanishLine(new NotDirectoryException(JOURNAL)));
        assertEquals("No se puede escribir el diario " + JOURNAL + ": no es texto UTF-8. No se cambió nada.",
                spanishLine(new MalformedInputException(1)));
    }

    @Test
    void theOperatingSystemsOwnReasonStaysOnlyAsTheDetail() {
        assertEquals("No se puede escribir el diario " + JOURNAL + ": Read-only file system. No se cambió nada.",
                spanishLine(new FileSystemException(JOURNAL, null, "Read-only file system")));
        assertEquals("No se puede escribir el diario " + JOURNAL + ": Input/output error. No se cambió nada.",
                spanishLine(new IOException("Input/output error")));
    }
}
