package dev.hostvirt.engine.layer;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Deletes what unpacks and containers leave: a class of its own, not LayerApplier's, because every
 * run deletes its container's directory and loading the applier loaded the tar reader with it (the
 * verifier resolves the types its methods use), into every run and its start-up archive.
 */
public final class TreeDeletion {
    private TreeDeletion() {
    }

    /** Deletes a file, a symlink (not its target) or a whole tree without following symlinks. */
    public static void delete(Path path) throws IOException {
        BasicFileAttributes a = RootPath.lstat(path);
        if (a == null) {
            return;
        }
        if (!a.isDirectory()) {
            Files.delete(path);
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
