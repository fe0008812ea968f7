package dev.hostvirt.engine.store;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A second process for tests: claims the content store at {@code args[0]} for writing (as a pull or
 * an import does), says "claimed" on stdout, and holds the claim until its stdin closes.
 */
public final class WritingClaimHolder {
    private WritingClaimHolder() {
    }

    public static void main(String[] args) throws IOException {
        try (ContentStore.Writing claim = new FileContentStore(Path.of(args[0])).writing()) {
            System.out.println("claimed");
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold until the test closes our stdin
            }
        }
    }
}
