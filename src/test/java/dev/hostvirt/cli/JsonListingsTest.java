package dev.hostvirt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hostvirt.engine.Engine;
import dev.hostvirt.engine.Json;
import dev.hostvirt.engine.TestImages;
import dev.hostvirt.engine.TestTars;
import dev.hostvirt.engine.container.ContainerRecord;
import dev.hostvirt.engine.container.ContainerStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ps --json and images --json: what scripts read instead of the tables. */
class JsonListingsTest {
    @TempDir
    Path tmp;

    private static JsonNode json(EngineCli.Result r) throws IOException {
        assertEquals(0, r.exit(), r.toString());
        return Json.read(r.out().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void imagesListsEachNameWithItsIdsAndEmptyIsAnEmptyArray() throws IOException {
        EngineCli cli = new EngineCli(tmp.resolve("state"), tmp);
        assertEquals(0, json(cli.run("images", "--json")).size());
        TestImages.Image image = new TestImages.Image(List.of(new TestTars().file("hello", "hi").bytes()),
                Map.of("Cmd", List.of("sh")));
        Path layout = TestImages.ociLayout(tmp.resolve("oci"), "localhost/app:1.0", image, TestImages.Packing.GZIP);
        assertEquals(0, cli.run("image", "import", layout.toString()).exit());
        JsonNode list = json(cli.run("images", "--json"));
        assertEquals(1, list.size());
        JsonNode one = list.get(0);
        assertEquals("localhost/app:1.0", one.get("ref").asText());
        assertEquals("localhost/app", one.get("repository").asText());
        assertEquals("1.0", one.get("tag").asText());
        assertTrue(one.get("id").asText().matches("sha256:[0-9a-f]{64}"), one.toString());
        assertEquals(one.get("id").asText().substring(7, 19), one.get("shortId").asText());
        assertEquals("2026-01-01T00:00:00Z", one.get("created").asText(), "the config's own time");
        assertEquals(list, json(cli.run("image", "ls", "--json")));
    }

    @Test
    void psListsTheRecordsWithPodmansStatusWordsAndAllAddsTheExitedOnes() throws IOException {
        EngineCli cli = new EngineCli(tmp.resolve("state"), tmp);
        assertEquals(0, json(cli.run("ps", "-a", "--json")).size());
        ContainerStore store = new ContainerStore(Engine.open(tmp.resolve("state")).containersDir());
        String id = "c".repeat(64);
        store.create(id);
        store.save(new ContainerRecord(id, "done", "docker.io/library/busybox:latest", "sha256:" + "d".repeat(64),
                List.of("sh", "-c", "exit 3"), "2026-11-28T07:00:00Z", "runc", "exited", 3, false, "2026-11-28T07:00:01Z",
                false, false, "overlay", List.of()));
        assertEquals(0, json(cli.run("ps", "--json")).size(), "without -a, running ones only");
        JsonNode all = json(cli.run("ps", "-a", "--json"));
        assertEquals(1, all.size());
        JsonNode c = all.get(0);
        assertEquals(id, c.get("id").asText());
        assertEquals("cccccccccccc", c.get("shortId").asText());
        assertEquals("done", c.get("name").asText());
        assertEquals(3, c.get("exitCode").asInt());
        assertEquals(List.of("sh", "-c", "exit 3"), List.of(c.get("command").get(0).asText(), c.get("command").get(1).asText(),
                c.get("command").get(2).asText()));
        assertTrue(c.get("statusText").asText().startsWith("Exited (3) "), c.toString());
    }
}
