package dev.hostvirt.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar's rewritten class files (linux/BumpClassVersion.java turns picocli's and ini4j's
 * Java 5 classes into Java 8 ones with stack maps): every one must pass the JVM's verifier.
 */
class PackagedJarIT {
    @Test
    void everyRewrittenClassVerifies() throws Exception {
        Path jar = Path.of("target/hostvirt.jar").toAbsolutePath();
        List<String> failures = new ArrayList<>();
        int loaded = 0;
        try (ZipFile zip = new ZipFile(jar.toFile());
                URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            for (ZipEntry e : Collections.list(zip.entries())) {
                String n = e.getName();
                if (!(n.startsWith("picocli/") || n.startsWith("org/ini4j/")) || !n.endsWith(".class")) {
                    continue;
                }
                byte[] head = zip.getInputStream(e).readNBytes(8);
                assertTrue(head[7] >= 52, n + " is still class version " + head[7]);
                try {
                    Class.forName(n.substring(0, n.length() - 6).replace('/', '.'), true, loader);
                    loaded++;
                } catch (VerifyError v) {
                    failures.add(n + ": " + v.getMessage());
                } catch (LinkageError ignored) {
                    // optional dependencies of ini4j (e.g. its preferences or servlet parts) are absent
                }
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(loaded > 200, "classes checked: " + loaded);
    }
}
