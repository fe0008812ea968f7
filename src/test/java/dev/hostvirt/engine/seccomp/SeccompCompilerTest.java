package dev.hostvirt.engine.seccomp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hostvirt.engine.Engine;
import dev.hostvirt.engine.Json;
import dev.hostvirt.engine.bundle.Capabilities;
import dev.hostvirt.engine.bundle.SeccompProfile;
import dev.hostvirt.engine.runtime.CgroupMode;
import dev.hostvirt.engine.runtime.OciRuntime;
import dev.hostvirt.engine.runtime.RuntimeSelector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The filter hostvirt compiles is crun's own, byte for byte: each section is given to a real
 * {@code crun create}, whose compiled filter ({@code <root>/<id>/seccomp.bpf}) is compared with ours.
 * Needs root and crun (CI has both).
 */
class SeccompCompilerTest {
    @TempDir
    Path tmp;

    private static String arch() {
        return System.getProperty("os.arch").equals("aarch64") ? "arm64" : "amd64";
    }

    private static String kernel() throws IOException {
        return Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim();
    }

    @Test
    void theDefaultProfileCompilesAsCrunCompilesIt() throws Exception {
        JsonNode section = SeccompProfile.toOci(SeccompProfile.loadDefault(), arch(), Capabilities.resolve(List.of(), List.of()), kernel());
        assertSameAsCrun(section);
    }

    @Test
    void everyCapabilityGrantedChangesTheFilterAndStillMatches() throws Exception {
        Set<String> all = new TreeSet<>(Capabilities.resolve(List.of("ALL"), List.of()));
        JsonNode section = SeccompProfile.toOci(SeccompProfile.loadDefault(), arch(), all, kernel());
        byte[] ours = assertSameAsCrun(section);
        byte[] defaults = compile(SeccompProfile.toOci(SeccompProfile.loadDefault(), arch(),
                Capabilities.resolve(List.of(), List.of()), kernel()));
        assertTrue(ours.length != defaults.length || !java.util.Arrays.equals(ours, defaults), "CAP_SYS_ADMIN opens more syscalls");
    }

    @Test
    void everyActionOperatorAndArgumentFormMatches() throws Exception {
        // Allow by default (crun's own set-up runs under the filter until exec); the rules name
        // syscalls crun does not make: arguments, a repeated index (one rule per comparison), a uint64
        // past Long.MAX_VALUE, valueTwo, errno values, every action, an unknown name (skipped).
        String json = """
                {"defaultAction":"SCMP_ACT_ALLOW","architectures":["SCMP_ARCH_X86_64","SCMP_ARCH_X86","SCMP_ARCH_X32"],
                 "syscalls":[
                  {"names":["swapon","swapoff","no_such_syscall_at_all"],"action":"SCMP_ACT_ERRNO","errnoRet":13},
                  {"names":["reboot"],"action":"SCMP_ACT_KILL_PROCESS"},
                  {"names":["kexec_load"],"action":"SCMP_ACT_TRAP"},
                  {"names":["acct"],"action":"SCMP_ACT_LOG"},
                  {"names":["syslog"],"action":"SCMP_ACT_ERRNO"},
                  {"names":["personality"],"action":"SCMP_ACT_ERRNO","args":[{"index":0,"value":18446744073709551615,"op":"SCMP_CMP_NE"}]},
                  {"names":["unshare"],"action":"SCMP_ACT_ERRNO","errnoRet":1,
                   "args":[{"index":0,"value":2080505856,"valueTwo":0,"op":"SCMP_CMP_MASKED_EQ"},
                           {"index":0,"value":268435456,"valueTwo":268435456,"op":"SCMP_CMP_MASKED_EQ"}]},
                  {"names":["setns"],"action":"SCMP_ACT_ERRNO","args":[{"index":1,"value":0,"op":"SCMP_CMP_EQ"},
                           {"index":0,"value":1000,"op":"SCMP_CMP_GT"}]},
                  {"names":["quotactl"],"action":"SCMP_ACT_ERRNO","args":[{"index":2,"value":5,"op":"SCMP_CMP_LE"}]}
                 ]}""";
        JsonNode section = Json.read(json.getBytes(StandardCharsets.UTF_8));
        if (!arch().equals("amd64")) {
            ((ObjectNode) section).putArray("architectures").add("SCMP_ARCH_AARCH64");
        }
        assertSameAsCrun(section);
    }

    @Test
    void sectionsCrunWouldRefuseAreRefused() {
        for (String bad : List.of(
                "{\"syscalls\":[]}",
                "{\"defaultAction\":\"SCMP_ACT_NOPE\"}",
                "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"defaultErrnoRet\":1}",
                "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"architectures\":[\"SCMP_ARCH_PDP11\"]}",
                "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"acct\"],\"action\":\"SCMP_ACT_KILL\",\"errnoRet\":1}]}",
                "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"acct\"],\"action\":\"SCMP_ACT_ERRNO\","
                        + "\"args\":[{\"index\":6,\"value\":1,\"op\":\"SCMP_CMP_EQ\"}]}]}",
                "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"acct\"],\"action\":\"SCMP_ACT_ERRNO\","
                        + "\"args\":[{\"index\":0,\"value\":1,\"op\":\"SCMP_CMP_ABOUT\"}]}]}")) {
            assertThrows(IOException.class, () -> compile(Json.read(bad.getBytes(StandardCharsets.UTF_8))), bad);
        }
    }

    private byte[] compile(JsonNode section) throws IOException {
        Path out = Files.createTempFile(tmp, "filter", ".bpf");
        Files.delete(out);
        new SeccompCompiler(LibSeccomp.load()).compile(section, out);
        return Files.readAllBytes(out);
    }

    /** Ours against what a real `crun create` compiled from the same section. */
    private byte[] assertSameAsCrun(JsonNode section) throws Exception {
        byte[] ours = compile(section);
        assertTrue(ours.length > 0 && ours.length % 8 == 0, "a BPF program: " + ours.length + " bytes");
        byte[] crun = crunCompiled(section);
        assertEquals(crun.length, ours.length, "program length");
        assertArrayEquals(crun, ours);
        return ours;
    }

    private byte[] crunCompiled(JsonNode section) throws Exception {
        assumeTrue(Engine.isRoot(), "crun create needs root (CI runs as root)");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/crun")), "needs crun (linux/packages.txt)");
        Path bundle = Files.createDirectories(tmp.resolve("bundle-" + System.nanoTime()));
        Path rootfs = Files.createDirectories(bundle.resolve("rootfs/bin"));
        Files.createDirectories(bundle.resolve("rootfs/dev"));
        Files.createDirectories(bundle.resolve("rootfs/proc"));
        Files.copy(Path.of("/bin/true"), rootfs.resolve("true"), StandardCopyOption.COPY_ATTRIBUTES);
        ObjectNode config = Json.object();
        config.put("ociVersion", "1.0.2");
        ObjectNode process = config.putObject("process");
        process.putArray("args").add("/bin/true");
        process.put("cwd", "/");
        process.putObject("user").put("uid", 0).put("gid", 0);
        config.putObject("root").put("path", bundle.resolve("rootfs").toString());
        config.putArray("mounts");
        ObjectNode linux = config.putObject("linux");
        linux.putArray("namespaces").addObject().put("type", "mount");
        linux.set("seccomp", section);
        Files.write(bundle.resolve("config.json"), Json.write(config, true));
        OciRuntime crun = new RuntimeSelector(tmp.resolve("state"), CgroupMode.detect(Path.of("/sys/fs/cgroup")), System.getenv("PATH"))
                .select("crun");
        String id = "seccomp-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try {
            // To a file: the created container's process keeps its output open until it is deleted.
            Path log = bundle.resolve("create.log");
            Process p = new ProcessBuilder(crun.command("create", "--bundle", bundle.toString(), id)).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "crun create finished");
            assertEquals(0, p.exitValue(), Files.readString(log));
            return Files.readAllBytes(crun.stateRoot().resolve(id).resolve("seccomp.bpf"));
        } finally {
            new ProcessBuilder(crun.command("delete", "--force", id)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(60, TimeUnit.SECONDS);
        }
    }
}
