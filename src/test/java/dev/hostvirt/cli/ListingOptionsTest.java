package dev.hostvirt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hostvirt.engine.Json;
import dev.hostvirt.engine.container.ContainerRecord;
import dev.hostvirt.engine.container.ContainerStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ps --filter/--format/--no-trunc/--latest and images --format/--no-trunc, as podman's, on saved
 * records (no runtime needed: exited and created containers are only read).
 */
class ListingOptionsTest {
    @TempDir
    Path tmp;

    private ContainerStore saved(String id, String name, String status, String created, String... command) throws IOException {
        ContainerStore store = new ContainerStore(tmp.resolve("state").resolve("containers"));
        store.create(id);
        store.save(new ContainerRecord(id, name, "localhost/busybox:latest", "sha256:" + "b".repeat(64), List.of(command), created,
                "runc-gone", status, "exited".equals(status) ? 3 : null, false, "exited".equals(status) ? created : null, false, false,
                "copy", List.of()));
        return store;
    }

    private EngineCli cliWithThree() throws IOException {
        saved("a1".repeat(32), "web1", "exited", "2026-11-28T07:00:00Z", "true");
        saved("a2".repeat(32), "web2", "created", "2026-11-28T07:01:00Z", "echo", "a".repeat(40));
        saved("c3".repeat(32), "db", "exited", "2026-11-28T07:02:00Z", "sleep", "1");
        return new EngineCli(tmp.resolve("state"), tmp);
    }

    private static EngineCli.Result ok(EngineCli.Result r) {
        assertEquals(0, r.exit(), r.toString());
        return r;
    }

    @Test
    void psFiltersAsScriptsUseThem() throws IOException {
        EngineCli cli = cliWithThree();
        assertEquals("a2a2a2a2a2a2\na1a1a1a1a1a1\n", ok(cli.run("ps", "-aq", "--filter", "name=web")).out());
        assertEquals("", ok(cli.run("ps", "-q", "--filter", "name=web")).out(), "without -a, running ones only");
        assertEquals("db\nweb1\n", ok(cli.run("ps", "--filter", "status=exited", "--format", "{{.Names}}")).out(),
                "a status filter looks at stopped ones without -a, as podman's");
        assertEquals("web2\n", ok(cli.run("ps", "-a", "-f", "name=web", "-f", "status=created", "--format", "{{.Names}}")).out());
        assertEquals("db\nweb1\n", ok(cli.run("ps", "-a", "-f", "id=c3", "-f", "id=a1a1", "--format", "{{.Names}}")).out());
        assertEquals("db\nweb2\nweb1\n", ok(cli.run("ps", "-a", "-f", "ancestor=localhost/busybox:latest", "--format", "{{.Names}}")).out());
        EngineCli.Result bad = cli.run("ps", "-a", "--filter", "colour=red");
        assertEquals(ExitCodes.ENGINE_ERROR, bad.exit(), bad.toString());
        assertEquals("hostvirt: invalid filter 'colour=red': hostvirt filters on name=REGEX, id=PREFIX, status=STATE and ancestor=IMAGE\n",
                bad.err());
    }

    @Test
    void psFormatReadsPodmansFieldNames() throws IOException {
        EngineCli cli = cliWithThree();
        assertEquals("c3c3c3c3c3c3 db bbbbbbbbbbbb sleep 1 exited 3 true\n", ok(cli.run("ps", "-a", "--filter", "name=db", "--format",
                "{{.ID}} {{.Names}} {{.ImageID}} {{.Command}} {{.State}} {{.ExitCode}} {{.Exited}}")).out());
        assertEquals("echo aaaaaaaaaaaa...\tCreated\n", ok(cli.run("ps", "-a", "-f", "name=web2", "--format", "{{.Command}}\\t{{.Status}}")).out(),
                "cut as podman cuts it");
        assertEquals("a2".repeat(32) + " echo " + "a".repeat(40) + "\n",
                ok(cli.run("ps", "-a", "-f", "name=web2", "--no-trunc", "--format", "{{.ID}} {{.Command}}")).out());
        assertTrue(ok(cli.run("ps", "-a", "-f", "name=db", "--format", "{{.CreatedAt}}")).out().matches("2026-11-28 \\d\\d:02:00 [+-]\\d{4} \\S+\n"),
                "as Go prints a time");
        EngineCli.Result id = cli.run("ps", "-a", "--format", "{{.Id}}");
        assertEquals(ExitCodes.ENGINE_ERROR, id.exit(), "podman's ps has ID, not inspect's Id: " + id);
        assertEquals(ExitCodes.ENGINE_ERROR, cli.run("ps", "-a", "--format", "table {{.Names}}").exit(), "refused, not printed as text");
        String text = ok(cli.run("ps", "-a", "--format", "json")).out();
        assertTrue(text.startsWith("[\n    {\n        \"AutoRemove\": ") && text.contains("\"Names\": [\n            \"db\"\n        ],"),
                "podman's layout, which line-based greps read (it was Jackson's \"Key\" : value): " + text);
        JsonNode json = Json.read(text.getBytes(StandardCharsets.UTF_8));
        assertEquals(3, json.size());
        assertEquals("db", json.get(0).get("Names").get(0).asText());
        assertEquals("exited", json.get(0).get("State").asText());
        assertEquals("c3".repeat(32), json.get(0).get("Id").asText());
    }

    @Test
    void psLatestIsTheNewestWhateverItsStateAndNoTruncWidensTheTable() throws IOException {
        EngineCli cli = cliWithThree();
        assertEquals("db\n", ok(cli.run("ps", "-l", "--format", "{{.Names}}")).out());
        assertEquals("db\n", ok(cli.run("ps", "-l", "-q", "--format", "{{.Names}}")).out(), "the format wins over -q, as podman's");
        assertEquals("web2\n", ok(cli.run("ps", "--latest", "-f", "name=web", "--format", "{{.Names}}")).out(), "the newest of those that match");
        assertEquals("a1".repeat(32) + "\n", ok(cli.run("ps", "-aq", "--no-trunc", "-f", "name=web1")).out());
        String table = ok(cli.run("ps", "-a", "--no-trunc", "-f", "name=web2")).out();
        assertTrue(table.contains("a2".repeat(32)) && table.contains("echo " + "a".repeat(40)), table);
    }
}
