package dev.hostvirt.engine.store;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * A second process for tests: stores a blob in the content store at {@code args[0]}, from its stdin;
 * says "writing" on stdout once the store reads its first byte (its part file made and locked), so
 * the test can kill it there, or close its stdin to let it finish.
 */
public final class PartWriter {
    private PartWriter() {
    }

    public static void main(String[] args) throws IOException {
        // The store reads in chunks only (read(byte[], int, int)).
        InputStream announced = new FilterInputStream(System.in) {
            private boolean said;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (!said) {
                    said = true;
                    System.out.println("writing");
                    System.out.flush();
                }
                return super.read(b, off, len);
            }
        };
        System.out.println(new FileContentStore(Path.of(args[0])).put(announced));
    }
}
