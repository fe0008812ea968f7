package dev.hostvirt.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hostvirt.engine.Engine;
import dev.hostvirt.engine.Json;
import dev.hostvirt.engine.TestImages;
import dev.hostvirt.engine.TestImages.Image;
import dev.hostvirt.engine.TestImages.Packing;
import dev.hostvirt.engine.seccomp.SeccompPolicyCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With crun, a run hands it the kept compiled filter ({@code run.oci.seccomp_bpf_data}) and crun
 * enforces that program rather than compiling the section again: proven by putting a different
 * program in the kept file and watching a real container obey it. Needs root, busybox and crun.
 */
class CompiledSeccompRunTest {
    @TempDir
    Path tmp;

    @Test
    void crunEnforcesTheKeptFilterAndAMissingOneIsCompiledAgain() throws Exception {
        assumeTrue(Engine.isRoot(), "running containers needs root (CI runs as root)");
        assumeTrue(TestImages.busyboxAvailable(), "needs /bin/busybox (linux/test-packages.txt)");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/crun")), "needs crun (linux/packages.txt)");
        Path state = tmp.resolve("state");
        EngineCli cli = new EngineCli(state, tmp, Map.of("HOSTVIRT_RUNTIME", "crun"));
        Image bb = new Image(List.of(TestImages.busyboxLayer()), TestImages.busyboxConfig());
        ok(cli.run("image", "import", TestImages.ociLayout(tmp.resolve("bb"), "docker.io/library/busybox:latest", bb, Packing.GZIP).toString()));

        // A kept container shows what was handed over: the section, and the kept filter as the annotation.
        ok(cli.run("run", "--name", "shown", "busybox", "true"));
        JsonNode config = Json.read(Files.readAllBytes(only(state.resolve("containers")).resolve("config.json")));
        ok(cli.run("rm", "shown"));
        JsonNode section = config.path("linux").path("seccomp");
        assertTrue(section.path("syscalls").size() > 10, "the section stays in config.json");
        Path kept = only(state.resolve("seccomp"));
        byte[] keptBytes = Files.readAllBytes(kept);
        byte[] compiled = SeccompPolicyCache.programOf(keptBytes);
        assertArrayEquals(compiled, Base64.getDecoder().decode(config.path("annotations").path(SeccompPolicyCache.ANNOTATION).asText()));

        // The same policy without mkdir/mkdirat (so they get the default action, ENOSYS), in the kept
        // file's place: the container obeys the program, not the section in its config.json.
        ObjectNode withoutMkdir = section.deepCopy();
        for (JsonNode rule : withoutMkdir.path("syscalls")) {
            ArrayNode names = (ArrayNode) rule.path("names");
            for (int i = names.size() - 1; i >= 0; i--) {
                if (names.get(i).asText().startsWith("mkdir")) {
                    names.remove(i);
                }
            }
        }
        byte[] poisoned = Base64.getDecoder().decode(new SeccompPolicyCache(tmp.resolve("elsewhere"))
                .policy("without mkdir", () -> withoutMkdir, true).filter().orElseThrow());
        assertNotEquals(compiled.length, poisoned.length);
        Files.write(kept, SeccompPolicyCache.withProgram(keptBytes, poisoned));
        EngineCli.Result denied = cli.run("run", "--rm", "busybox", "mkdir", "/tmp/made");
        assertNotEquals(0, denied.exit(), denied.toString());
        assertTrue(denied.err().contains("Function not implemented"), denied.toString());
        assertEquals(0, cli.run("run", "--rm", "busybox", "touch", "/tmp/file").exit(), "the rest of the policy is unchanged");

        // Gone: compiled again, the same program as before, and mkdir works again.
        Files.delete(kept);
        ok(cli.run("run", "--rm", "busybox", "mkdir", "/tmp/made"));
        assertArrayEquals(keptBytes, Files.readAllBytes(kept));

        // inspect shows what was handed over, not its base64.
        ok(cli.run("run", "--name", "inspected", "busybox", "true"));
        String inspected = ok(cli.run("inspect", "inspected")).out();
        assertTrue(inspected.contains("\"" + SeccompPolicyCache.ANNOTATION + "\": \"(" + compiled.length / 8 + " BPF instructions compiled from linux.seccomp)\""),
                inspected);
        ok(cli.run("rm", "inspected"));

        // seccomp=unconfined hands over neither.
        ok(cli.run("run", "--name", "unconfined", "--security-opt", "seccomp=unconfined", "busybox", "true"));
        JsonNode open = Json.read(Files.readAllBytes(only(state.resolve("containers")).resolve("config.json")));
        assertFalse(open.path("linux").has("seccomp"));
        assertFalse(open.path("annotations").has(SeccompPolicyCache.ANNOTATION));
        ok(cli.run("rm", "unconfined"));
    }

    private static Path only(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> all = s.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
            assertEquals(1, all.size(), all.toString());
            return all.get(0);
        }
    }

    private static EngineCli.Result ok(EngineCli.Result r) {
        assertEquals(0, r.exit(), r.toString());
        return r;
    }
}
