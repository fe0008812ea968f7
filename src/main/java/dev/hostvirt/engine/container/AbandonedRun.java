package dev.hostvirt.engine.container;

import dev.hostvirt.i18n.Text;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A foreground run whose hostvirt died (SIGKILL, the OOM killer) before it recorded the end. In the
 * foreground hostvirt is conmon's part: it reads the output, waits for the exit code, unmounts the
 * root and removes an --rm container. Killed, it left the record "running" and then "Exited (?)" for
 * ever, an --rm container never removed, its FIFOs and root behind.
 *
 * <p>No process watches for that (a watchdog would cost every run a spawn; run --rm is ~150 ms).
 * Instead the run writes who it is ({@link #OWNER}: pid and start time, one small file) before its
 * record says "created", and the next command that looks at the container (ps, inspect, rm, stop,
 * exec, logs -f, run --name of its name) finds its owner gone and finishes the job: a container still running is killed
 * (nobody reads its output any more: its next write would die of SIGPIPE, and nobody would see its
 * code), its runtime state and cgroups are deleted, and it is recorded exited (137 when killed here,
 * "?" when it had ended unseen) with a note, or removed when it was --rm.
 */
final class AbandonedRun {
    /** The foreground hostvirt that runs the container: {@link ProcessIdentity#text}. */
    static final String OWNER = "owner";

    private AbandonedRun() {
    }

    /**
     * Names this JVM as the maker of the container's directory, and its foreground owner once it runs;
     * without /proc nothing is written (and nothing will be settled). Written first thing: a run
     * SIGKILLed between its directory and its record (the root mounted, no container.json) left an
     * overlay mount and a directory no command could see (QA: 4 kills in 5 at ~100 ms).
     */
    static void claim(Path dir) throws IOException {
        java.util.Optional<ProcessIdentity> me = ProcessIdentity.current();
        if (me.isPresent()) {
            Files.writeString(dir.resolve(OWNER), me.get().text());
        }
    }

    /**
     * Whether the record is a foreground run whose owner is known to be gone. Detached containers
     * have their monitor; containers from before the owner file, or whose owner /proc cannot show,
     * are left as they were.
     */
    static boolean ownerGone(ContainerRecord r, Path dir) {
        if (r.detached() || !("running".equals(r.status()) || "created".equals(r.status()))) {
            return false;
        }
        try {
            return ProcessIdentity.parse(Files.readString(dir.resolve(OWNER)))
                    .map(owner -> owner.liveness() == ProcessIdentity.Liveness.GONE).orElse(false);
        } catch (IOException noOwner) {
            return false;
        }
    }

    /**
     * Whether a container directory without a record is a run that died while making it: its maker is
     * gone, or it has no maker file (an older hostvirt's) and nothing changed in it for a minute (a run
     * goes from its directory to its record in milliseconds). Such a directory is no container.
     */
    static boolean unfinishedAndGone(Path dir) {
        try {
            java.util.Optional<ProcessIdentity> maker = ProcessIdentity.parse(Files.readString(dir.resolve(OWNER)));
            return maker.map(m -> m.liveness() == ProcessIdentity.Liveness.GONE).orElse(false);
        } catch (java.nio.file.NoSuchFileException noMaker) {
            try {
                return Files.getLastModifiedTime(dir).toInstant().isBefore(Instant.now().minusSeconds(60));
            } catch (IOException gone) {
                return false;
            }
        } catch (IOException unreadable) {
            return false;
        }
    }

    /** The record once settled: killed here (137), or ended unseen (no code); a note says which. */
    static ContainerRecord settled(ContainerRecord r, boolean killedHere, Instant at) {
        Text note = Text.of(killedHere ? "engine.note.abandoned.killed" : "engine.note.abandoned.ended");
        ContainerRecord exited = killedHere ? r.exited(137, false, at.toString()) : r.exitedUnseen(at.toString());
        return exited.withNote(note);
    }
}
