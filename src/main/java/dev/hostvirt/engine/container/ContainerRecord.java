package dev.hostvirt.engine.container;

import java.util.List;

/**
 * A container's saved state ({@code <state>/containers/<id>/container.json}).
 *
 * @param status created, running or exited
 * @param exitCode the code as podman reports it (the process's own, or 128+N when killed by signal N); null while unknown
 * @param rootfsMode "overlay" or "copy"
 * @param notes things the engine changed from what was asked (clamped limits), shown by inspect
 */
public record ContainerRecord(String id, String name, String image, String imageId, List<String> command, String created,
        String runtime, String status, Integer exitCode, boolean oomKilled, String finishedAt, boolean detached,
        boolean autoRemove, String rootfsMode, List<String> notes) {

    public ContainerRecord {
        command = List.copyOf(command);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    public ContainerRecord exited(int code, boolean oom, String at) {
        return new ContainerRecord(id, name, image, imageId, command, created, runtime, "exited", code, oom, at, detached,
                autoRemove, rootfsMode, notes);
    }

    /** Exited with a code nobody saw (its foreground hostvirt died first: AbandonedRun). */
    public ContainerRecord exitedUnseen(String at) {
        return new ContainerRecord(id, name, image, imageId, command, created, runtime, "exited", null, false, at, detached,
                autoRemove, rootfsMode, notes);
    }

    /** With one more note, kept in English whatever the user's language: the record is data. */
    public ContainerRecord withNote(dev.hostvirt.i18n.Text note) {
        List<String> more = new java.util.ArrayList<>(notes);
        more.add(dev.hostvirt.i18n.Messages.forLocale(dev.hostvirt.i18n.Messages.ENGLISH).render(note));
        return new ContainerRecord(id, name, image, imageId, command, created, runtime, status, exitCode, oomKilled, finishedAt,
                detached, autoRemove, rootfsMode, more);
    }

    public ContainerRecord withStatus(String newStatus) {
        return new ContainerRecord(id, name, image, imageId, command, created, runtime, newStatus, exitCode, oomKilled,
                finishedAt, detached, autoRemove, rootfsMode, notes);
    }

    public String shortId() {
        return id.substring(0, 12);
    }

    /**
     * The exit code as inspect, ps --format and ps's JSON give it: 0 until the container exits, and -1
     * for one that exited with its code never seen (its foreground hostvirt was killed and the
     * container ended before anyone looked), which read as a success (0) to scripts.
     */
    public int reportedExitCode() {
        return exitCode != null ? exitCode : "exited".equals(status) ? -1 : 0;
    }
}
