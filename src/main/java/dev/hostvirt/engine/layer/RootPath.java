package dev.hostvirt.engine.layer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Resolves a path inside a root directory the way securejoin does (umoci, runc): every component is
 * looked at with lstat; a symlink is read and its target resolved again inside the root (absolute
 * targets start at the root, ".." stops at the root). The result is built only from components that
 * are not symlinks, so the OS following it can never leave the root. Callers use it on a private
 * directory no container uses yet, so there is no concurrent attacker to race (container-anchors §2.5).
 */
public final class RootPath {
    /** Linux's own limit on symlinks followed in one lookup (MAXSYMLINKS). */
    public static final int MAX_LINKS = 40;
    private final Path root;

    public RootPath(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** The components of a resolved path relative to the root; absent components are kept literally. */
    public List<String> resolve(List<String> components) throws IOException {
        return resolve(components, java.util.Set.of());
    }

    /**
     * As {@link #resolve(List)}, trusting {@code knownDirs} (relative paths the caller has itself
     * verified to be real directories, not symlinks, since the last deletion) instead of lstat.
     */
    public List<String> resolve(List<String> components, java.util.Set<String> knownDirs) throws IOException {
        Deque<String> todo = new ArrayDeque<>(components);
        List<String> done = new ArrayList<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String c = todo.pollFirst();
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (!done.isEmpty()) {
                    done.remove(done.size() - 1);
                }
                continue;
            }
            if (!knownDirs.isEmpty()) {
                done.add(c);
                if (knownDirs.contains(String.join("/", done))) {
                    continue;
                }
                done.remove(done.size() - 1);
            }
            Path candidate = path(done).resolve(c);
            BasicFileAttributes a = lstat(candidate);
            if (a != null && a.isSymbolicLink()) {
                if (++links > MAX_LINKS) {
                    throw new IOException("too many levels of symbolic links");
                }
                String target = Files.readSymbolicLink(candidate).toString();
                if (target.startsWith("/")) {
                    done.clear();
                }
                List<String> parts = List.of(target.split("/"));
                for (int i = parts.size() - 1; i >= 0; i--) {
                    todo.addFirst(parts.get(i));
                }
                continue;
            }
            done.add(c);
        }
        return done;
    }

    public Path path(List<String> components) {
        Path p = root;
        for (String c : components) {
            p = p.resolve(c);
        }
        return p;
    }

    /** lstat, or null when nothing is there. */
    public static BasicFileAttributes lstat(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
    }
}
