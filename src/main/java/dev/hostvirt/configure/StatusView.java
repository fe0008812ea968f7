package dev.hostvirt.configure;

import java.util.List;

/**
 * What {@code hostvirt status} reports: change sets half done (to finish with undo), and applied ones
 * still waiting for a reboot or a re-login in this boot.
 */
public record StatusView(List<Journal> interrupted, List<Journal> waiting, boolean bootKnown) {

    public static StatusView of(Machine machine) {
        List<Journal> all = new JournalStore(machine).list();
        String boot = BootId.read(machine);
        List<Journal> interrupted = all.stream().filter(j -> j.status().interrupted()).toList();
        List<Journal> waiting = all.stream()
                .filter(j -> j.status() == Journal.Status.APPLIED && j.reboot() != Reboot.NONE)
                .filter(j -> boot == null || j.bootId() == null || BootId.same(boot, j.bootId()))
                .toList();
        return new StatusView(interrupted, waiting, boot != null);
    }
}
