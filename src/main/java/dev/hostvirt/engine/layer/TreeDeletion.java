package dev.hostvirt.engine.layer;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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

    /**
     * Deletes a file, a symlink (not its target) or a whole tree without following symlinks. What
     * is already gone is fine: two {@code rm -f} of one container at once delete the same tree.
     */
    public static void delete(Path path) throws IOException {
        BasicFileAttributes a = RootPath.lstat(path);
        if (a == null) {
            return;
        }
        if (!a.isDirectory()) {
            Files.deleteIfExists(path);
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                if (exc instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw exc;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null && !(exc instanceof NoSuchFileException)) {
                    throw exc;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
