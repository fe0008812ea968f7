import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import jdk.internal.org.objectweb.asm.ClassReader;
import jdk.internal.org.objectweb.asm.ClassVisitor;
import jdk.internal.org.objectweb.asm.ClassWriter;
import jdk.internal.org.objectweb.asm.Opcodes;

/**
 * Rewrites the Java 5 class files (major version 49) inside a jar, in place, as Java 8 class files
 * with stack map frames computed.
 *
 * Why: picocli ships Java 5 class files. CDS and AOT archives refuse "pre JDK 6" classes, and classes
 * that need the old type-inference verifier, so every picocli class was loaded and verified from the
 * jar on each start: the largest start-up cost left. The bytecode is unchanged; only the version and
 * the StackMapTable the modern verifier needs are written. Uses the ASM copy inside JDK 17's java.base
 * (run with --add-exports java.base/jdk.internal.org.objectweb.asm=ALL-UNNAMED); where a JDK has no
 * such copy this fails to compile and the jar is left as it was. Run by linux/build-cds.sh.
 */
public final class BumpClassVersion {
    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]);
        Path tmp = Files.createTempFile(jar.toAbsolutePath().getParent(), ".bump", ".jar");
        int rewritten = 0;
        try (ZipFile in = new ZipFile(jar.toFile()); OutputStream raw = Files.newOutputStream(tmp);
                ZipOutputStream out = new ZipOutputStream(raw);
                URLClassLoader classes = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            for (Enumeration<? extends ZipEntry> e = in.entries(); e.hasMoreElements();) {
                ZipEntry entry = e.nextElement();
                byte[] data;
                try (InputStream is = in.getInputStream(entry)) {
                    data = is.readAllBytes();
                }
                if (entry.getName().endsWith(".class") && data.length > 8 && (data[0] & 0xff) == 0xca
                        && (data[1] & 0xff) == 0xfe && data[6] == 0 && data[7] == 49) {
                    data = withFrames(data, classes);
                    rewritten++;
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                out.write(data);
                out.closeEntry();
            }
        }
        if (rewritten == 0) {
            Files.delete(tmp);
        } else {
            // Keep the jar's permissions and time stamp: it may already be installed for all users.
            try {
                Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(jar));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the default permissions apply
            }
            Files.setLastModifiedTime(tmp, Files.getLastModifiedTime(jar));
            Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
        }
        System.out.println("BumpClassVersion: " + rewritten + " Java 5 class files rewritten as Java 8 with stack maps");
    }

    private static byte[] withFrames(byte[] original, ClassLoader classes) {
        ClassReader reader = new ClassReader(original);
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected ClassLoader getClassLoader() {
                return classes; // common super classes are looked up in the jar itself
            }
        };
        reader.accept(new ClassVisitor(Opcodes.ASM8, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                    String[] interfaces) {
                super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
            }
        }, ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
    }
}
