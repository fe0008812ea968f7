package dev.hostvirt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's errors reach a Spanish-speaking user in Spanish, through the real command line, while an English
 * user still reads exactly the English sentence: one line on stderr, nothing on stdout, exit 125. None of these
 * needs a network or a container runtime: each is refused before either would be used.
 */
class EngineErrorsInSpanishTest {
    private static final Locale SPAIN = Locale.forLanguageTag("es-ES");

    @TempDir
    Path tmp;

    @Test
    void anInvalidReferenceToPull() {
        assertRefused(new String[] {"pull", "Nginx:"},
                "hostvirt: invalid reference format 'Nginx:': bad tag ''",
                "hostvirt: formato de referencia 'Nginx:' no válido: etiqueta '' incorrecta");
    }

    @Test
    void runningAnImageNotStoredWithPullNever() {
        assertRefused(new String[] {"run", "--rm", "--pull=never", "localhost:5000/test/absent:1", "true"},
                "hostvirt: localhost:5000/test/absent:1: image not known locally, and --pull=never forbids pulling it",
                "hostvirt: localhost:5000/test/absent:1: imagen desconocida localmente, y --pull=never prohíbe descargarla");
    }

    @Test
    void importingAFileThatIsNotAnImage() throws IOException {
        Path notes = tmp.resolve("notas.txt");
        Files.writeString(notes, "esto no es una imagen\n", StandardCharsets.UTF_8);
        assertRefused(new String[] {"image", "import", notes.toString()},
                "hostvirt: " + notes + " is neither an OCI image layout (index.json) nor a docker archive (manifest.json)",
                "hostvirt: " + notes + " no es ni un layout de imagen OCI (index.json) ni un archivo de docker (manifest.json)");
    }

    @Test
    void aBadUlimitNamesTheOptionInBothLanguages() {
        assertRefused(new String[] {"run", "--rm", "--ulimit", "nofile=10:5", "--pull=never", "localhost:5000/test/absent:1", "true"},
                "hostvirt: invalid --ulimit 'nofile=10:5': the soft limit is above the hard one",
                "hostvirt: --ulimit 'nofile=10:5' no válido: el límite blando supera al duro");
    }

    private void assertRefused(String[] args, String english, String spanish) {
        EngineCli.Result en = new EngineCli(tmp.resolve("state"), tmp, Map.of(), Locale.ENGLISH).run(args);
        EngineCli.Result es = new EngineCli(tmp.resolve("state"), tmp, Map.of(), SPAIN).run(args);
        assertEquals(new EngineCli.Result(125, "", english + "\n"), en);
        assertEquals(new EngineCli.Result(125, "", spanish + "\n"), es);
    }
}
