package dev.hostvirt.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hostvirt.HostvirtException;
import dev.hostvirt.engine.Json;
import dev.hostvirt.i18n.Messages;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The --format templates docker and podman scripts use, printed as Go prints them. */
class GoTemplateFormatTest {
    private static final JsonNode DOC = read("{\"Name\":\"web\",\"State\":{\"Status\":\"exited\",\"ExitCode\":3,\"Running\":false},"
            + "\"Args\":[\"-c\",\"exit 3\"],\"Env\":[],\"Labels\":{\"b\":\"2\",\"a\":\"1\"},\"Gone\":null,"
            + "\"Mounts\":[{\"Source\":\"/s\",\"RW\":true}]}");

    private static JsonNode read(String json) {
        try {
            return Json.read(json.getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String apply(String template) {
        return GoTemplateFormat.parse(template).apply(DOC);
    }

    @Test
    void fieldsPrintAsGoPrintsThem() {
        assertEquals("web exited 3 false", apply("{{.Name}} {{.State.Status}} {{.State.ExitCode}} {{.State.Running}}"));
        assertEquals("[-c exit 3] [] map[a:1 b:2] <nil>", apply("{{.Args}} {{.Env}} {{.Labels}} {{.Gone}}"));
        assertEquals("[map[RW:true Source:/s]]", apply("{{.Mounts}}"));
        assertEquals("{\"Status\":\"exited\",\"ExitCode\":3,\"Running\":false}", apply("{{json .State}}"), "in the document's order");
        assertEquals("[\"-c\",\"exit 3\"]", apply("{{json .Args}}"));
        assertEquals(Json.writeString(DOC, false), apply("{{json .}}"));
        assertEquals("name=web;", apply("name={{ .Name }};"));
    }

    @Test
    void trimMarkersTakeTheBlanksBesideThem() {
        assertEquals("a=web=b", apply("a=  {{- .Name -}}  \n =b"));
        assertEquals("a= web", apply("a= {{.Name}}"));
    }

    @Test
    void whatItDoesNotTakeIsRefusedBeforeAnythingIsPrinted() {
        Messages m = Messages.forLocale(Locale.ENGLISH);
        for (String t : new String[] {"{{range .Args}}x{{end}}", "{{if .Name}}y{{end}}", "{{.Name | upper}}", "{{index .Args 0}}", "{{.Name"}) {
            HostvirtException e = assertThrows(HostvirtException.class, () -> GoTemplateFormat.parse(t), t);
            assertEquals(125, e.exitCode());
            assertTrue(e.message(m).startsWith("--format does not take "), e.message(m));
        }
        HostvirtException missing = assertThrows(HostvirtException.class, () -> apply("{{.State.Nope}}"));
        assertEquals("the document has no field 'Nope' (--format {{.State.Nope}})", missing.message(m));
        assertThrows(HostvirtException.class, () -> apply("{{.Name.Deeper}}"), "a string has no fields");
        assertEquals("<no value> 1", apply("{{.Labels.nope}} {{.Labels.a}}"), "a key a map lacks, as Go prints it");
        assertEquals("web", GoTemplateFormat.parse("{{.Name}}").apply(DOC));
        assertEquals(GoTemplateFormat.parse("{{.Id}}").apply(read("{\"Id\":\"x\"}")), GoTemplateFormat.parse("{{.ID}}").apply(read("{\"Id\":\"x\"}")),
                "podman's spelling .ID");
    }
}
