package dev.hostvirt.engine.bundle;

import dev.hostvirt.engine.Json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hostvirt.HostvirtException;
import dev.hostvirt.engine.Json;
import dev.hostvirt.engine.image.ImageConfig;
import dev.hostvirt.i18n.Messages;
import dev.hostvirt.i18n.Text;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The generated config.json and the pure pieces it is made of. */
class OciConfigBuilderTest {
    static final OciConfigBuilder.HostFacts V1_HOST = new OciConfigBuilder.HostFacts(false, "amd64", "6.18.44", List.of(), true);

    static String procLimits() throws IOException {
        try (InputStream in = OciConfigBuilderTest.class.getResourceAsStream("/engine/proc-self-limits.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static RunSpec spec(RunSpec.Network net, boolean readOnly, Long memory, Double cpus, Long pids, boolean seccomp) {
        return new RunSpec("busybox", null, List.of(), null, null, null, "host1", readOnly,
                List.of(new RunSpec.Volume("/srv/data", "/data", true)),
                List.of(new RunSpec.Tmpfs("/scratch", List.of("rw", "noexec", "nosuid", "nodev", "mode=1777"))), memory, null, cpus, pids, net, List.of(),
                null, seccomp, null, true, List.of(), List.of(), List.of("true"), false, false, false, false, null);
    }

    static JsonNode build(RunSpec run, UserResolver.User user, OciConfigBuilder.HostFacts host) throws IOException {
        ProcessPlan plan = new ProcessPlan(List.of("true"), List.of("PATH=/bin"), "/", false, user);
        Set<String> caps = Capabilities.resolve(run.capAdd(), run.capDrop());
        List<Rlimits.Granted> limits = Rlimits.grant(List.of(), Rlimits.parseHardLimits(procLimits()));
        var etc = new OciConfigBuilder.EtcFiles(Path.of("/c/hosts"), Path.of("/c/hostname"), Path.of("/c/resolv.conf"));
        byte[] seccomp = run.seccomp()
                ? Json.write(SeccompProfile.toOci(SeccompProfile.loadDefault(), host.goArch(), caps, host.kernelRelease()), false)
                : null;
        return new ObjectMapper().readTree(Json.writeString(
                OciConfigBuilder.build("abc", Path.of("/c/rootfs"), plan, run, caps, limits, etc, host, seccomp), true));
    }

    static final UserResolver.User ROOT = new UserResolver.User(0, 0, List.of(), "/root");

    private static List<String> texts(JsonNode arr, String field) {
        List<String> out = new ArrayList<>();
        arr.forEach(n -> out.add(field == null ? n.asText() : n.path(field).asText()));
        return out;
    }

    @Test
    void secureDefaults() throws IOException {
        JsonNode c = build(spec(RunSpec.Network.NONE, false, null, null, null, true), ROOT, V1_HOST);
        assertEquals(List.of("pid", "mount", "ipc", "uts", "network"), texts(c.at("/linux/namespaces"), "type"));
        assertEquals(List.of("/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys", "/sys/fs/cgroup", "/scratch", "/data",
                "/etc/hosts", "/etc/hostname", "/etc/resolv.conf"), texts(c.at("/mounts"), "destination"));
        assertTrue(texts(c.at("/mounts/5/options"), null).contains("ro"), "/sys is read-only");
        assertTrue(texts(c.at("/mounts/1/options"), null).containsAll(List.of("noexec", "nosuid")), "nothing runs from /dev, as podman's");
        assertEquals(new TreeSet<>(Capabilities.PODMAN_DEFAULT), new TreeSet<>(texts(c.at("/process/capabilities/bounding"), null)));
        assertEquals(11, c.at("/process/capabilities/effective").size());
        assertEquals(0, c.at("/process/capabilities/ambient").size());
        assertTrue(c.at("/process/noNewPrivileges").asBoolean());
        assertTrue(texts(c.at("/linux/maskedPaths"), null).containsAll(List.of("/proc/kcore", "/proc/keys", "/sys/firmware",
                "/sys/devices/virtual/powercap", "/proc/acpi", "/proc/asound", "/sys/devices/virtual/tpm")));
        assertEquals(OciConfigBuilder.READONLY_PATHS, texts(c.at("/linux/readonlyPaths"), null));
        assertEquals(2048, c.at("/linux/resources/pids/limit").asLong(), "podman's default pids limit");
        assertTrue(c.at("/linux/resources/memory").isMissingNode());
        assertEquals("SCMP_ACT_ERRNO", c.at("/linux/seccomp/defaultAction").asText());
        assertEquals("/c/rootfs", c.at("/root/path").asText());
        assertFalse(c.at("/root/readonly").asBoolean());
        assertEquals("host1", c.at("/hostname").asText());
        assertEquals(false, c.at("/process/terminal").asBoolean());
        assertEquals("/hostvirt/abc", c.at("/linux/cgroupsPath").asText());
        assertFalse(c.at("/linux/resources/devices/0/allow").asBoolean(), "devices: deny all first");
    }

    private static RunSpec mounts(boolean readOnly, List<RunSpec.Volume> volumes, List<RunSpec.Tmpfs> tmpfs) {
        return new RunSpec("busybox", null, List.of(), null, null, null, "h", readOnly, volumes, tmpfs, null, null, null, null,
                RunSpec.Network.NONE, List.of(), null, false, null, true, List.of(), List.of(), List.of("true"), false, false, false, false, null);
    }

    @Test
    void theRunsMountsGoParentsFirstAndTheEtcFilesOverThem() throws IOException {
        JsonNode c = build(mounts(false, List.of(new RunSpec.Volume("/a", "/x/y", false), new RunSpec.Volume("/b", "/x", false),
                new RunSpec.Volume("/e", "/etc", true)), List.of(new RunSpec.Tmpfs("/x/y/z", List.of("rw", "tmpcopyup")))), ROOT, V1_HOST);
        List<String> order = texts(c.at("/mounts"), "destination");
        assertEquals(List.of("/x", "/etc", "/x/y", "/x/y/z", "/etc/hosts", "/etc/hostname", "/etc/resolv.conf"),
                order.subList(7, order.size()), "-v b:/x came after -v a:/x/y and hid it");
        JsonNode tmpfs = c.at("/mounts/10");
        assertEquals(List.of("rw", "tmpcopyup"), texts(tmpfs.path("options"), null));
        assertEquals(List.of("rbind", "rprivate", "ro"), texts(c.at("/mounts/8/options"), null));

        JsonNode own = build(mounts(false, List.of(new RunSpec.Volume("/mine", "/etc/resolv.conf", true)), List.of()), ROOT, V1_HOST);
        assertEquals(1, texts(own.at("/mounts"), "destination").stream().filter("/etc/resolv.conf"::equals).count(), "the user's wins");
        assertEquals("/mine", own.at("/mounts/7/source").asText());

        ProcessPlan plan = new ProcessPlan(List.of("true"), List.of(), "/", false, ROOT);
        var etc = new OciConfigBuilder.EtcFiles(Path.of("/c/hosts"), Path.of("/c/hostname"), Path.of("/c/resolv.conf"))
                .mountable(p -> !p.equals("/etc/hostname"));
        JsonNode some = new ObjectMapper().readTree(Json.writeString(OciConfigBuilder.build("abc", Path.of("/c/rootfs"), plan,
                mounts(false, List.of(), List.of()), Capabilities.resolve(List.of(), List.of()), List.of(), etc, V1_HOST, null), true));
        assertFalse(texts(some.at("/mounts"), "destination").contains("/etc/hostname"), "one that cannot be made is left out");
        assertTrue(texts(some.at("/mounts"), "destination").contains("/etc/hosts"));
    }

    @Test
    void aReadOnlyRootGetsScratchSpaceEveryUserCanWriteWithTheImagesFiles() throws IOException {
        JsonNode c = build(mounts(true, List.of(), List.of(new RunSpec.Tmpfs("/tmp", List.of("rw", "size=1m")))), ROOT, V1_HOST);
        List<String> order = texts(c.at("/mounts"), "destination");
        assertEquals(List.of("/tmp", "/run", "/var/tmp"), order.subList(7, 10), "the user's /tmp stays, the others are added");
        assertEquals(List.of("rw", "size=1m"), texts(c.at("/mounts/7/options"), null));
        for (int i = 8; i < 10; i++) {
            assertEquals(List.of("rw", "nosuid", "nodev", "mode=1777", "tmpcopyup"), texts(c.at("/mounts/" + i + "/options"), null),
                    order.get(i) + ": /run was 755, so a service running as a user could not write its pid file");
        }
    }

    @Test
    void aMemoryLimitLimitsSwapTooToTwiceItUnlessToldWhereTheHostCan() throws IOException {
        long m = 64L << 20;
        assertEquals(2 * m, build(withMemory(m, null), ROOT, V1_HOST).at("/linux/resources/memory/swap").asLong());
        assertEquals(100L << 20, build(withMemory(m, 100L << 20), ROOT, V1_HOST).at("/linux/resources/memory/swap").asLong());
        assertEquals(-1, build(withMemory(m, RunSpec.UNLIMITED_SWAP), ROOT, V1_HOST).at("/linux/resources/memory/swap").asLong());
        var noSwapAccounting = new OciConfigBuilder.HostFacts(false, "amd64", "6.1", List.of(), false);
        JsonNode without = build(withMemory(m, 100L << 20), ROOT, noSwapAccounting);
        assertEquals(m, without.at("/linux/resources/memory/limit").asLong());
        assertTrue(without.at("/linux/resources/memory/swap").isMissingNode(), "runc fails on memsw files that are not there");
        assertTrue(build(withMemory(null, null), ROOT, V1_HOST).at("/linux/resources/memory").isMissingNode());
    }

    private static RunSpec withMemory(Long memory, Long swap) {
        return new RunSpec("busybox", null, List.of(), null, null, null, "h", false, List.of(), List.of(), memory, swap, null, null,
                RunSpec.Network.NONE, List.of(), null, false, null, true, List.of(), List.of(), List.of("true"), false, false, false, false, null);
    }

    @Test
    void aVolumesOwnOptionsReplaceTheDefaultsTheyContradict() {
        assertEquals(List.of("rbind", "rprivate"), OciConfigBuilder.volumeOptions(new RunSpec.Volume("/a", "/b", false)));
        assertEquals(List.of("rbind", "ro", "nosuid", "rslave"),
                OciConfigBuilder.volumeOptions(new RunSpec.Volume("/a", "/b", true, List.of("nosuid", "rslave"))));
        assertEquals(List.of("rprivate", "bind"), OciConfigBuilder.volumeOptions(new RunSpec.Volume("/a", "/b", false, List.of("bind"))));
    }

    @Test
    void rlimitsNeverExceedTheCallersHardLimits() throws IOException {
        JsonNode c = build(spec(RunSpec.Network.NONE, false, null, null, null, true), ROOT, V1_HOST);
        for (JsonNode r : c.at("/process/rlimits")) {
            if (r.path("type").asText().equals("RLIMIT_NOFILE")) {
                assertEquals(20000, r.path("hard").asLong());
                assertEquals(20000, r.path("soft").asLong());
            }
            if (r.path("type").asText().equals("RLIMIT_NPROC")) {
                assertEquals(96365, r.path("hard").asLong());
            }
        }
        List<Rlimits.Granted> asked = Rlimits.grant(List.of(Rlimits.parseOption("nofile=1048576:1048576"),
                Rlimits.parseOption("nproc=1024:1024"), Rlimits.parseOption("core=-1")), Rlimits.parseHardLimits(procLimits()));
        assertEquals(new Rlimits.Limit("RLIMIT_NOFILE", 20000, 20000), asked.get(0).limit());
        assertTrue(english(asked.get(0).clampNote()).contains("20000") && asked.get(0).requested(), "a lowered request is reported");
        assertEquals(new Rlimits.Limit("RLIMIT_NPROC", 1024, 1024), asked.get(1).limit());
        assertNull(asked.get(1).clampNote());
        Rlimits.Granted defaultNofile = Rlimits.grant(List.of(), Rlimits.parseHardLimits(procLimits())).get(0);
        assertFalse(defaultNofile.requested());
        assertEquals("RLIMIT_NOFILE default 1048576 lowered to 20000, the caller's hard limit (no CAP_SYS_RESOURCE to raise it)",
                english(defaultNofile.clampNote()));
        assertEquals(new Rlimits.Limit("RLIMIT_CORE", -1, -1), asked.get(2).limit(), "core is unlimited for the caller");
        assertEquals("18446744073709551615", Rlimits.ociValue(-1).toString());
        assertThrows(HostvirtException.class, () -> Rlimits.parseOption("nofile=10:5"));
        assertThrows(HostvirtException.class, () -> Rlimits.parseOption("bogus=1"));
        assertTrue(Rlimits.parseHardLimits("garbage\n\n").isEmpty(), "odd text parses to nothing, never throws");
    }

    @Test
    void limitsNetworkHostReadOnlyAndNonRootUsers() throws IOException {
        JsonNode c = build(spec(RunSpec.Network.HOST, true, 268435456L, 0.5, 100L, false),
                new UserResolver.User(1000, 1000, List.of(2000L), "/home/u"), new OciConfigBuilder.HostFacts(true, "amd64", "6.1", List.of("/sys/x"), true));
        assertEquals(List.of("pid", "mount", "ipc", "uts", "cgroup"), texts(c.at("/linux/namespaces"), "type"));
        assertEquals(268435456, c.at("/linux/resources/memory/limit").asLong());
        assertEquals(50000, c.at("/linux/resources/cpu/quota").asLong());
        assertEquals(100000, c.at("/linux/resources/cpu/period").asLong());
        assertEquals(100, c.at("/linux/resources/pids/limit").asLong());
        assertTrue(c.at("/linux/seccomp").isMissingNode(), "seccomp=unconfined");
        assertTrue(c.at("/root/readonly").asBoolean());
        assertTrue(texts(c.at("/mounts"), "destination").containsAll(List.of("/tmp", "/var/tmp", "/run")));
        assertEquals(0, c.at("/process/capabilities/effective").size(), "non-root users get only what --cap-add names");
        assertEquals(0, c.at("/process/capabilities/ambient").size());
        assertEquals(11, c.at("/process/capabilities/bounding").size());
        assertEquals(2000, c.at("/process/user/additionalGids/0").asLong());
        assertTrue(texts(c.at("/linux/maskedPaths"), null).contains("/sys/x"));
    }

    @Test
    void aSeccompSectionIsGivenExactlyWhenSeccompIsOn() throws IOException {
        ProcessPlan plan = new ProcessPlan(List.of("true"), List.of("PATH=/bin"), "/", false, ROOT);
        var etc = new OciConfigBuilder.EtcFiles(Path.of("/c/hosts"), Path.of("/c/hostname"), Path.of("/c/resolv.conf"));
        RunSpec on = spec(RunSpec.Network.NONE, false, null, null, null, true);
        RunSpec off = spec(RunSpec.Network.NONE, false, null, null, null, false);
        Set<String> caps = Capabilities.resolve(List.of(), List.of());
        byte[] section = "{\"defaultAction\":\"SCMP_ACT_ERRNO\"}".getBytes(StandardCharsets.UTF_8);
        assertThrows(IllegalArgumentException.class,
                () -> OciConfigBuilder.build("abc", Path.of("/c/rootfs"), plan, on, caps, List.of(), etc, V1_HOST, null),
                "no section with seccomp on would run the container unconfined");
        assertThrows(IllegalArgumentException.class,
                () -> OciConfigBuilder.build("abc", Path.of("/c/rootfs"), plan, off, caps, List.of(), etc, V1_HOST, section));
        JsonNode written = Json.read(Json.write(OciConfigBuilder.build("abc", Path.of("/c/rootfs"), plan, on, caps, List.of(), etc, V1_HOST, section), true));
        assertEquals("SCMP_ACT_ERRNO", written.at("/linux/seccomp/defaultAction").asText(), "the section as given, in valid JSON");
    }

    @Test
    void seccompProfileIsConvertedForTheArchitectureAndGrantedCaps() {
        JsonNode oci = SeccompProfile.toOci(SeccompProfile.loadDefault(), "amd64", new TreeSet<>(Capabilities.PODMAN_DEFAULT), "6.18.44");
        assertEquals(List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"), texts(oci.path("architectures"), null));
        assertEquals(38, oci.path("defaultErrnoRet").asInt(), "ENOSYS, as containers-common chose");
        assertEquals(22, oci.path("syscalls").size(), "podman's converted x86_64 profile had 22 groups (container-anchors §1.6)");
        String all = oci.toString();
        assertFalse(all.contains("includes") || all.contains("excludes") || all.contains("archMap"), "OCI form only");
        assertTrue(all.contains("\"arch_prctl\""), "amd64-only syscalls are kept");
        assertFalse(all.contains("s390_pci_mmio_read"), "other architectures' syscalls are dropped");
        boolean chrootAllowed = false;
        for (JsonNode s : oci.path("syscalls")) {
            if (texts(s.path("names"), null).contains("chroot")) {
                chrootAllowed = s.path("action").asText().equals("SCMP_ACT_ALLOW");
            }
        }
        assertTrue(chrootAllowed, "CAP_SYS_CHROOT is granted, so chroot is allowed");
        JsonNode withAdmin = SeccompProfile.toOci(SeccompProfile.loadDefault(), "amd64", Set.of("CAP_SYS_ADMIN"), "6.1");
        boolean bpf = false;
        for (JsonNode s : withAdmin.path("syscalls")) {
            if (texts(s.path("names"), null).contains("bpf") && s.path("action").asText().equals("SCMP_ACT_ALLOW")) {
                bpf = true;
            }
        }
        assertTrue(bpf);
        assertEquals(List.of("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"),
                texts(SeccompProfile.toOci(SeccompProfile.loadDefault(), "arm64", Set.of(), "").path("architectures"), null));
    }

    @Test
    void aUsersProfileIsTakenInDockersOldFormAndTheOciFormAndCheckedBeforeUse() {
        JsonNode old = SeccompProfile.parse("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"architectures\":[\"SCMP_ARCH_X86_64\"],"
                + "\"syscalls\":[{\"name\":\"mkdir\",\"action\":\"SCMP_ACT_ERRNO\"}]}");
        JsonNode oci = SeccompProfile.toOci(old, "amd64", Set.of(), "");
        assertEquals(List.of("SCMP_ARCH_X86_64"), texts(oci.path("architectures"), null), "listed as they are");
        assertEquals(List.of("mkdir"), texts(oci.at("/syscalls/0/names"), null), "one name a rule, as docker's oldest profiles");
        assertEquals("SCMP_ACT_ALLOW", oci.path("defaultAction").asText());
        for (String bad : List.of("", "[]", "{}", "{\"defaultAction\":\"SCMP_ACT_NOPE\"}",
                "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":{}}",
                "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[],\"action\":\"SCMP_ACT_ALLOW\"}]}",
                "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"read\"],\"action\":\"allow\"}]}")) {
            assertEquals(125, assertThrows(HostvirtException.class, () -> SeccompProfile.parse(bad), bad).exitCode());
        }
        assertNotEquals(SeccompProfile.cacheKey("amd64", Set.of(), "6.1"), SeccompProfile.cacheKey("{}", "amd64", Set.of(), "6.1"),
                "a user's profile never reuses the default's compiled filter");
        // Two profiles of one length and one CRC-32, found by blanks alone (as a reviewer did with tabs):
        // they must not share a kept policy.
        java.util.Map<Long, String> seen = new java.util.HashMap<>();
        java.util.Random random = new java.util.Random(12);
        String[] twins = null;
        while (twins == null) {
            StringBuilder b = new StringBuilder("{");
            for (int i = 0; i < 48; i++) {
                b.append(random.nextBoolean() ? ' ' : '\t');
            }
            String text = b.append('}').toString();
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String before = seen.putIfAbsent(crc.getValue(), text);
            if (before != null && !before.equals(text)) {
                twins = new String[] {before, text};
            }
        }
        assertNotEquals(SeccompProfile.cacheKey(twins[0], "amd64", Set.of(), "6.1"), SeccompProfile.cacheKey(twins[1], "amd64", Set.of(), "6.1"));
    }

    @Test
    void imageConfigMergesLikeDocker() {
        ImageConfig img = new ImageConfig("linux", "amd64", List.of("PATH=/opt/bin:/bin", "A=image"), List.of("/entry"), List.of("default"),
                "/app", "", List.of("80/tcp"), List.of(), "", "");
        RunSpec plain = new RunSpec("i", null, List.of("A=user"), null, null, null, "h", false, List.of(), List.of(), null, null, null, null,
                RunSpec.Network.NONE, List.of(), null, true, null, true, List.of(), List.of(), List.of(), false, false, false, false, null);
        assertEquals(List.of("/entry", "default"), ProcessPlan.command(img, plain));
        assertEquals("/app", ProcessPlan.cwd(img, plain));
        List<String> env = ProcessPlan.env(img, plain.env(), "/root", "h", false);
        assertEquals(List.of("PATH=/opt/bin:/bin", "A=user", "HOSTNAME=h", "HOME=/root"), env);
        RunSpec args = new RunSpec("i", null, List.of("PATH="), "/w", null, "", "h", false, List.of(), List.of(), null, null, null, null,
                RunSpec.Network.NONE, List.of(), null, true, null, true, List.of(), List.of(), List.of("ls", "-l"), false, false, false, false, null);
        assertEquals(List.of("ls", "-l"), ProcessPlan.command(img, args), "--entrypoint '' clears the entrypoint");
        assertEquals("/w", ProcessPlan.cwd(img, args));
        assertTrue(ProcessPlan.env(img, args.env(), "", "h", false).contains("PATH=" + ProcessPlan.DEFAULT_PATH), "PATH never empty");
        assertTrue(ProcessPlan.env(img, args.env(), "", "h", false).contains("HOME=/"), "HOME never empty");
        assertThrows(HostvirtException.class, () -> ProcessPlan.env(img, List.of("=x"), "/", "h", false));
    }

    @Test
    void entrypointTakesTheJsonFormAsPodmanDoes() {
        assertEquals(List.of("sh", "-c"), ProcessPlan.entrypointWords("[\"sh\", \"-c\"]"));
        assertEquals(List.of(), ProcessPlan.entrypointWords("[]"));
        assertEquals(List.of(), ProcessPlan.entrypointWords(""));
        assertEquals(List.of(), ProcessPlan.entrypointWords("null"), "JSON null clears it, as podman");
        assertEquals(List.of("/bin/sh -c"), ProcessPlan.entrypointWords("/bin/sh -c"), "no word splitting");
        assertEquals(List.of("["), ProcessPlan.entrypointWords("["), "test's other name");
        assertEquals(List.of("[1, 2]"), ProcessPlan.entrypointWords("[1, 2]"), "not strings: one word");
        assertEquals(List.of("[\"a\""), ProcessPlan.entrypointWords("[\"a\""), "truncated JSON: one word");
        assertEquals(List.of("[\"sh\"] [\"x\"]"), ProcessPlan.entrypointWords("[\"sh\"] [\"x\"]"), "two documents: one word");
        assertEquals(List.of("a", ""), ProcessPlan.entrypointWords("[\"a\", null]"), "null is \"\", as Go reads it");
        assertEquals(List.of("[[\"a\"]]"), ProcessPlan.entrypointWords("[[\"a\"]]"), "nested: one word");
        assertEquals(List.of("sh"), ProcessPlan.entrypointWords("  [ \"sh\" ]  "));
    }

    @Test
    void idsBeyondTheKernelsAreRefusedWithAMessage() {
        HostvirtException e = assertThrows(HostvirtException.class, () -> UserResolver.resolve("4294967295", "", ""));
        assertEquals(125, e.exitCode());
        assertThrows(HostvirtException.class, () -> UserResolver.resolve("0:4294967296", "", ""));
        assertEquals(4_294_967_294L, UserResolver.resolve("4294967294", "", "").uid());
    }

    @Test
    void aTerminalBringsTermXtermUnderTheImagesAndTheUsersOwn() {
        ImageConfig img = new ImageConfig("linux", "amd64", List.of(), null, List.of("sh"), "", "", List.of(), List.of(), "", "");
        assertTrue(ProcessPlan.env(img, List.of(), "/", "h", true).contains("TERM=xterm"));
        assertTrue(ProcessPlan.env(img, List.of(), "/", "h", false).stream().noneMatch(e -> e.startsWith("TERM=")));
        assertTrue(ProcessPlan.env(img, List.of("TERM=vt100"), "/", "h", true).contains("TERM=vt100"));
        assertFalse(ProcessPlan.env(img, List.of("TERM=vt100"), "/", "h", true).contains("TERM=xterm"));
        ImageConfig own = new ImageConfig("linux", "amd64", List.of("TERM=linux"), null, List.of("sh"), "", "", List.of(), List.of(), "", "");
        assertTrue(ProcessPlan.env(own, List.of(), "/", "h", true).contains("TERM=linux"));
    }

    @Test
    void usersResolveAgainstTheImagesFiles() {
        String passwd = "root:x:0:0:root:/root:/bin/sh\nweb:x:33:33:www:/var/www:/bin/false\nbroken line\n";
        String group = "root:x:0:\nwww:x:33:\nlog:x:4:web,other\n";
        assertEquals(new UserResolver.User(33, 33, List.of(4L), "/var/www"), UserResolver.resolve("web", passwd, group));
        assertEquals(new UserResolver.User(33, 4, List.of(), "/var/www"), UserResolver.resolve("33:log", passwd, group));
        assertEquals(new UserResolver.User(5000, 0, List.of(), "/"), UserResolver.resolve("5000", passwd, group));
        assertEquals(new UserResolver.User(0, 0, List.of(), "/root"), UserResolver.resolve(null, passwd, group));
        assertEquals(new UserResolver.User(0, 0, List.of(), "/root"), UserResolver.resolve("", "", ""));
        assertThrows(HostvirtException.class, () -> UserResolver.resolve("ghost", passwd, group));
        assertThrows(HostvirtException.class, () -> UserResolver.resolve("web:ghosts", passwd, group));
        assertEquals(126, assertThrows(HostvirtException.class, () -> UserResolver.resolve(" ", passwd, group)).exitCode(),
                "a blank user (-u \"$RUNAS\") is no user, as podman's; it ran as root");
    }

    @Test
    void capabilitiesAddAndDrop() {
        assertEquals(11, Capabilities.resolve(List.of(), List.of()).size());
        assertFalse(Capabilities.resolve(List.of(), List.of("chown")).contains("CAP_CHOWN"));
        assertEquals(Set.of("CAP_NET_RAW"), Capabilities.resolve(List.of("NET_RAW"), List.of("ALL")));
        assertEquals(Capabilities.ALL.size(), Capabilities.resolve(List.of("ALL"), List.of()).size());
        assertThrows(HostvirtException.class, () -> Capabilities.resolve(List.of("CAP_FLY"), List.of()));
        // This sandbox's bounding set: everything but CAP_SYS_RESOURCE (bit 24).
        Set<String> host = Capabilities.fromMask("000001fffeffffff");
        assertEquals(Capabilities.ALL.size() - 1, host.size());
        assertFalse(host.contains("CAP_SYS_RESOURCE"));
        assertEquals(host, Capabilities.resolve(List.of("ALL"), List.of(), host), "ALL is what the host has, as in podman");
        HostvirtException lacking = assertThrows(HostvirtException.class,
                () -> Capabilities.resolve(List.of("sys_resource"), List.of(), host));
        assertEquals(125, lacking.exitCode());
        assertTrue(Capabilities.resolve(List.of("NET_ADMIN"), List.of(), host).contains("CAP_NET_ADMIN"));
        Set<String> allButNetAdmin = Capabilities.resolve(List.of("ALL"), List.of("NET_ADMIN", "cap_sys_admin"), host);
        assertFalse(allButNetAdmin.contains("CAP_NET_ADMIN") || allButNetAdmin.contains("CAP_SYS_ADMIN"),
                "ALL added is all but those dropped, as docker and podman: " + allButNetAdmin);
        assertEquals(host.size() - 2, allButNetAdmin.size());
        assertEquals(125, assertThrows(HostvirtException.class, () -> Capabilities.resolve(List.of("ALL"), List.of("ALL"), host)).exitCode());
        assertThrows(HostvirtException.class, () -> Capabilities.resolve(List.of("NET_RAW"), List.of("net_raw"), host),
                "added and dropped at once");
        assertEquals(Set.of("CAP_NET_RAW", "CAP_CHOWN"), Capabilities.resolve(List.of("NET_RAW", "CHOWN"), List.of("ALL", "KILL"), host));
        assertEquals(Capabilities.resolve(List.of("ALL"), List.of("NET_RAW"), host),
                Capabilities.resolve(List.of("ALL", "NET_RAW", "SYS_RESOURCE"), List.of("NET_RAW"), host),
                "beside ALL the other adds count for nothing, as podman: no conflict, no host check");
    }

    private static String english(Text text) {
        return Messages.forLocale(Messages.ENGLISH).render(text);
    }
}
