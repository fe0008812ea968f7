package dev.hostvirt.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;

/**
 * A stand-in for hostvirt.jar that prints each argument in brackets and exits with "exit=N". Its class
 * has hostvirt's main class name, so that launchers starting either the jar or that class run it.
 */
final class EchoJar {
    private EchoJar() {
    }

    static Path build(Path dir, String name) throws IOException {
        Path src = dir.resolve("src/dev/hostvirt/cli/Main.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, "package dev.hostvirt.cli; public class Main { public static void main(String[] a) {"
                + " for (String s : a) System.out.println(\"[\" + s + \"]\");"
                + " System.exit(a.length > 0 && a[0].startsWith(\"exit=\") ? Integer.parseInt(a[0].substring(5)) : 0); } }");
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), src.toString()));
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "dev.hostvirt.cli.Main");
        Path jar = dir.resolve(name);
        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m)) {
            out.putNextEntry(new JarEntry("dev/hostvirt/cli/Main.class"));
            out.write(Files.readAllBytes(classes.resolve("dev/hostvirt/cli/Main.class")));
            out.closeEntry();
        }
        return jar;
    }
}
