package dev.hostvirt.engine.layer;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deleting a tree that someone else is deleting too (two rm -f of one container at once). */
class TreeDeletionTest {
    @TempDir
    Path tmp;

    @Test
    void fourDeletionsOfOneTreeAtOnceAllSucceed() throws Exception {
        for (int round = 0; round < 20; round++) {
            Path tree = tmp.resolve("c" + round);
            for (int d = 0; d < 20; d++) {
                Path dir = Files.createDirectories(tree.resolve("upper/etc/d" + d));
                for (int f = 0; f < 20; f++) {
                    Files.writeString(dir.resolve("f" + f), "x");
                }
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    go.await();
                    TreeDeletion.delete(tree);
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(); // throws if any deletion did
            }
            pool.shutdown();
            assertFalse(Files.exists(tree));
        }
    }
}
