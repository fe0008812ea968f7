package dev.hostvirt.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotHostTest {
    private static final String DOC = """
            {
              "format": "hostvirt-snapshot/1.3",
              "captured": "2026-11-27T20:00:00Z",
              "platform": { "os": "windows", "arch": "x86_64" },
              "files": { "/etc/subuid": null, "C:\\\\Windows\\\\x.txt": "hi" },
              "paths": { "/dev/kvm": { "type": "char", "mode": "0660", "readable": true, "writable": true } },
              "commands": [
                { "argv": ["C:\\\\Windows\\\\System32\\\\bcdedit.EXE", "/enum", "{current}"], "exit": 0, "stdout": "out", "stderr": "" },
                { "argv": ["VBoxManage", "--version"], "exit": null }
              ],
              "registry": { "HKLM\\\\SOFTWARE\\\\Oracle\\\\VirtualBox": { "Version": "7.0.14" }, "HKLM\\\\SOFTWARE\\\\X": null },
              "wmi": { "ROOT\\\\CIMV2:Win32_Processor": [ { "VirtualizationFirmwareEnabled": true } ] },
              "sysctl": { "kern.hv_support": 1 },
              "values": { "process.elevated": true },
              "somethingNew": { "ignored": true }
            }
            """;

    private final SnapshotHost host = new SnapshotHost(new SnapshotCodec().parse("t.json", DOC));

    @Test
    void absentAndNotCapturedStayApart() {
        assertTrue(host.file("/etc/subuid").isAbsent());
        assertTrue(host.file("/etc/subgid").isUnknown());
        assertEquals("hi", host.file("C:\\Windows\\x.txt").orElse(null));
        assertTrue(host.registry("HKLM\\SOFTWARE\\X").isAbsent());
        assertTrue(host.value("process.other").isUnknown());
        assertEquals(true, host.value("process.elevated").orElse(null));
    }

    @Test
    void commandsMatchByBaseNameCaseInsensitivelyWithoutExe() {
        assertEquals("out", host.command("bcdedit", "/enum", "{current}").orElse(null).stdout());
        assertTrue(host.command("VBoxManage.exe", "--version").isAbsent());
        assertTrue(host.command("bcdedit", "/enum").isUnknown(), "other arguments are another command");
    }

    @Test
    void registryAndWmiKeysIgnoreCaseAndSysctlNumbersReadAsText() {
        assertEquals(Map.of("Version", "7.0.14"), host.registry("hklm\\software\\oracle\\virtualbox").orElse(null));
        assertEquals(List.of(Map.of("VirtualizationFirmwareEnabled", true)),
                host.wmi("root\\cimv2:Win32_Processor").orElse(null));
        assertEquals("1", host.sysctl("kern.hv_support").orElse(null));
        assertEquals("amd64", host.platform().arch());
    }

    @Test
    void aWrittenSnapshotReadsBackTheSame() {
        SnapshotCodec codec = new SnapshotCodec();
        Snapshot once = host.snapshot();
        Snapshot twice = codec.parse("again", codec.toJson(once));
        assertEquals(codec.toJson(once), codec.toJson(twice));
    }

    @Test
    void redactionReplacesHostAndUserNamesEverywhereButKeepsPublicOnes() {
        SnapshotRedactor r = new SnapshotRedactor(java.util.Set.of("build-box"), java.util.Set.of("josé", "root"));
        assertEquals("<user>@<host>: /home/<user>/x, root", r.redact("José@build-box: /home/josé/x, root"));
        assertEquals("C:\\Users\\<user>\\datos", r.redact("C:\\Users\\josé\\datos"));
        assertEquals("build-boxes", r.redact("build-boxes"));
    }

    @Test
    void redactionFindsANameAsATokenInsideLongerWordsButNotInsideOtherNames() {
        SnapshotRedactor r = new SnapshotRedactor(java.util.Set.of("acme-payroll-srv01"), java.util.Set.of("jperez"));
        // repro-12: a tmpfs mounted as jperez-data under the user's home, in /proc/self/mountinfo.
        assertEquals("1234 30 0:99 / /home/<user>/proyecto-secreto rw,relatime - tmpfs <user>-data rw",
                r.redact("1234 30 0:99 / /home/jperez/proyecto-secreto rw,relatime - tmpfs jperez-data rw"));
        assertEquals("<user>_old .<user> <user>.local <user>@<host>.lan <host>-backup",
                r.redact("jperez_old .jperez jperez.local jperez@acme-payroll-srv01.lan acme-payroll-srv01-backup"));
        assertEquals("jperezz xjperez jperez2", r.redact("jperezz xjperez jperez2"), "other names stay");
    }

    @Test
    void systemWordsAndShortNamesAreNeverRedactedSoTheSourcesStayReadable() {
        SnapshotRedactor r = new SnapshotRedactor(java.util.Set.of("ubuntu"), java.util.Set.of("intel", "al", "host"),
                java.util.List.of("user2"));
        String text = "ID=ubuntu kvm_intel /sys/module/kvm_intel al <host> <user2>";
        assertEquals(text, r.redact(text));
    }

    @Test
    void redactionHidesTheMachinesOtherPeopleAndRealNamesToo() {
        String passwd = "root:x:0:0:root:/root:/bin/bash\nsyslog:x:104:110::/home/syslog:/usr/sbin/nologin\n"
                + "alice:x:1000:1000:Alice Example,Room 1:/home/alice:/bin/bash\nbob:x:1001:1001::/home/bob:/bin/sh\n"
                + "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n";
        assertEquals(java.util.List.of("alice", "bob"), SnapshotRedactor.people(passwd));
        SnapshotRedactor r = new SnapshotRedactor(java.util.Set.of("lab-07"), java.util.Set.of("bob"), SnapshotRedactor.people(passwd));
        Snapshot s = new SnapshotCodec().parse("t.json", "{\"format\": \"hostvirt-snapshot/1\", \"platform\": {\"os\": \"linux\", \"arch\": \"amd64\"},"
                + " \"files\": {\"/etc/passwd\": " + dev.hostvirt.engine.Json.writeString(com.fasterxml.jackson.databind.node.TextNode.valueOf(passwd), false)
                + ", \"/etc/group\": \"kvm:x:993:alice,bob\\n\"}}");
        Snapshot red = r.redact(s);
        String out = red.files().get("/etc/passwd");
        assertFalse(out.contains("alice") || out.contains("Alice") || out.contains("bob") || out.contains("Room 1"), out);
        assertTrue(out.contains("<user2>:x:1000:1000::/home/<user2>:/bin/bash"), out);
        assertTrue(out.contains("<user>:x:1001:1001::/home/<user>:/bin/sh"), "the user's own: " + out);
        assertTrue(out.contains("root:x:0:0:root:/root:/bin/bash") && out.contains("syslog:x:104"), "system accounts stay: " + out);
        assertEquals("kvm:x:993:<user2>,<user>\n", red.files().get("/etc/group"), "memberships stay told apart");
    }

    @Test
    void utf16OutputOfWslIsDecoded() {
        byte[] utf16 = "Versión de WSL: 2.3.26.0".getBytes(StandardCharsets.UTF_16LE);
        assertEquals("Versión de WSL: 2.3.26.0", ProcessCommandRunner.decode(utf16));
        assertFalse(ProcessCommandRunner.looksUtf16le("plain".getBytes(StandardCharsets.UTF_8)));
    }
}
