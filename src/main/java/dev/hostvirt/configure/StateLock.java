package dev.hostvirt.configure;

import dev.hostvirt.i18n.Text;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One hostvirt at a time may change a machine: two applies interleaving their steps would each record
 * a before-state the other is about to change. An OS file lock on {@code STATE_DIR/lock} is released
 * by the kernel when the process dies, so a crash never leaves the machine locked.
 */
public final class StateLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private StateLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static StateLock acquire(Machine machine) {
        Path dir = machine.stateDirectory();
        FileChannel ch = null;
        try {
            Files.createDirectories(dir);
            ch = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l = ch.tryLock();
            if (l == null) {
                throw busy(ch);
            }
            return new StateLock(ch, l);
        } catch (OverlappingFileLockException e) {
            throw busy(ch);
        } catch (IOException e) {
            close(ch);
            throw new ConfigureException(Text.of("configure.error.lock", dir.resolve("lock"), FileProblem.reason(e)), 1);
        }
    }

    private static ConfigureException busy(FileChannel ch) {
        close(ch);
        return new ConfigureException(Text.of("configure.error.locked"), 1);
    }

    private static void close(FileChannel ch) {
        try {
            if (ch != null) {
                ch.close();
            }
        } catch (IOException e) {
            // nothing held
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel releases it too
        }
        close(channel);
    }
}
