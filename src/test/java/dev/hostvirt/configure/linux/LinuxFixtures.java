package dev.hostvirt.configure.linux;

import dev.hostvirt.configure.Trees;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** The observable state of a fake Linux machine: every file byte-for-byte, and the loaded modules as a set. */
final class LinuxFixtures {
    private LinuxFixtures() {
    }

    static Map<String, String> state(FakeLinux fake) {
        Map<String, String> s = new TreeMap<>(Trees.snapshot(fake.root, fake.machine.stateDirectory()));
        // /proc/modules is rewritten by the fake modprobe (sizes, order): compare the module set instead.
        s.remove("proc/modules");
        s.put("modules", new TreeSet<>(fake.modules()).toString());
        return s;
    }
}
