package dev.hostvirt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hostvirt.engine.Engine;
import dev.hostvirt.engine.TestImages;
import dev.hostvirt.engine.TestImages.Image;
import dev.hostvirt.engine.TestImages.Packing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real containers, run by hostvirt on the host's OCI runtime, from a busybox image built from Debian's
 * busybox-static (imported as an OCI layout and as a docker-archive tar). Cases from podman's own
 * suites (container-anchors §6.2). Needs root and runc or crun: skipped otherwise, with the reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunConformanceTest {
    /** The runtime forced for the whole class through HOSTVIRT_RUNTIME; null = hostvirt's own choice. */
    String runtime() {
        return null;
    }

    @TempDir
    static Path tmp;
    EngineCli cli;
    static final String BB = "busybox:latest";

    @BeforeAll
    void importImages() throws IOException {
        TestImages.assumeContainersCanRun();
        if (runtime() != null) {
            assumeTrue(Files.isExecutable(Path.of("/usr/sbin/" + runtime())) || Files.isExecutable(Path.of("/usr/bin/" + runtime())),
                    runtime() + " is not installed");
        }
        cli = new EngineCli(tmp.resolve("state"), tmp, runtime() == null ? Map.of() : Map.of("HOSTVIRT_RUNTIME", runtime()));
        byte[] layer = TestImages.busyboxLayer();
        Image bb = new Image(List.of(layer), TestImages.busyboxConfig());
        Path layout = TestImages.ociLayout(tmp.resolve("bb-oci"), "docker.io/library/busybox:latest", bb, Packing.GZIP);
        ok(cli.run("image", "import", layout.toString()));
        Path archive = TestImages.dockerArchive(tmp.resolve("bb-docker.tar"), List.of("localhost/busybox-docker:latest"), bb);
        ok(cli.run("image", "import", archive.toString()));
        Image withEntrypoint = new Image(List.of(layer), Map.of("Entrypoint", List.of("echo", "ep"), "Cmd", List.of("default"),
                "WorkingDir", "/made/by/image"));
        ok(cli.run("image", "import", TestImages.ociLayout(tmp.resolve("ep"), "localhost/ep:latest", withEntrypoint, Packing.ZSTD).toString()));
        Image bare = new Image(List.of(layer), Map.of());
        ok(cli.run("image", "import", TestImages.ociLayout(tmp.resolve("bare"), "localhost/bare:latest", bare, Packing.PLAIN).toString()));
    }

    @AfterAll
    void removeContainers() {
        if (cli != null) {
            cli.removeAllContainers();
        }
    }

    private static EngineCli.Result ok(EngineCli.Result r) {
        assertEquals(0, r.exit(), r.toString());
        return r;
    }

    private EngineCli.Result run(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "run";
        all[1] = "--rm";
        System.arraycopy(args, 0, all, 2, args.length);
        return cli.run(all);
    }

    private String sh(String script, String... options) {
        String[] all = new String[options.length + 4];
        System.arraycopy(options, 0, all, 0, options.length);
        all[options.length] = BB;
        all[options.length + 1] = "sh";
        all[options.length + 2] = "-c";
        all[options.length + 3] = script;
        return ok(run(all)).out();
    }

    @Test
    void anImagesFirstRunShowsItsUnpackOnATerminalAndTakesItAwayBeforeTheContainerSpeaks() throws IOException {
        // Named but not unpacked (as after a pull): the first run unpacks its own top layer (busybox's
        // is shared with the other images, unpacked already).
        byte[] own = new dev.hostvirt.engine.TestTars().file("etc/first", String.valueOf(runtime())).bytes();
        Image bb = new Image(List.of(TestImages.busyboxLayer(), own), TestImages.busyboxConfig());
        Path layout = TestImages.ociLayout(tmp.resolve("first-" + runtime()), "localhost/first-" + runtime() + ":1", bb, Packing.GZIP);
        new dev.hostvirt.engine.image.ImageImporter(Engine.open(tmp.resolve("state")).images()).importFrom(layout, null,
                dev.hostvirt.engine.image.Platform.host());
        EngineCli.Result first = ok(cli.runOnTerminal("run", "--rm", "localhost/first-" + runtime() + ":1", "sh", "-c", "echo hi >&2"));
        String erase = "\r\u001b[2K";
        assertTrue(first.err().contains(erase + "Unpacking layer 2/2"), first.err());
        assertTrue(first.err().endsWith(erase + "hi\n"), "taken away before the container writes: " + first.err());
        EngineCli.Result again = ok(cli.runOnTerminal("run", "--rm", "localhost/first-" + runtime() + ":1", "echo", "hi"));
        assertEquals("", again.err(), "an unpacked image draws nothing");
    }

    @Test
    void exitCodesAreTheContainersOwnOrPodmans() {
        assertEquals("hello\n", ok(run(BB, "echo", "hello")).out());
        assertEquals(0, run(BB, "true").exit());
        assertEquals(1, run(BB, "false").exit());
        assertEquals(32, run(BB, "sh", "-c", "exit 32").exit());
        EngineCli.Result notFound = run(BB, "/no/such/command");
        assertEquals(127, notFound.exit(), notFound.toString());
        assertEquals(127, run(BB, "nosuchcommand").exit());
        assertEquals(126, run(BB, "/etc").exit());
        assertEquals(126, run(BB, "/etc/passwd").exit(), "not executable");
        EngineCli.Result noImage = run("--pull=never", "no-such-image:1", "true"); // never: tests talk to no outside registry
        assertEquals(125, noImage.exit(), noImage.toString());
        assertTrue(noImage.err().startsWith("hostvirt: "), noImage.err());
    }

    @Test
    void theRuncRuntimeGivesTheSameAnswers() {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/runc")) || Files.isExecutable(Path.of("/usr/bin/runc")), "runc not installed");
        assertEquals("hello\n", ok(run("--runtime", "runc", BB, "echo", "hello")).out());
        assertEquals(32, run("--runtime", "runc", BB, "sh", "-c", "exit 32").exit());
        assertEquals(127, run("--runtime", "runc", BB, "nosuchcommand").exit());
        String status = sh("grep -E '^(CapEff|NoNewPrivs|Seccomp):' /proc/self/status", "--runtime", "runc");
        assertTrue(status.contains("00000000800405fb") && status.contains("NoNewPrivs:\t1") && status.contains("Seccomp:\t2"), status);
    }

    @Test
    void oomKilledContainerExitsWith137AndSaysSo() {
        EngineCli.Result r = run("--memory", "24m", BB, "tail", "/dev/zero");
        assertEquals(137, r.exit(), r.toString());
        assertTrue(r.err().contains("out of memory"), r.err());
    }

    @Test
    void rmRemovesTheContainerOnSuccessAndOnFailureAndWithoutItItStays() {
        ok(cli.run("run", "--rm", "--name", "gone-ok", BB, "true"));
        assertEquals(1, cli.run("run", "--rm", "--name", "gone-fail", BB, "false").exit());
        assertEquals(1, cli.run("run", "--name", "stays", BB, "false").exit());
        String ps = ok(cli.run("ps", "-a")).out();
        assertFalse(ps.contains("gone-ok"), ps);
        assertFalse(ps.contains("gone-fail"), ps);
        assertTrue(ps.contains("stays") && ps.contains("Exited (1)"), ps);
        assertFalse(rootMounted(ok(cli.run("inspect", "stays")).out()), "an exited container's root is unmounted, as podman's");
        ok(cli.run("rm", "stays"));
        assertFalse(ok(cli.run("ps", "-a")).out().contains("stays"));
    }

    @Test
    void environmentDefaultsAndOverrides() throws IOException {
        String env = ok(run(BB, "env")).out();
        assertTrue(env.contains("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"), env);
        assertTrue(env.contains("HOME=/root\n"), env);
        assertFalse(env.contains("TERM="), "no TERM without -t: " + env);
        Files.writeString(tmp.resolve("vars.env"), "# comment\nFROM_FILE=file\nSHARED=file\n");
        String over = ok(run("-e", "PATH=/bin", "-e", "SHARED=flag", "--env-file", "vars.env", "-e", "FROM_HOST", BB, "env")).out();
        assertTrue(over.contains("PATH=/bin\n") && over.contains("FROM_FILE=file\n") && over.contains("SHARED=flag\n")
                && over.contains("FROM_HOST=host-value\n"), over);
        // podman's -e 'PREFIX*': every variable of hostvirt's own whose name starts so (FROM_HOST here).
        String prefixed = ok(run("-e", "FROM_H*", "-e", "NO_SUCH_PREFIX_*", BB, "env")).out();
        assertTrue(prefixed.contains("FROM_HOST=host-value\n"), prefixed);
        assertFalse(prefixed.contains("FROM_H*") || prefixed.contains("NO_SUCH_PREFIX_"), prefixed);
        assertTrue(ok(run("-u", "4242", BB, "env")).out().contains("HOME=/\n"), "HOME is never empty");
        assertTrue(ok(run("-u", "tester", BB, "env")).out().contains("HOME=/home/tester\n"));
    }

    @Test
    void workdirFromTheUserMustExistAndTheImagesIsCreated() {
        assertEquals("/tmp\n", ok(run("-w", "/tmp", BB, "pwd")).out());
        EngineCli.Result missing = run("-w", "/does/not/exist", BB, "pwd");
        assertEquals(126, missing.exit(), missing.toString());
        EngineCli.Result file = run("-w", "/etc/passwd", BB, "pwd");
        assertEquals(126, file.exit(), file.toString());
        assertTrue(file.err().contains("is not a directory"), "podman's words, not 'does not exist': " + file.err());
        assertEquals("/made/by/image\n", ok(run("--entrypoint", "pwd", "localhost/ep")).out());
        // A directory the runtime makes for a mount point below it is there when the process starts (podman: 0).
        assertEquals("/app\n", ok(run("-v", tmp + ":/app/src/inner", "-w", "/app", BB, "pwd")).out());
        assertEquals("/scratch\n", ok(run("--tmpfs", "/scratch/cache", "-w", "/scratch", BB, "pwd")).out());
        assertEquals(126, run("-v", tmp + ":/app/src", "-w", "/ap", BB, "pwd").exit(), "a name's prefix is not a parent");
    }

    @Test
    void usersComeFromTheFilesTheContainerSeesVolumesIncluded() throws IOException {
        Path etc = Files.createDirectories(tmp.resolve("own-etc"));
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\nweb:x:1000:1000:web:/home/web:/bin/sh\n");
        Files.writeString(etc.resolve("group"), "root:x:0:\nstaff:x:50:web\nweb:x:1000:\n");
        String[] binds = {"-v", etc.resolve("passwd") + ":/etc/passwd:ro", "-v", etc.resolve("group") + ":/etc/group:ro"};
        String idAndHome = "id; echo $HOME";
        List<String> byName = new java.util.ArrayList<>(List.of(binds));
        byName.addAll(List.of("-u", "web"));
        assertEquals("uid=1000(web) gid=1000(web) groups=50(staff)\n/home/web\n", sh(idAndHome, byName.toArray(String[]::new)),
                "podman resolves the user after mounting (hostvirt: 126, not in the image's /etc/passwd)");
        List<String> byUid = new java.util.ArrayList<>(List.of(binds));
        byUid.addAll(List.of("-u", "1000"));
        assertEquals("uid=1000(web) gid=1000(web) groups=50(staff)\n/home/web\n", sh(idAndHome, byUid.toArray(String[]::new)),
                "the passwd entry's group and home, not gid 0 and /");
        // A directory over /etc counts as well, the deepest mount winning; an empty tmpfs over /etc hides the image's.
        assertEquals("/home/web\n", sh("echo $HOME", "-v", etc + ":/etc:ro", "-u", "web"));
        assertEquals(126, run("--tmpfs", "/etc:notmpcopyup", "-u", "tester", BB, "true").exit(), "tester is only in the image's /etc/passwd");
        assertEquals("/home/tester\n", sh("echo $HOME", "--tmpfs", "/etc", "-u", "tester"), "a tmpfs starts with the image's files");

        ok(cli.run("run", "-d", "--name", "own-users", binds[0], binds[1], binds[2], binds[3], BB, "sleep", "600"));
        try {
            assertEquals("uid=1000(web) gid=1000(web) groups=50(staff)", ok(cli.run("exec", "-u", "web", "own-users", "id")).out().trim());
        } finally {
            ok(cli.run("rm", "-f", "own-users"));
        }
    }

    @Test
    void userAndGroupForms() {
        assertEquals("uid=0(root) gid=0(root)", ok(run(BB, "id")).out().trim());
        // busybox id lists only the supplementary groups: the ones naming the user in /etc/group
        assertEquals("uid=1000(tester) gid=1000(testers) groups=2000(extra)", ok(run("-u", "1000", BB, "id")).out().trim());
        assertEquals("uid=1000(tester) gid=2000(extra)", ok(run("-u", "tester:extra", BB, "id")).out().trim());
        assertEquals("uid=4242 gid=0(root)", ok(run("-u", "4242", BB, "id")).out().trim());
        assertEquals("uid=0(root) gid=1000(testers)", ok(run("-u", "0:1000", BB, "id")).out().trim());
        assertEquals(126, run("-u", "nosuchuser", BB, "id").exit(), "as podman: the user cannot be invoked as");
        assertEquals(126, run("-u", "tester:nosuchgroup", BB, "id").exit());
        assertEquals(125, run("-u", "4294967295", BB, "id").exit(), "out of range: bad usage");
        assertTrue(ok(run("-u", "1000", BB, "grep", "CapEff", "/proc/self/status")).out().contains("0000000000000000"),
                "a non-root user has no effective capabilities");
        // As podman: what --cap-add names, and nothing else (NET_ADMIN is bit 12, NET_RAW 13).
        assertEquals("CapEff:\t0000000000003000\nCapAmb:\t0000000000003000\n", ok(run("-u", "1000", "--cap-add", "net_admin,NET_RAW", BB,
                "grep", "-E", "^Cap(Eff|Amb)", "/proc/self/status")).out());
        ok(cli.run("run", "-d", "--name", "caps-user", "-u", "1000", "--cap-add", "NET_ADMIN", BB, "sleep", "1000"));
        assertTrue(ok(cli.run("exec", "caps-user", "grep", "CapEff", "/proc/self/status")).out().contains("0000000000001000"),
                "exec as the container's own user gets them too");
        assertTrue(ok(cli.run("exec", "-u", "2000", "caps-user", "grep", "CapEff", "/proc/self/status")).out().contains("0000000000000000"),
                "another user none");
        ok(cli.run("rm", "-f", "caps-user"));
    }

    @Test
    void entrypointAndCmdPrecedence() {
        assertEquals("ep default\n", ok(run("localhost/ep")).out());
        assertEquals("ep x y\n", ok(run("localhost/ep", "x", "y")).out());
        assertEquals("\n", ok(run("--entrypoint", "echo", "localhost/ep")).out(), "--entrypoint drops the image CMD");
        assertEquals("z\n", ok(run("--entrypoint", "echo", "localhost/ep", "z")).out());
        assertEquals("plain\n", ok(run("--entrypoint", "", "localhost/ep", "echo", "plain")).out());
        assertEquals("json form\n", ok(run("--entrypoint", "[\"sh\",\"-c\"]", "localhost/ep", "echo json form")).out());
        EngineCli.Result none = run("localhost/bare");
        assertEquals(125, none.exit(), "no entrypoint and no cmd: podman's and docker's 125: " + none);
        assertTrue(none.err().contains("the image has no ENTRYPOINT or CMD"), none.err());
        EngineCli.Result cleared = run("--entrypoint", "", "localhost/ep");
        assertEquals(125, cleared.exit(), cleared.toString());
        assertTrue(cleared.err().contains("--entrypoint '' clears"), cleared.err());
    }

    @Test
    void readOnlyRootKeepsScratchSpaceWritable() {
        EngineCli.Result r = run("--read-only", BB, "touch", "/x");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains("Read-only file system"), r.err());
        assertEquals("ok\n", sh("touch /tmp/a /run/a /var/tmp/a /dev/shm/a && echo ok", "--read-only"));
        assertEquals("ok\n", sh("touch /tmp/a /var/tmp/a && echo ok", "--read-only", "-u", "1000"));
        // /run is 1777 as podman's (it was 755: a service running as a user could not write its pid file), but
        // runc gives a tmpfs the mode of the directory it covers (this image's /run is 755), under podman too.
        assertEquals("runc".equals(runtime()) ? "drwxr-xr-x\n" : "drwxrwxrwt\n", sh("ls -ld /run | cut -d' ' -f1", "--read-only"));
    }

    @Test
    void aTmpfsHoldsTheImagesFilesAndTheEtcFilesComeOverWhatCoversEtc() throws IOException {
        assertTrue(sh("ls /etc", "--tmpfs", "/etc").contains("passwd\n"), "podman's tmpcopyup");
        assertEquals("uid=0(root) gid=0(root)\n", sh("id", "-u", "root", "--tmpfs", "/etc"), "the user is found in the copy");
        EngineCli.Result empty = run("-u", "root", "--tmpfs", "/etc:notmpcopyup", BB, "true");
        assertEquals(126, empty.exit(), empty.toString());
        assertEquals("hostname\nhosts\nresolv.conf\n", sh("ls /etc", "--tmpfs", "/etc:notmpcopyup"));
        Path etc = Files.createDirectories(tmp.resolve("own-etc"));
        String hosts = sh("cat /etc/hosts; ls /etc", "--hostname", "h1", "-v", etc + ":/etc");
        assertTrue(hosts.contains("127.0.1.1\th1") && hosts.contains("resolv.conf"), "-v dir:/etc hid them, and DNS: " + hosts);
        Path roEtc = Files.createDirectories(tmp.resolve("ro-etc"));
        Files.writeString(roEtc.resolve("hosts"), "10.1.1.1 mine\n");
        String ro = sh("cat /etc/hosts; ls /etc", "--hostname", "h2", "-v", roEtc + ":/etc:ro");
        assertTrue(ro.contains("127.0.1.1\th2") && !ro.contains("resolv.conf"),
                "a file there is covered; none cannot be made in a read-only mount (podman fails with 126): " + ro);
        assertFalse(Files.exists(roEtc.resolve("resolv.conf")));
    }

    @Test
    void mountsGoParentsFirstAndTakeTheirOptions() throws Exception {
        Path inner = Files.createDirectories(tmp.resolve("depth/inner"));
        Files.writeString(inner.resolve("f"), "in");
        Path outer = Files.createDirectories(tmp.resolve("depth/outer"));
        assertEquals("in", sh("cat /x/y/f", "-v", inner + ":/x/y", "-v", outer + ":/x"), "-v b:/x hid -v a:/x/y");
        String flags = sh("grep ' /v ' /proc/self/mountinfo | cut -d' ' -f6", "-v", outer + ":/v:ro,nosuid,noexec,nodev");
        assertTrue(flags.startsWith("ro,") && flags.contains("nosuid") && flags.contains("noexec") && flags.contains("nodev"), flags);

        // rslave: a mount made on the host after the start shows in the container (crun ignored it under a private root).
        Path shared = Files.createDirectories(tmp.resolve("propagated"));
        assertEquals(0, new ProcessBuilder("mount", "--bind", shared.toString(), shared.toString()).start().waitFor());
        try {
            assertEquals(0, new ProcessBuilder("mount", "--make-shared", shared.toString()).start().waitFor());
            ok(cli.run("run", "-d", "--name", "slave-vol", "-v", shared + ":/vd:rslave", BB, "sleep", "60"));
            Path sub = Files.createDirectories(shared.resolve("sub"));
            assertEquals(0, new ProcessBuilder("mount", "-t", "tmpfs", "tmpfs", sub.toString()).start().waitFor());
            try {
                assertEquals("1", ok(cli.run("exec", "slave-vol", "sh", "-c", "grep -c ' /vd/sub ' /proc/self/mountinfo")).out().strip(),
                        "the host's later mount reached the container");
            } finally {
                new ProcessBuilder("umount", sub.toString()).start().waitFor();
                ok(cli.run("rm", "-f", "slave-vol"));
            }
        } finally {
            new ProcessBuilder("umount", "-l", shared.toString()).start().waitFor();
        }
    }

    @Test
    void volumesReadWriteAndReadOnly() throws IOException {
        Path host = Files.createDirectories(tmp.resolve("vol"));
        Files.writeString(host.resolve("from-host"), "hi");
        assertEquals("hi", sh("cat /data/from-host && echo written > /data/from-ctr", "-v", host + ":/data"));
        assertEquals("written\n", Files.readString(host.resolve("from-ctr")));
        EngineCli.Result ro = run("-v", host + ":/data:ro", BB, "touch", "/data/nope");
        assertEquals(1, ro.exit());
        assertTrue(ro.err().contains("Read-only file system"), ro.err());
        assertFalse(Files.exists(host.resolve("nope")));
        assertEquals("tmpfs\n", sh("grep ' /scratch ' /proc/mounts | cut -d' ' -f3", "--tmpfs", "/scratch"));
        String sized = sh("grep ' /sized ' /proc/mounts | cut -d' ' -f4", "--tmpfs", "/sized:size=1m,exec");
        assertTrue(sized.contains("size=1024k") && !sized.contains("noexec"), sized);

        // A file over an image's directory, or the reverse: the runtime's words came alone, without the -v.
        Path file = Files.writeString(tmp.resolve("in.txt"), "x");
        EngineCli.Result overDir = run("-v", file + ":/etc", BB, "true");
        assertEquals(126, overDir.exit(), overDir.toString());
        assertTrue(overDir.err().startsWith("hostvirt: -v " + file + ":/etc: a file cannot be mounted over the directory /etc"),
                overDir.err());
        EngineCli.Result overFile = run("-v", host + ":/etc/passwd", BB, "true");
        assertEquals(126, overFile.exit(), overFile.toString());
        assertTrue(overFile.err().contains("a directory cannot be mounted over the file /etc/passwd"), overFile.err());
        assertEquals("x", sh("cat /etc/motd-from-host", "-v", file + ":/etc/motd-from-host"), "a new file: the runtime makes it");
        assertEquals("x", sh("cat /data/in.txt", "-v", host + ":/data", "-v", file + ":/data/in.txt"), "inside another mount");
        // Clashes with another mount, not the image: the runtime's words came through, with 125 (podman: 126).
        Path sub = Files.createDirectories(host.resolve("subdir"));
        for (String[] clash : new String[][] {
            {"-v", file + ":/etc/motd-file", "-w", "/etc/motd-file"},       // a working directory that is a file volume
            {"-v", host + ":/data", "-w", "/data/from-host"},                 // ... a file inside a directory volume
            {"-v", host + ":/x", "-v", file + ":/x/subdir"},                 // a file over a directory volume's directory
            {"-v", file + ":/etc/passwd/x"},                                 // below the image's file
            {"--tmpfs", "/etc/passwd"},                                      // a tmpfs over the image's file
            {"-v", file + ":/x", "-v", sub + ":/x/y"},                       // below a file volume
            {"-v", host + ":/dev/null"},                                     // the runtime's: a device file,
            {"-v", host + ":/sys/no-such-dir"},                              // ... the read-only /sys
            {"--tmpfs", "/dev/pts/x"}}) {                                    // ... devpts
            List<String> args = new java.util.ArrayList<>(List.of(clash));
            args.addAll(List.of(BB, "true"));
            EngineCli.Result r = run(args.toArray(String[]::new));
            assertEquals(126, r.exit(), String.join(" ", clash) + ": " + r);
            assertTrue(r.err().startsWith("hostvirt: ") && r.err().lines().count() == 1, r.err());
        }
        assertEquals("/data/subdir\n", sh("pwd", "-v", host + ":/data", "-w", "/data/subdir"), "a directory of the volume is fine");
        assertEquals("x", sh("cat /dev/extra", "-v", file + ":/dev/extra"), "/dev is a tmpfs: a new file can be made there");
        assertEquals("x", sh("cat /dev/shm", "-v", file + ":/dev/shm"), "a -v there replaces the runtime's /dev/shm, as podman's");
    }

    @Test
    void memoryPidsAndCpuLimitsAreVisibleInTheCgroup() {
        String script = "if [ -f /sys/fs/cgroup/memory.max ]; then cat /sys/fs/cgroup/memory.max /sys/fs/cgroup/pids.max;"
                + " cut -d' ' -f1 /sys/fs/cgroup/cpu.max; else cat /sys/fs/cgroup/memory/memory.limit_in_bytes"
                + " /sys/fs/cgroup/pids/pids.max /sys/fs/cgroup/cpu/cpu.cfs_quota_us; fi";
        assertEquals("41943040\n4321\n50000\n", sh(script, "--memory", "40m", "--pids-limit", "4321", "--cpus", "0.5"));
        assertTrue(sh(script).contains("\n2048\n"), "podman's default pids limit");
        String pidsMax = "cat /sys/fs/cgroup/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids/pids.max";
        assertEquals("max\n", sh(pidsMax, "--pids-limit", "-1"), "no limit (crun wrote -1 and failed)");
        assertEquals("max\n", sh(pidsMax, "--pids-limit", "0"));
        // Swap, where the host accounts for it: twice the memory (podman's), or what --memory-swap says.
        String swap = "if [ -f /sys/fs/cgroup/memory.swap.max ]; then echo $(( $(cat /sys/fs/cgroup/memory.max)"
                + " + $(cat /sys/fs/cgroup/memory.swap.max) )); else cat /sys/fs/cgroup/memory/memory.memsw.limit_in_bytes; fi";
        if (dev.hostvirt.engine.runtime.SwapLimit.supported(Path.of("/sys/fs/cgroup"))) {
            assertEquals("83886080\n", sh(swap, "--memory", "40m"));
            assertEquals("62914560\n", sh(swap, "--memory", "40m", "--memory-swap", "60m"));
        } else {
            EngineCli.Result noted = run("--memory", "40m", "--memory-swap", "60m", BB, "true");
            assertEquals(0, noted.exit(), noted.toString());
            assertTrue(noted.err().contains("--memory-swap is left out"), noted.err());
        }
        EngineCli.Result tooMany = run("--pids-limit", "99999999999", BB, "true");
        assertEquals(125, tooMany.exit());
        assertTrue(tooMany.err().startsWith("hostvirt: invalid --pids-limit 99999999999: from 1 to 4194304"), tooMany.err());
    }

    @Test
    void aRuntimeThatFailsToStartLeavesNoCgroupBehind() throws IOException {
        // Both runtimes make the cgroups, then fail: crun to join cpuset, runc to load seccomp, with 10 files.
        java.util.Set<Path> before = containerCgroups();
        EngineCli.Result failed = run("--rm", "--ulimit", "nofile=10", BB, "true");
        assumeTrue(failed.exit() == 125, "this runtime starts a container with 10 files: nothing to leave behind");
        java.util.Set<Path> left = containerCgroups();
        left.removeAll(before); // others' may have gone meanwhile; none may have come
        assertEquals(java.util.Set.of(), left, "crun left hostvirt/ID in every hierarchy");
        EngineCli.Result detached = cli.run("run", "-d", "--name", "failed-detached", "--ulimit", "nofile=10", BB, "true");
        assertEquals(125, detached.exit(), detached.toString());
        assertTrue(ok(cli.run("ps", "-a")).out().lines().anyMatch(l -> l.contains("failed-detached") && l.contains("Exited (125)")),
                "as in the foreground (it said Exited (1))");
        ok(cli.run("rm", "failed-detached"));
    }

    /** The containers' cgroup directories now, in every hierarchy (v1, hybrid's unified, v2). */
    private static java.util.Set<Path> containerCgroups() throws IOException {
        java.util.Set<Path> all = new java.util.HashSet<>();
        List<Path> parents = new java.util.ArrayList<>(List.of(Path.of("/sys/fs/cgroup/hostvirt")));
        try (var hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            hierarchies.forEach(h -> parents.add(h.resolve("hostvirt")));
        }
        for (Path mine : parents) {
            if (Files.isDirectory(mine)) {
                try (var dirs = Files.list(mine)) {
                    dirs.filter(Files::isDirectory).forEach(all::add);
                }
            }
        }
        return all;
    }

    @Test
    void networkNoneHasOnlyLoopback() {
        assertEquals("lo\n", sh("ls /sys/class/net"));
        assertEquals("lo\n", sh("ls /sys/class/net", "--network", "none"));
        java.util.TreeSet<String> hostLinks = new java.util.TreeSet<>();
        try (var links = Files.list(Path.of("/sys/class/net"))) {
            links.forEach(l -> hostLinks.add(l.getFileName().toString()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertEquals(hostLinks, new java.util.TreeSet<>(List.of(sh("ls /sys/class/net", "--network", "host").split("\n"))),
                "--network host shares the host's interfaces");
    }

    @Test
    void hostnameAndHostsFile() {
        assertEquals("box1\n", sh("hostname", "--hostname", "box1"));
        assertTrue(sh("cat /etc/hosts", "--hostname", "box2", "--name", "named").contains("box2 named"));
        try {
            String host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            assertEquals(host + "\n", sh("hostname", "--network", "host"), "on the host's network, the host's name (Docker's)");
            String hosts = sh("cat /etc/hosts", "--network", "host");
            List<String> added = List.of(hosts.strip().lines().reduce((a, b) -> b).orElse("").split("\\s+"));
            assertEquals(added.size(), new java.util.HashSet<>(added).size(), "each name once: " + hosts);
            assertEquals(List.of("127.0.1.1", host), added.subList(0, 2), hosts);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void securityDefaults() throws IOException {
        assertEquals("0\n", sh("head -c 1 /proc/kcore 2>/dev/null | wc -c"), "/proc/kcore is masked");
        String status = sh("grep -E '^(CapEff|NoNewPrivs|Seccomp):' /proc/self/status");
        assertTrue(status.contains("CapEff:\t00000000800405fb"), "podman's 11 capabilities: " + status);
        assertTrue(status.contains("NoNewPrivs:\t1"), status);
        assertTrue(status.contains("Seccomp:\t2"), "seccomp filter on by default: " + status);
        EngineCli.Result mount = run(BB, "mount", "-t", "tmpfs", "none", "/tmp");
        assertNotEquals(0, mount.exit(), "no CAP_SYS_ADMIN, so mount fails");
        assertTrue(sh("grep Seccomp: /proc/self/status", "--security-opt", "seccomp=unconfined").contains("\t0"));
        Path profile = Files.writeString(tmp.resolve("no-mkdir.json"), "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":"
                + "[{\"names\":[\"mkdir\",\"mkdirat\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":1}]}");
        EngineCli.Result denied = run("--security-opt", "seccomp=" + profile, BB, "mkdir", "/tmp/d");
        assertEquals(1, denied.exit(), "the user's profile, not the default: " + denied);
        assertTrue(denied.err().contains("Operation not permitted"), denied.err());
        assertEquals("made\n", sh("mkdir /tmp/d && echo made"), "the default allows it");
        EngineCli.Result notAProfile = run("--security-opt", "seccomp=" + tmp.resolve("vol"), BB, "true");
        assertEquals(125, notAProfile.exit(), notAProfile.toString());
        assertTrue(sh("grep CapEff /proc/self/status", "--cap-drop", "ALL").contains("0000000000000000"));
        assertEquals("mounted\n", sh("mount -t tmpfs none /tmp && echo mounted", "--cap-add", "SYS_ADMIN"));
        assertTrue(sh("grep NoNewPrivs /proc/self/status", "--security-opt", "no-new-privileges=false").contains("\t0"));
        EngineCli.Result fromDev = run(BB, "sh", "-c", "cp /bin/busybox /dev/bb && /dev/bb true");
        assertEquals(126, fromDev.exit(), "/dev is noexec, as podman's: " + fromDev);
        assertEquals("", sh("ls -A /dev | grep -v -E '^(console|core|fd|full|mqueue|null|ptmx|pts|random|shm|stderr|stdin|stdout|tty|urandom|zero)$' || true"),
                "only the runtime's standard devices");
        // ALL is what this host can give (a sandbox may lack some): the container starts and has them.
        String all = ok(run("--cap-add", "ALL", BB, "grep", "CapEff", "/proc/self/status")).out();
        assertEquals(ok(run("--cap-add", "ALL", BB, "grep", "CapBnd", "/proc/self/status")).out().replace("CapBnd", "CapEff"), all);
        long allMask = Long.parseUnsignedLong(all.replace("CapEff:", "").strip(), 16);
        String lessOne = ok(run("--cap-add", "ALL", "--cap-drop", "NET_ADMIN", BB, "grep", "CapEff", "/proc/self/status")).out();
        assertEquals(allMask & ~(1L << 12), Long.parseUnsignedLong(lessOne.replace("CapEff:", "").strip(), 16),
                "ALL but CAP_NET_ADMIN (bit 12): the drop was ignored");
        assertEquals(125, run("--cap-add", "ALL", "--cap-drop", "ALL", BB, "true").exit());
    }

    @Test
    void ulimitsAboveTheCallersHardLimitAreLoweredWithANote() throws IOException {
        long hard = dev.hostvirt.engine.bundle.Rlimits.parseHardLimits(Files.readString(Path.of("/proc/self/limits"))).get("RLIMIT_NOFILE");
        assumeTrue(hard > 0 && hard < 1_000_000, "the caller's nofile hard limit is high enough not to clamp");
        EngineCli.Result r = run("--ulimit", "nofile=2000000:2000000", BB, "sh", "-c", "ulimit -n");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(hard + "\n", r.out());
        assertTrue(r.err().contains("RLIMIT_NOFILE lowered"), r.err());
        assertEquals("1024\n", sh("ulimit -n", "--ulimit", "nofile=1024:1024"));
        String id = ok(cli.run("run", "-d", BB, "true")).out().trim();
        assertTrue(ok(cli.run("inspect", id)).out().contains("RLIMIT_NOFILE default 1048576 lowered to " + hard),
                "a lowered default is recorded for inspect");
        ok(cli.run("rm", "-f", id));
    }

    @Test
    void dockerArchiveImageRunsToo() {
        assertEquals("from docker archive\n", ok(run("localhost/busybox-docker", "echo", "from", "docker", "archive")).out());
    }

    @Test
    void stopOfSeveralStopsThemAtOnce() {
        // sleep as a container's init ignores SIGTERM (no handler for pid 1): each takes the whole -t.
        for (String n : List.of("deaf-1", "deaf-2", "deaf-3")) {
            ok(cli.run("run", "-d", "--name", n, BB, "sleep", "600"));
        }
        long start = System.nanoTime();
        EngineCli.Result r = ok(cli.run("stop", "-t", "3", "deaf-1", "deaf-2", "deaf-3", "deaf-1"));
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertEquals("deaf-1\ndeaf-2\ndeaf-3\ndeaf-1\n", r.out(), "every name given, in its order");
        assertTrue(seconds < 7, "in parallel, as podman (one after the other took 3 x 3 s): " + seconds + " s");
        String ps = ok(cli.run("ps", "-a")).out();
        assertEquals(3, ps.lines().filter(l -> l.contains("deaf-") && l.contains("Exited (137)")).count(), ps);
        ok(cli.run("rm", "deaf-1", "deaf-2", "deaf-3"));
        ok(cli.run("run", "-d", "--name", "deaf-0", BB, "sleep", "600"));
        EngineCli.Result now = ok(cli.run("stop", "-t", "0", "deaf-0"));
        assertEquals("", now.err(), "-t 0 asks for SIGKILL: nothing to warn about, as podman");
        ok(cli.run("rm", "deaf-0"));
    }

    @Test
    void stopSendsTheImagesStopSignalAndABadOneIsRefusedBeforeAnythingIsMade() throws IOException {
        java.util.Map<String, Object> config = new java.util.HashMap<>(TestImages.busyboxConfig());
        config.put("StopSignal", "SIGUSR1");
        ok(cli.run("image", "import", TestImages.ociLayout(tmp.resolve("usr1"), "localhost/usr1:latest",
                new Image(List.of(TestImages.busyboxLayer()), config), Packing.PLAIN).toString()));
        String id = ok(cli.run("run", "-d", "localhost/usr1", "sh", "-c",
                "trap 'echo got usr1; exit 5' USR1; trap 'echo got term; exit 6' TERM; echo ready; while :; do sleep 0.1; done")).out().trim();
        for (int i = 0; i < 100 && !ok(cli.run("logs", id)).out().contains("ready"); i++) {
            sleep(50);
        }
        ok(cli.run("stop", "-t", "5", id));
        assertEquals("5", ok(cli.run("inspect", "-f", "{{.State.ExitCode}}", id)).out().strip(), "podman sends STOPSIGNAL, not SIGTERM");
        assertEquals("ready\ngot usr1\n", ok(cli.run("logs", id)).out());
        assertEquals("10", ok(cli.run("inspect", "-f", "{{.Config.StopSignal}}", id)).out().strip(), "a number, as podman's");
        ok(cli.run("rm", id));

        // --stop-signal goes over the image's, as podman's; a bad one is refused before anything is made.
        String own = ok(cli.run("run", "-d", "--stop-signal", "TERM", "localhost/usr1", "sh", "-c",
                "trap 'echo got usr1; exit 5' USR1; trap 'echo got term; exit 6' TERM; echo ready; while :; do sleep 0.1; done")).out().trim();
        for (int i = 0; i < 100 && !ok(cli.run("logs", own)).out().contains("ready"); i++) {
            sleep(50);
        }
        ok(cli.run("stop", "-t", "5", own));
        assertEquals("6", ok(cli.run("inspect", "-f", "{{.State.ExitCode}}", own)).out().strip(), "--stop-signal TERM, not the image's USR1");
        ok(cli.run("rm", own));
        EngineCli.Result badOption = cli.run("run", "--rm", "--stop-signal", "SIGNOPE", BB, "true");
        assertEquals(125, badOption.exit(), badOption.toString());
        assertTrue(badOption.err().contains("--stop-signal 'SIGNOPE' is not a signal"), badOption.err());

        config.put("StopSignal", "SIGNOPE");
        ok(cli.run("image", "import", TestImages.ociLayout(tmp.resolve("nope"), "localhost/nope:latest",
                new Image(List.of(TestImages.busyboxLayer()), config), Packing.PLAIN).toString()));
        String before = ok(cli.run("ps", "-a", "-q")).out();
        EngineCli.Result bad = cli.run("run", "-d", "localhost/nope", "true");
        assertEquals(125, bad.exit(), bad.toString());
        assertTrue(bad.err().contains("STOPSIGNAL 'SIGNOPE' is not a signal"), bad.err());
        assertEquals(before, ok(cli.run("ps", "-a", "-q")).out(), "no container left behind");
    }

    @Test
    @org.junit.jupiter.api.Timeout(180) // stop -t -1 waits for as long as it takes: not for ever here
    void detachedContainerLogsExecInspectAndStopOnAProcessIgnoringSigterm() {
        String id = ok(cli.run("run", "-d", "--name", "stubborn", BB, "sh", "-c", "trap '' TERM; echo started; while true; do sleep 1; done")).out().trim();
        assertTrue(id.matches("[0-9a-f]{64}"), id);
        assertTrue(ok(cli.run("ps")).out().contains("stubborn"));
        String logs = "";
        for (int i = 0; i < 100 && !logs.contains("started"); i++) {
            logs = ok(cli.run("logs", "stubborn")).out();
            sleep(50);
        }
        assertEquals("started\n", logs);
        assertEquals("inside\n", ok(cli.run("exec", "stubborn", "echo", "inside")).out());
        assertEquals("uid=1000(tester) gid=1000(testers) groups=2000(extra)", ok(cli.run("exec", "-u", "1000", "stubborn", "id")).out().trim(),
                "the same user as run -u 1000 gives");
        assertEquals("running", ok(cli.run("inspect", "--format", "{{.State.Status}}", "stubborn")).out().strip());
        String pid = ok(cli.run("inspect", "--format", "{{.State.Pid}}", "stubborn")).out().strip();
        assertTrue(pid.matches("[1-9][0-9]*"), pid);
        assertEquals(pid + "\n", ok(cli.run("ps", "--filter", "name=^stubborn$", "--format", "{{.Pid}}")).out(), "podman's ps field");
        EngineCli.Result stopped = ok(cli.run("stop", "-t", "1", "stubborn"));
        assertEquals("hostvirt: container stubborn did not stop on signal 15 within 1 s: killed with SIGKILL\n", stopped.err(),
                "said, as podman warns (it was silent)");
        String ps = ok(cli.run("ps", "-a")).out();
        assertTrue(ps.contains("stubborn") && ps.contains("Exited (137)"), "SIGTERM ignored, so SIGKILL: " + ps);
        assertFalse(ok(cli.run("ps")).out().contains("stubborn"));
        ok(cli.run("rm", "stubborn"));

        String slow = ok(cli.run("run", "-d", "--name", "slow-to-stop", BB, "sh", "-c",
                "trap 'sleep 1; exit 3' TERM; echo ready; while true; do sleep 0.1; done")).out().trim();
        for (int i = 0; i < 100 && !ok(cli.run("logs", slow)).out().contains("ready"); i++) {
            sleep(50);
        }
        assertEquals(125, cli.run("stop", "-t", "-2", slow).exit(), "only -1 is 'no limit'");
        ok(cli.run("stop", "-t", "-1", slow));
        assertTrue(ok(cli.run("ps", "-a")).out().contains("Exited (3)"), "-1 waits as docker's (it killed at once: 137)");
        ok(cli.run("rm", slow));
    }

    @Test
    void parallelRunsGivenOneNameStartOneContainerAndShortDetachedRunsAllSayTheyStarted() throws Exception {
        // hostvirt processes, as users start them (one command, one JVM: the lock is per process).
        List<Process> runs = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            List<String> argv = new java.util.ArrayList<>(hostvirtCommand());
            argv.addAll(List.of("run", "-d", "--name", "only-one", BB, "sleep", "1000"));
            ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
            pb.environment().put("HOSTVIRT_STATE_DIR", tmp.resolve("state").toString());
            if (runtime() != null) {
                pb.environment().put("HOSTVIRT_RUNTIME", runtime());
            }
            runs.add(pb.start());
        }
        int started = 0;
        for (Process p : runs) {
            if (!p.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)) {
                runs.forEach(Process::destroyForcibly);
                throw new AssertionError("a run did not end");
            }
            String said = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            started += p.exitValue() == 0 ? 1 : 0;
            assertTrue(p.exitValue() == 0 || (p.exitValue() == 125 && said.contains("only-one")), said);
        }
        assertEquals(1, started);
        assertEquals(1, ok(cli.run("ps", "-a")).out().lines().filter(l -> l.endsWith("only-one")).count());
        ok(cli.run("rm", "-f", "only-one"));
        // --rm and a command that ends at once: gone before hostvirt saw it start, it still started.
        for (int i = 0; i < 10; i++) {
            ok(cli.run("run", "-d", "--rm", BB, "true"));
        }
    }

    @Test
    void detachedWithRmRemovesItselfWhenItExits() {
        String id = ok(cli.run("run", "-d", "--rm", BB, "sleep", "1")).out().trim();
        assertTrue(ok(cli.run("ps")).out().contains(id.substring(0, 12)));
        for (int i = 0; i < 100 && ok(cli.run("ps", "-a")).out().contains(id.substring(0, 12)); i++) {
            sleep(100);
        }
        assertFalse(ok(cli.run("ps", "-a")).out().contains(id.substring(0, 12)));
    }

    @Test
    void inspectShowsContainersAndImagesAsPodmanDoes() throws Exception {
        ok(cli.run("run", "-d", "--name", "insp-up", "-v", tmp + ":/host:ro", "--memory", "64m", BB, "sleep", "1000"));
        assertEquals(3, cli.run("run", "--name", "insp-done", BB, "sh", "-c", "exit 3").exit());
        com.fasterxml.jackson.databind.JsonNode all = dev.hostvirt.engine.Json.read(ok(cli.run("inspect", "insp-up", "insp-done")).out()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(2, all.size(), all.toString());
        com.fasterxml.jackson.databind.JsonNode up = all.get(0);
        assertEquals("insp-up", up.path("Name").asText());
        assertTrue(up.path("Id").asText().matches("[0-9a-f]{64}"), up.toString());
        assertEquals("running", up.path("State").path("Status").asText());
        assertTrue(up.path("State").path("Running").asBoolean());
        long pid = up.path("State").path("Pid").asLong();
        assertTrue(pid > 0 && Files.exists(Path.of("/proc", Long.toString(pid))), "the init's pid on the host: " + pid);
        assertEquals("sleep", up.path("Path").asText());
        assertEquals("[\"1000\"]", up.path("Args").toString());
        assertEquals(64L << 20, up.path("HostConfig").path("Memory").asLong());
        assertEquals("none", up.path("HostConfig").path("NetworkMode").asText());
        com.fasterxml.jackson.databind.JsonNode mount = up.path("Mounts").path(0);
        assertEquals(tmp.toString() + "|/host|false", mount.path("Source").asText() + "|" + mount.path("Destination").asText() + "|"
                + mount.path("RW").asBoolean());
        assertTrue(up.path("Config").path("Env").toString().contains("PATH="), up.toString());
        assertEquals("sleep", up.path("OCIConfig").path("process").path("args").path(0).asText(), "the generated config too");
        com.fasterxml.jackson.databind.JsonNode done = all.get(1);
        assertEquals("exited", done.path("State").path("Status").asText());
        assertEquals(3, done.path("State").path("ExitCode").asInt());
        assertEquals(0, done.path("State").path("Pid").asLong());
        assertFalse(done.path("State").path("FinishedAt").asText().startsWith("0001"), done.toString());

        EngineCli.Result f = ok(cli.run("inspect", "--format", "{{.Name}} {{.State.Status}} {{.State.ExitCode}} {{json .Args}}",
                "insp-up", "insp-done"));
        assertEquals("insp-up running 0 [\"1000\"]\ninsp-done exited 3 [\"-c\",\"exit 3\"]\n", f.out());
        String raw = ok(cli.run("inspect", "insp-up")).out();
        assertTrue(raw.startsWith("[\n     {\n          \"Id\": \"") && raw.contains("\n               \"Running\": true,\n"),
                "indented as podman's (five spaces): " + raw.substring(0, 200));
        assertEquals(raw, ok(cli.run("inspect", "-f", "json", "insp-up")).out(), "-f json is the whole document, as podman's");
        assertEquals(raw, ok(cli.run("inspect", "-f", "", "insp-up")).out());
        assertEquals("a\tb\n", ok(cli.run("inspect", "-f", "a\\tb\\n", "insp-up")).out(), "\\t and \\n are escapes; no second newline");
        assertEquals("a\tb\n", ok(cli.run("inspect", "-f", "a\\tb", "insp-up")).out());
        assertEquals(up.path("Id").asText() + " <no value>\n", ok(cli.run("inspect", "-f", "{{.ID}} {{.Config.Labels.version}}", "insp-up")).out(),
                "podman's .ID, and a key a map lacks");
        // The entrypoint and the user as asked, and podman's zero values for what hostvirt does not do.
        ok(cli.run("run", "-d", "--name", "insp-ep", "--entrypoint", "sh", "-u", "1000", BB, "-c", "sleep 1000"));
        assertEquals("[sh] [-c sleep 1000] 1000 || [] false 0 map[]\n", ok(cli.run("inspect", "-f",
                "{{.Config.Entrypoint}} {{.Config.Cmd}} {{.Config.User}} |{{.State.Health.Status}}|{{.NetworkSettings.IPAddress}}"
                        + " {{.State.Error}}{{.HostConfig.Binds}} {{.HostConfig.Privileged}} {{.HostConfig.RestartPolicy.MaximumRetryCount}}"
                        + " {{.NetworkSettings.Ports}}", "insp-ep")).out());
        assertEquals("[" + tmp + ":/host:ro]\n", ok(cli.run("inspect", "-f", "{{.HostConfig.Binds}}", "insp-up")).out());
        ok(cli.run("rm", "-f", "insp-ep"));

        // An image by name, when no container has it; and a name that is neither: 125, the others still shown.
        EngineCli.Result mixed = cli.run("inspect", "-f", "{{.Id}}", BB, "insp-up", "no-such-thing");
        assertEquals(125, mixed.exit(), mixed.toString());
        List<String> lines = mixed.out().lines().toList();
        assertEquals(2, lines.size(), mixed.out());
        assertTrue(lines.get(0).matches("[0-9a-f]{64}"), lines.get(0));
        assertEquals(up.path("Id").asText(), lines.get(1));
        assertEquals("hostvirt: no such container or image: no-such-thing\n", mixed.err());
        String tags = ok(cli.run("inspect", "-f", "{{.RepoTags}} {{.Os}}", BB)).out();
        assertTrue(tags.matches("\\[(\\S+ )*\\S*busybox:latest( \\S+)*\\] linux\n"), tags);
        EngineCli.Result noField = cli.run("inspect", "-f", "{{.RepoTags}}", "insp-up");
        assertEquals(125, noField.exit());
        assertTrue(noField.err().startsWith("hostvirt: the document has no field 'RepoTags'"), noField.err());
        EngineCli.Result range = cli.run("inspect", "-f", "{{range .Mounts}}{{.Source}}{{end}}", "insp-up");
        assertEquals(125, range.exit());
        assertEquals("", range.out(), "refused before anything is printed");
        ok(cli.run("rm", "-f", "insp-up", "insp-done"));
    }

    @Test
    void logsFollowOfAnRmContainerKeepsItsLastLines() {
        // The monitor deletes an --rm container's files as it exits: -f reopened them by name at each
        // poll and lost what came in the last 200 ms (3 times out of 3).
        for (int i = 0; i < 3; i++) {
            ok(cli.run("run", "-d", "--rm", "--name", "follow-rm", BB, "sh", "-c", "echo first; sleep 1; echo last-out; echo last-err >&2"));
            EngineCli.Result logs = ok(cli.run("logs", "-f", "follow-rm"));
            assertEquals("first\nlast-out\n", logs.out(), "round " + i);
            assertEquals("last-err\n", logs.err(), "round " + i);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (ok(cli.run("ps", "-a")).out().contains("follow-rm") && System.nanoTime() < deadline) {
                sleep(50); // the name is free once the monitor has removed the container
            }
        }
    }

    @Test
    void logsOfAnRmContainerJustRemovedShowItsOutputAndThenNothingIsLeft() {
        // Its monitor removed it as it exited: `run -d --rm img sh -c 'echo hi'; logs -f ID` said "no such
        // container" 30 times in 30 (podman's cleanup comes later: it showed the output about half the time).
        Path containers = tmp.resolve("state/containers");
        for (int i = 0; i < 3; i++) {
            // One stream: under runc the order between two is not kept, and --tail counts both together.
            String id = ok(cli.run("run", "-d", "--rm", BB, "sh", "-c", "echo hi; printf bye")).out().trim();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (Files.exists(containers.resolve(id)) && System.nanoTime() < deadline) {
                sleep(10); // removed, as by the time a logs typed after run -d starts
            }
            EngineCli.Result logs = ok(cli.run("logs", "-f", id));
            assertEquals("hi\nbye", logs.out(), "round " + i);
            assertEquals("bye", ok(cli.run("logs", "--tail", "1", id.substring(0, 12))).out(), "a last line without a newline is one");
            assertFalse(ok(cli.run("ps", "-a")).out().contains(id.substring(0, 12)), "gone for ps, as before");
            if (i == 2) {
                deadline = System.nanoTime() + 30_000_000_000L;
                while ((Files.exists(containers.resolve(id + ".removing")) || Files.exists(containers.resolve(id + ".started")))
                        && System.nanoTime() < deadline) {
                    sleep(100);
                }
                assertFalse(Files.exists(containers.resolve(id + ".removing")), "its log goes a few seconds later");
                assertFalse(Files.exists(containers.resolve(id + ".started")), "and its marker with it");
                assertEquals(125, cli.run("logs", id).exit(), "then it is gone for logs too, as podman's after its cleanup");
            }
        }
    }

    @Test
    void logsFollowPrintsUntilTheContainerExits() {
        String id = ok(cli.run("run", "-d", BB, "sh", "-c", "echo first; sleep 1; echo second >&2; sleep 0.2; echo third")).out().trim();
        EngineCli.Result logs = ok(cli.run("logs", "-f", id));
        assertEquals("first\nthird\n", logs.out());
        assertEquals("second\n", logs.err());
        EngineCli.Result last = ok(cli.run("logs", "--tail", "1", id));
        assertEquals("third\n", last.out());
        assertEquals("", last.err(), "the last line of both streams together, as podman counts");
        EngineCli.Result two = ok(cli.run("logs", "--tail", "2", id));
        assertEquals("third\n", two.out());
        assertEquals("second\n", two.err());
        assertTrue(ok(cli.run("ps", "-a")).out().contains("Exited (0)"));
        String inspected = ok(cli.run("inspect", id)).out();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (rootMounted(inspected) && System.nanoTime() < deadline) {
            sleep(50); // the monitor unmounts just after it records the exit
        }
        assertFalse(rootMounted(inspected), "a detached container's root too, once it exited");
        assertEquals("third\n", ok(cli.run("logs", "--tail", "1", id)).out(), "the logs outlive the root");
        ok(cli.run("rm", id));
    }

    @Test
    void logsKeepTheOrderBetweenTheStreamsAndLinesWrittenInPieces() throws Exception {
        // Two log files lost the order: `logs` printed all of stdout, then all of stderr.
        String script = "echo 1; sleep 0.2; echo 2 >&2; sleep 0.2; printf 3; sleep 0.2; echo ' and more'; sleep 0.2; echo 4 >&2";
        String detached = ok(cli.run("run", "-d", BB, "sh", "-c", script)).out().trim();
        ok(cli.run("run", "--name", "logs-fg", BB, "sh", "-c", script));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!ok(cli.run("ps", "-a")).out().lines().anyMatch(l -> l.startsWith(detached.substring(0, 12)) && l.contains("Exited (0)"))
                && System.nanoTime() < deadline) {
            sleep(50);
        }
        for (String c : List.of(detached, "logs-fg")) {
            assertEquals("1\n2\n3 and more\n4\n", mergedLogs(c), c);
            EngineCli.Result split = ok(cli.run("logs", c));
            assertEquals("1\n3 and more\n", split.out(), c);
            assertEquals("2\n4\n", split.err(), c);
            EngineCli.Result tail = ok(cli.run("logs", "--tail", "2", c));
            assertEquals("3 and more\n", tail.out(), "a line written in two pieces is one line: " + c);
            assertEquals("4\n", tail.err(), c);
            String stamped = ok(cli.run("logs", "-t", c)).out();
            assertTrue(stamped.startsWith(java.time.Instant.now().toString().substring(0, 4)), "UTC, as podman prints it: " + stamped);
            assertTrue(stamped.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z 1\n"
                    + "\\S+ 3 and more\n"), stamped);
        }
        ok(cli.run("rm", detached, "logs-fg"));

        // Written closely, one stream after the other: a thread per stream swapped them 76-140 times in 300.
        String pairs = "i=0; while [ $i -lt 100 ]; do echo out$i; echo err$i >&2; i=$((i+1)); sleep 0.02; done";
        String d = ok(cli.run("run", "-d", BB, "sh", "-c", pairs)).out().trim();
        ok(cli.run("run", "--name", "pairs-fg", BB, "sh", "-c", pairs));
        deadline = System.nanoTime() + 20_000_000_000L;
        while (!ok(cli.run("ps", "-a")).out().lines().anyMatch(l -> l.startsWith(d.substring(0, 12)) && l.contains("Exited (0)"))
                && System.nanoTime() < deadline) {
            sleep(50);
        }
        for (String c : List.of(d, "pairs-fg")) {
            List<String> merged = mergedLogs(c).lines().toList();
            // Each stream's order always holds (OrderCheck throws otherwise). The two together: under
            // crun, as written (a pair merges only when the reader is kept off the CPU longer than the
            // 20 ms between pairs); runc copies each stream through a goroutine of its own first.
            long swapped = dev.hostvirt.engine.container.OrderCheck.swappedPairs(merged, "out", "err");
            if (!ok(cli.run("inspect", "-f", "{{.OCIRuntime}}", c)).out().strip().equals("runc")) {
                assertTrue(swapped <= 2, c + ": " + swapped + " pairs swapped: " + merged);
            }
        }
        ok(cli.run("rm", d, "pairs-fg"));
    }

    /** `hostvirt logs C` with both streams through one pipe, as at a terminal or with 2>&1. */
    private String mergedLogs(String container) throws IOException, InterruptedException {
        List<String> argv = new java.util.ArrayList<>(hostvirtCommand());
        argv.addAll(List.of("logs", container));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().put("HOSTVIRT_STATE_DIR", tmp.resolve("state").toString());
        Process p = pb.start();
        String merged = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), merged);
        return merged;
    }

    /** Whether the root of the container {@code inspect} printed is a mount point now. */
    private static boolean rootMounted(String inspect) {
        try {
            String bundle = new com.fasterxml.jackson.databind.ObjectMapper().readTree(inspect).path(0).path("StaticDir").asText();
            assertFalse(bundle.isEmpty(), inspect);
            String rootfs = Path.of(bundle, "rootfs").toString();
            return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().anyMatch(l -> l.split(" ")[4].equals(rootfs));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void execPassesTheExitCodeAndFailsOnAStoppedContainer() {
        String id = ok(cli.run("run", "-d", BB, "sleep", "1000")).out().trim();
        assertEquals(7, cli.run("exec", id, "sh", "-c", "exit 7").exit());
        ok(cli.run("stop", "-t", "0", id));
        assertEquals(125, cli.run("exec", id, "true").exit());
        ok(cli.run("rm", id));
    }

    @Test
    void stopOfSeveralStopsNoneWhenOneIsMissingAndRmRemovesWhatItCan() {
        String a = ok(cli.run("run", "-d", BB, "sleep", "1000")).out().trim().substring(0, 12);
        assertEquals(125, cli.run("stop", "-t", "0", a, "no-such-one").exit());
        EngineCli.Result both = cli.run("rm", "no-such-one", a);
        assertEquals(2, both.exit(), "podman's 2 for a running one, over 1 for a missing one: " + both);
        assertTrue(both.err().contains("no such container: no-such-one") && both.err().contains("is running"), both.err());
        assertTrue(ok(cli.run("ps")).out().contains(a), "still running: rm without -f does not stop it");
        EngineCli.Result forced = ok(cli.run("rm", "-f", a, "no-such-one"));
        assertEquals(a + "\n", forced.out(), "-f skips the missing one and removes the other");
        assertFalse(ok(cli.run("ps", "-a")).out().contains(a));
    }

    @Test
    void rmRefusesARunningContainerUnlessForced() {
        String id = ok(cli.run("run", "-d", BB, "sleep", "1000")).out().trim();
        EngineCli.Result refused = cli.run("rm", id);
        assertEquals(2, refused.exit(), "podman's 2: a container named is running");
        EngineCli.Result twice = ok(cli.run("rm", "-f", id.substring(0, 12), id, id.substring(0, 12)));
        assertEquals(id.substring(0, 12) + "\n", twice.out(), "three names of one container: removed once, no error");
        assertFalse(ok(cli.run("ps", "-a")).out().contains(id.substring(0, 12)));
    }

    @Test
    void imagesListsBothImportsAndImageRmRefusesAnImageInUse() throws IOException {
        String images = ok(cli.run("images")).out();
        assertTrue(images.contains("docker.io/library/busybox") && images.contains("localhost/busybox-docker"), images);
        Matcher m = Pattern.compile("localhost/busybox-docker\\s+latest\\s+([0-9a-f]{12})").matcher(images);
        assertTrue(m.find(), images);
        // The only name of an image a container uses (localhost/bare has a config of its own).
        ok(cli.run("run", "--name", "user-of-image", "localhost/bare", "true"));
        assertEquals(2, cli.run("image", "rm", "localhost/bare:latest").exit(), "in use: podman's 2");
        ok(cli.run("rm", "user-of-image"));
        // A second name of an image that runs a container: removing that name only untags it.
        ok(cli.run("run", "-d", "--name", "runs-on", BB, "sleep", "1000"));
        Path again = TestImages.ociLayout(tmp.resolve("second-name-" + runtime()), "localhost/second:" + (runtime() == null ? "x" : runtime()),
                new Image(List.of(TestImages.busyboxLayer()), TestImages.busyboxConfig()), Packing.GZIP);
        ok(cli.run("image", "import", again.toString()));
        EngineCli.Result untag = ok(cli.run("image", "rm", "-f", "localhost/second:" + (runtime() == null ? "x" : runtime())));
        assertTrue(untag.out().startsWith("Untagged: localhost/second"), untag.out());
        assertFalse(untag.out().contains("Deleted:"), "the image stays under busybox's name: " + untag.out());
        assertTrue(ok(cli.run("ps")).out().contains("runs-on"), "the container run by busybox's name lives on");
        ok(cli.run("rm", "-f", "runs-on"));
    }

    @Test
    void interactiveReadsHostvirtsStdinAndWithoutItTheContainerReadsNothing() {
        assertEquals("typed\nlines\n", ok(cli.runWithInput("typed\nlines\n", "run", "--rm", "-i", BB, "cat")).out());
        assertEquals("", ok(cli.runWithInput("not for it\n", "run", "--rm", BB, "cat")).out(), "no -i: /dev/null");
    }

    @Test
    void ttyNeedsATerminalAndCannotBeDetachedAndNeitherLeavesAContainer() {
        String before = ok(cli.run("ps", "-a", "-q")).out();
        EngineCli.Result noTerminal = cli.runWithInput("x\n", "run", "--rm", "-t", BB, "true");
        assertEquals(125, noTerminal.exit());
        assertTrue(noTerminal.err().startsWith("hostvirt: -t needs a terminal on standard input"), noTerminal.err());
        EngineCli.Result detached = cli.run("run", "-d", "-t", BB, "sh");
        assertEquals(125, detached.exit());
        assertTrue(detached.err().contains("-t cannot be used with -d"), detached.err());
        EngineCli.Result execNoTerminal = cli.run("exec", "-t", "no-such-container", "sh");
        assertEquals(125, execNoTerminal.exit());
        assertTrue(execNoTerminal.err().contains("-t needs a terminal"), execNoTerminal.err());
        assertEquals(before, ok(cli.run("ps", "-a", "-q")).out());
    }

    @Test
    void detachedInteractiveKeepsAShellWaitingAndExecRunsAsTheContainerDoes() {
        ok(cli.run("run", "-d", "-i", "--name", "waiting", BB, "sh"));
        String plain = ok(cli.run("run", "-d", BB, "sh")).out().trim().substring(0, 12);
        String ps = "";
        for (int i = 0; i < 400 && !ps.lines().anyMatch(l -> l.startsWith(plain) && l.contains("Exited (0)")); i++) {
            sleep(50);
            ps = ok(cli.run("ps", "-a")).out();
        }
        assertTrue(ps.lines().anyMatch(l -> l.startsWith(plain) && l.contains("Exited (0)")), "without -i, sh reads EOF: " + ps);
        assertTrue(ps.lines().anyMatch(l -> l.contains("waiting") && l.contains("Up ")), "with -i it waits for input: " + ps);
        assertEquals("in\n", ok(cli.runWithInput("in\n", "exec", "-i", "waiting", "cat")).out());
        // exec -e adds to the container's environment (crun's own --env replaced it: no PATH, no sh).
        assertEquals("A=1 PATH=" + dev.hostvirt.engine.bundle.ProcessPlan.DEFAULT_PATH + " TERM= FROM_HOST=host-value\n",
                ok(cli.run("exec", "-e", "A=1", "-e", "FROM_HOST", "-e", "UNSET_HERE", "waiting", "sh", "-c",
                        "echo A=$A PATH=$PATH TERM=$TERM FROM_HOST=$FROM_HOST${UNSET_HERE+ set}")).out());
        // Confined as the container: root has its capabilities, another user none; no new privileges.
        String root = ok(cli.run("exec", "waiting", "grep", "-E", "^(CapEff|NoNewPrivs)", "/proc/self/status")).out();
        assertTrue(root.matches("(?s)CapEff:\\s+0*[1-9a-f][0-9a-f]*\nNoNewPrivs:\\s+1\n"), root);
        assertEquals(ok(cli.run("exec", "waiting", "grep", "CapBnd", "/proc/1/status")).out().replace("CapBnd", "CapEff"),
                ok(cli.run("exec", "waiting", "grep", "CapEff", "/proc/self/status")).out(), "the container's own set");
        String other = ok(cli.run("exec", "-u", "1000", "waiting", "grep", "CapEff", "/proc/self/status")).out();
        assertTrue(other.matches("CapEff:\\s+0+\n"), other);
        assertEquals(ok(run("-u", "1000", BB, "sh", "-c", "echo $HOME")).out(),
                ok(cli.run("exec", "-u", "1000", "waiting", "sh", "-c", "echo $HOME")).out(), "the user's HOME, as run -u gives");
        assertEquals("/root\n", ok(cli.run("exec", "waiting", "sh", "-c", "echo $HOME")).out());
        // podman's codes, not the runtime's (runc exec exits 255 for a missing command).
        assertEquals(127, cli.run("exec", "waiting", "no-such-command").exit());
        assertEquals(126, cli.run("exec", "waiting", "/etc/passwd").exit());
        assertEquals(126, cli.run("exec", "-w", "/no/such/dir", "waiting", "true").exit());
        assertEquals(ok(cli.run("exec", "waiting", "pwd")).out(), ok(cli.run("exec", "-w", "", "waiting", "pwd")).out(),
                "-w '': the container's own directory, as podman (it was refused with 125)");
        // exec -d: started and left running, as podman's; nothing printed, 0 at once.
        EngineCli.Result detached = cli.run("exec", "-d", "waiting", "sh", "-c", "sleep 0.3; touch /tmp/from-exec-d; sleep 600");
        assertEquals(0, detached.exit(), detached.toString());
        assertEquals("", detached.out());
        String seen = "";
        for (int i = 0; i < 100 && !seen.contains("from-exec-d"); i++) {
            sleep(50);
            seen = ok(cli.run("exec", "waiting", "ls", "/tmp")).out();
        }
        assertTrue(seen.contains("from-exec-d"), "it ran on after exec -d returned: " + seen);
        assertEquals(125, cli.run("exec", "-d", "-t", "waiting", "true").exit(), "no attach for a terminal later");
        ok(cli.run("rm", "-f", "waiting"));
        ok(cli.run("rm", plain));
    }

    @Test
    void aContainerIsStoppedAndRemovedByItsOwnRuntimeWhateverTheDefault() throws IOException {
        // The class's default (HOSTVIRT_RUNTIME, or hostvirt's choice) runs the commands; the container
        // is started on the other runtime. crun's state knows nothing of runc's containers: stop and
        // rm -f used the default, failed quietly, and left the container running with no record.
        String other = "runc".equals(runtime()) ? "crun" : "runc";
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/" + other)) || Files.isExecutable(Path.of("/usr/bin/" + other)),
                other + " is not installed");
        String id = ok(cli.run("run", "-d", "-i", "--runtime", other, "--name", "on-" + other, BB, "sh")).out().trim();
        assertEquals(other + "\n", ok(cli.run("inspect", "-f", "{{.OCIRuntime}}", id)).out());
        assertEquals("inside\n", ok(cli.run("exec", id, "echo", "inside")).out());
        ok(cli.run("stop", "-t", "1", id));
        assertTrue(ok(cli.run("ps", "-a")).out().contains("Exited"), "stopped");
        String id2 = ok(cli.run("run", "-d", "-i", "--runtime", other, BB, "sh")).out().trim();
        ok(cli.run("rm", "-f", id, id2));
        Path state = tmp.resolve("state/runtime").resolve(other);
        try (var left = Files.exists(state) ? Files.list(state) : java.util.stream.Stream.<Path>empty()) {
            assertEquals(List.of(), left.toList(), "nothing left in " + other + "'s state: no container runs on");
        }
    }

    @Test
    void withATerminalTheContainerGetsOneAndTheKeysTyped() throws Exception {
        TerminalSession t = onTerminal(true, "run", "--rm", "-it", BB, "sh", "-c",
                "tty; echo TERM=$TERM; echo size=$(stty size); echo ready; read x; echo got:$x; exit 3");
        t.await("ready");
        t.type("typed\n");
        assertEquals(3, t.exit(), t.output());
        assertTrue(t.output().matches("(?s).*/dev/pts/\\d+\r\n.*TERM=xterm\r\n.*got:typed\r\n.*"), t.output());
        assertTrue(t.output().endsWith("terminal restored\r\n"), "the user's settings back after the raw mode: " + t.output());
        assertTrue(t.output().contains("size=30 100\r\n"), "the user's terminal's size (crun needs consoleSize): " + t.output());

        // The terminal's output reaches the log too, as podman's (the runtime wrote it to hostvirt's stdout, unlogged).
        TerminalSession logged = onTerminal(true, "run", "--name", "tty-logged", "-t", BB, "sh", "-c", "echo line one; printf 'no newline'");
        assertEquals(0, logged.exit(), logged.output());
        assertTrue(logged.output().contains("line one\r\nno newline"), logged.output());
        assertTrue(logged.output().endsWith("terminal restored\r\n"), logged.output());
        // The terminal's bytes: CR LF from crun's pty; runc clears the pty's ONLCR, racing the first write.
        assertEquals("line one\nno newline", ok(cli.run("logs", "tty-logged")).out().replace("\r\n", "\n"));
        ok(cli.run("rm", "tty-logged"));

        ok(cli.run("run", "-d", "-i", "--name", "for-exec-it", BB, "sh"));
        TerminalSession exec = onTerminal(true, "exec", "-it", "for-exec-it", "sh", "-c", "tty; echo TERM=$TERM; stty size; exit 4");
        assertEquals(4, exec.exit(), exec.output());
        assertTrue(exec.output().matches("(?s).*/dev/pts/\\d+\r\n.*TERM=xterm\r\n30 100\r\n.*terminal restored\r\n"), exec.output());
        ok(cli.run("rm", "-f", "for-exec-it"));
    }

    @Test
    void aResizedWindowReachesTheContainersTerminal() throws Exception {
        // crun passes SIGWINCH on by itself, before hostvirt has set the new size: a signal can come
        // with the old size, so the shell reports each one and the test waits for the new size.
        String resized = "trap 'echo resized=$(stty size)' WINCH; echo ready; while :; do sleep 0.1; done";
        TerminalSession run = onTerminal(true, "run", "--rm", "-it", BB, "sh", "-c", resized);
        run.await("ready");
        resize(run, 50, 120);
        run.await("resized=50 120\r\n");
        run.type("\u0003"); // a key for the container's terminal: its sh dies of SIGINT
        assertEquals(130, run.exit(), run.output());

        ok(cli.run("run", "-d", "-i", "--name", "for-exec-resize", BB, "sh"));
        TerminalSession exec = onTerminal(true, "exec", "-it", "for-exec-resize", "sh", "-c", resized);
        exec.await("ready");
        resize(exec, 40, 90);
        exec.await("resized=40 90\r\n");
        exec.type("\u0003");
        assertEquals(130, exec.exit(), exec.output());
        ok(cli.run("rm", "-f", "for-exec-resize"));
    }

    /** As a window resized by its user: a new size on hostvirt's terminal, and SIGWINCH from the kernel. */
    private static void resize(TerminalSession session, int rows, int cols) throws Exception {
        ProcessHandle jvm = session.process().descendants().filter(h -> h.info().command().orElse("").endsWith("/java"))
                .findFirst().orElseThrow();
        Process stty = new ProcessBuilder("stty", "-F", "/proc/" + jvm.pid() + "/fd/0", "rows", Integer.toString(rows),
                "cols", Integer.toString(cols)).inheritIO().start();
        assertEquals(0, stty.waitFor());
    }

    @Test
    void withoutTTheTerminalIsCopiedInLineByLine() throws Exception {
        // busybox cat copies with sendfile(2), which held the output pipe while it waited on the
        // user's terminal: each line came out only once the next was typed.
        TerminalSession cat = onTerminal("run", "--rm", "-i", BB, "sh", "-c", "[ -t 0 ] && echo stdin-is-a-tty; echo ready; exec cat");
        cat.await("ready");
        cat.type("first\n");
        cat.await("first\r\nfirst\r\n"); // the terminal's echo, then cat's copy, before anything else is typed
        cat.type("second\n");
        cat.await("second\r\nsecond\r\n");
        cat.type("\u0004");
        assertEquals(0, cat.exit(), cat.output());
        assertFalse(cat.output().contains("stdin-is-a-tty"), "the container reads a pipe, as with podman: " + cat.output());
    }

    @Test
    void ctrlCAndSigtermReachTheContainerAndRmStillRemovesIt() throws Exception {
        String trap = "trap 'echo got INT; exit 9' INT; trap 'echo got TERM; exit 7' TERM; echo ready; while :; do sleep 0.1; done";
        TerminalSession ctrlC = onTerminal("run", "--rm", "--name", "ctrl-c", BB, "sh", "-c", trap);
        ctrlC.await("ready");
        ctrlC.type("\u0003");
        assertEquals(9, ctrlC.exit(), ctrlC.output());
        assertTrue(ctrlC.output().contains("got INT"), ctrlC.output());

        TerminalSession term = onTerminal("run", "--rm", "--name", "sigterm", BB, "sh", "-c", trap);
        term.await("ready");
        ProcessHandle jvm = term.process().descendants().filter(h -> h.info().command().orElse("").endsWith("/java"))
                .findFirst().orElseThrow();
        assertTrue(jvm.destroy(), "SIGTERM to hostvirt alone");
        assertEquals(7, term.exit(), term.output());
        assertTrue(term.output().contains("got TERM"), term.output());
        String ps = ok(cli.run("ps", "-a")).out();
        assertFalse(ps.contains("ctrl-c") || ps.contains("sigterm"), "--rm removed both: " + ps);

        // A script's background job starts with SIGINT ignored; `kill -INT $!` must still reach the container
        // (podman's takes it back; the JVM left it ignored and the run went on).
        String hostvirt = String.join(" ", hostvirtCommand().stream().map(a -> "'" + a.replace("'", "'\\''") + "'").toList());
        ProcessBuilder background = new ProcessBuilder("sh", "-c", "trap '' INT; exec " + hostvirt + " run --rm --name bg-int " + BB
                + " sh -c \"" + trap + "\"");
        background.environment().put("HOSTVIRT_STATE_DIR", tmp.resolve("state").toString());
        if (runtime() != null) {
            background.environment().put("HOSTVIRT_RUNTIME", runtime());
        }
        Process job = background.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Thread watchdog = new Thread(() -> { // without the relay nothing ends it: fail, not hang
            try {
                if (!job.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    job.descendants().forEach(ProcessHandle::destroyForcibly);
                    job.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        watchdog.setDaemon(true);
        watchdog.start();
        java.io.BufferedReader said = new java.io.BufferedReader(new java.io.InputStreamReader(job.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("ready", said.readLine());
        assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(job.pid())).start().waitFor());
        assertEquals("got INT", said.readLine());
        assertTrue(job.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(9, job.exitValue());

        // Ctrl-Z goes to the container too, as podman's proxy sends it: hostvirt used to stop, alone.
        TerminalSession ctrlZ = onTerminal("run", "--rm", "--name", "ctrl-z", BB, "sh", "-c",
                "trap 'echo got TSTP' TSTP; echo ready; i=0; while [ $i -lt 20 ]; do sleep 0.1; i=$((i+1)); done; echo done");
        ctrlZ.await("ready");
        ctrlZ.type("\u001a");
        assertEquals(0, ctrlZ.exit(), ctrlZ.output());
        assertTrue(ctrlZ.output().matches("(?s).*got TSTP\r\n.*done\r\n"), ctrlZ.output());
    }

    @Test
    void outputIsBytesAndAClosedPipeStopsTheContainer() throws Exception {
        // A real hostvirt process in a shell pipeline: its output streams are the JVM's own.
        String hostvirt = String.join(" ", hostvirtCommand().stream().map(a -> "'" + a.replace("'", "'\\''") + "'").toList());
        ProcessBuilder binary = new ProcessBuilder("sh", "-c", hostvirt + " run --rm " + BB
                + " sh -c 'head -c 100000 /dev/urandom; printf \"\\\\377\\\\376\"' | wc -c");
        assertEquals("100002", shell(binary).strip(), "bytes, not UTF-8 text with U+FFFD in place of 0xff");
        long start = System.nanoTime();
        ProcessBuilder yes = new ProcessBuilder("sh", "-c", hostvirt + " run --rm --name endless " + BB + " yes | head -1");
        assertEquals("y", shell(yes).strip());
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertTrue(seconds < 60, "stopped (SIGTERM, then kill after 10 s): " + seconds + " s");
        assertFalse(ok(cli.run("ps", "-a")).out().contains("endless"), "--rm removed it");
        // logs into a closed pipe: the first bytes, then a quiet end (it was an internal error, exit 70).
        String id = ok(cli.run("run", "-d", BB, "sh", "-c", "seq 1 100000")).out().trim();
        sleep(500);
        Path rc = tmp.resolve("logs-rc-" + runtime());
        assertEquals("1", shell(new ProcessBuilder("sh", "-c", "{ " + hostvirt + " logs " + id + "; echo $? > " + rc + "; } | head -c 1")));
        assertEquals("0", Files.readString(rc).strip());
        ok(cli.run("rm", "-f", id));
    }

    @Test
    void anExecWhoseOutputIsGoneEndsEvenIfItIgnoresSigterm() throws Exception {
        String hostvirt = String.join(" ", hostvirtCommand().stream().map(a -> "'" + a.replace("'", "'\\''") + "'").toList());
        ok(cli.run("run", "-d", "--name", "exec-target", BB, "sleep", "1000"));
        long quick = System.nanoTime();
        assertEquals("y", shell(new ProcessBuilder("sh", "-c", hostvirt + " exec exec-target sh -c 'yes | cat' | head -1")).strip());
        assertTrue((System.nanoTime() - quick) / 1_000_000_000L < 8,
                "children that die of SIGTERM end it at once: zombies of an init that never reaps are not waited for");
        long start = System.nanoTime();
        assertEquals("y", shell(new ProcessBuilder("sh", "-c", hostvirt
                + " exec exec-target sh -c '( trap \"\" TERM PIPE; while :; do echo y; done ); echo' | head -1")).strip());
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertTrue(seconds < 60, "SIGTERM, then killed by its pid after 10 s: " + seconds + " s");
        String ps = ok(cli.run("exec", "exec-target", "ps")).out();
        // busybox ps shows a zombie as [yes]: sleep, the container's init, reaps no orphan (no --init)
        assertTrue(ps.lines().noneMatch(l -> l.contains("trap")),
                "the exec'd process and its child (a subshell deaf to TERM and PIPE, which outlived hostvirt) are gone: " + ps);
        assertTrue(ok(cli.run("ps")).out().contains("exec-target"), "the container lives on");
        ok(cli.run("rm", "-f", "exec-target"));
    }

    @Test
    void anExecThatLeavesAProcessBehindReturnsWhenItsOwnProcessExits() {
        ok(cli.run("run", "-d", "--name", "exec-leaves", BB, "sleep", "1000"));
        // runc exec itself copies the output until every writer is gone (no bound to check there)
        boolean runc = "runc".equals(runtime());
        long start = System.nanoTime();
        EngineCli.Result r = ok(cli.run("exec", "exec-leaves", "sh", "-c", (runc ? "sleep 1" : "sleep 20") + " & echo started it"));
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertEquals("started it\n", r.out());
        if (!runc) {
            assertTrue(seconds < 10, "returned when sh exited, as podman (it waited for the sleep): " + seconds + " s");
        }
        ok(cli.run("rm", "-f", "exec-leaves"));
    }

    @Test
    void execOutputGoesToTheCallerAloneNotToAFileThatGrows() throws Exception {
        ok(cli.run("run", "-d", "--name", "exec-unlogged", BB, "sleep", "1000"));
        // The words are made by the shell, so they appear in no command line or config kept on disk.
        assertEquals("exec-out-42\n", ok(cli.run("exec", "exec-unlogged", "sh", "-c", "echo exec-out-$((6*7))")).out());
        assertEquals("exec-err-42\n", cli.run("exec", "exec-unlogged", "sh", "-c", "echo exec-err-$((6*7)) >&2; exit 3").err());
        Path bundle = Path.of(dev.hostvirt.engine.Json.read(ok(cli.run("inspect", "exec-unlogged")).out().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .path(0).path("StaticDir").asText());
        try (var files = Files.list(bundle)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String content = Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1);
                assertFalse(content.contains("exec-out-42") || content.contains("exec-err-42"), f.toString());
            }
        }
        assertEquals("", ok(cli.run("logs", "exec-unlogged")).out());
        ok(cli.run("rm", "-f", "exec-unlogged"));
    }

    @Test
    void aClosedStdinIsEmptyForTheContainerNotAFileOfTheJvm() throws Exception {
        // Started with stdin closed, the JVM's first file (lib/modules) took descriptor 0, and -i handed
        // it on: `run -i img cat <&-` wrote the whole JDK image.
        String hostvirt = String.join(" ", hostvirtCommand().stream().map(a -> "'" + a.replace("'", "'\\''") + "'").toList());
        assertEquals("0\n", shell(new ProcessBuilder("sh", "-c", hostvirt + " run --rm -i " + BB + " sh -c 'cat | wc -c' <&-")));
        ok(cli.run("run", "-d", "--name", "closed-stdin", BB, "sleep", "1000"));
        assertEquals("0\n", shell(new ProcessBuilder("sh", "-c", hostvirt + " exec -i closed-stdin sh -c 'cat | wc -c' <&-")));
        ok(cli.run("rm", "-f", "closed-stdin"));
    }

    /** Runs a shell pipeline with the test's state and runtime; its output (fails after two minutes, never hangs). */
    private String shell(ProcessBuilder pb) throws Exception {
        pb.environment().put("HOSTVIRT_STATE_DIR", tmp.resolve("state").toString());
        if (runtime() != null) {
            pb.environment().put("HOSTVIRT_RUNTIME", runtime());
        }
        Path out = Files.createTempFile(tmp, "pipeline", ".out");
        Process p = pb.redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!p.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("the pipeline did not end: " + String.join(" ", pb.command()));
        }
        return Files.readString(out);
    }

    private static List<String> hostvirtCommand() {
        return List.of(ProcessHandle.current().info().command().orElseThrow(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName());
    }

    /** hostvirt in a JVM of its own on a pseudo-terminal made by util-linux's script, as at a user's terminal. */
    private TerminalSession onTerminal(String... args) throws IOException {
        return onTerminal(false, args);
    }

    /**
     * With {@code checkSettings}, a shell around hostvirt gives the terminal a setting of the user's
     * own (Ctrl-G interrupts) and prints "terminal restored" when its settings (stty -g) are the same
     * after as before (the shell then stands between the terminal and hostvirt: not for signals).
     */
    private TerminalSession onTerminal(boolean checkSettings, String... args) throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "needs script(1) from util-linux (bsdutils)");
        List<String> command = new java.util.ArrayList<>(hostvirtCommand());
        command.addAll(List.of(args));
        String quoted = String.join(" ", command.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").toList());
        String line = checkSettings
                ? "stty intr ^G rows 30 cols 100; s=$(stty -g); " + quoted + "; rc=$?; [ \"$(stty -g)\" = \"$s\" ] && echo terminal restored; exit $rc"
                : "exec " + quoted; // the shell script(1) starts must not stay between: it would take the Ctrl-C
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/script", "-qefc", line, "/dev/null").redirectErrorStream(true);
        pb.environment().put("SHELL", "/bin/sh");
        pb.environment().put("HOSTVIRT_STATE_DIR", tmp.resolve("state").toString());
        if (runtime() != null) {
            pb.environment().put("HOSTVIRT_RUNTIME", runtime());
        }
        return new TerminalSession(pb.start());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
