import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Raises class files of major version 49 (Java 5) to 50 (Java 6) inside a jar, in place.
 *
 * Why: picocli ships Java 5 class files, and CDS/AOT archives refuse "pre JDK 6" classes, so every
 * picocli class was loaded and verified from the jar on each start (about 160 classes, the largest
 * start-up cost left). Version 50 changes nothing in the bytecode's meaning; without a
 * StackMapTable the JVM verifies it with the same type-inference verifier it used for 49, and CDS
 * can then archive it. Run by linux/build-cds.sh with the source launcher: java BumpClassVersion.java JAR
 */
public final class BumpClassVersion {
    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]);
        Path tmp = Files.createTempFile(jar.toAbsolutePath().getParent(), ".bump", ".jar");
        int bumped = 0;
        try (ZipFile in = new ZipFile(jar.toFile()); OutputStream raw = Files.newOutputStream(tmp);
                ZipOutputStream out = new ZipOutputStream(raw)) {
            for (Enumeration<? extends ZipEntry> e = in.entries(); e.hasMoreElements();) {
                ZipEntry entry = e.nextElement();
                byte[] data;
                try (InputStream is = in.getInputStream(entry)) {
                    data = is.readAllBytes();
                }
                if (entry.getName().endsWith(".class") && data.length > 8 && (data[0] & 0xff) == 0xca
                        && (data[1] & 0xff) == 0xfe && data[6] == 0 && data[7] == 49) {
                    data[7] = 50;
                    bumped++;
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                out.write(data);
                out.closeEntry();
            }
        }
        if (bumped == 0) {
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
        System.out.println("BumpClassVersion: " + bumped + " class files raised from Java 5 to Java 6 format");
    }
}
