package dev.hostvirt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hostvirt.HostvirtException;
import dev.hostvirt.i18n.Text;
import dev.hostvirt.report.GoTemplateFormat;
import java.io.PrintWriter;

/**
 * What {@code --format} asks of inspect, ps and images, as podman reads it: {@code json} for the whole
 * JSON document, else a Go template applied to each object, one line each.
 */
final class FormatOption {
    private FormatOption() {
    }

    /** podman's "json" (any case): the whole document rather than a template. */
    static boolean wholeJson(String format) {
        return format.strip().equalsIgnoreCase("json");
    }

    /**
     * The template, with podman's {@code \n} and {@code \t} escapes. A {@code table} template is refused
     * before anything is printed: its header would be podman's column names, which hostvirt does not
     * keep; printed as text it came out as the word "table" before every line.
     */
    static GoTemplateFormat template(String format, boolean inspectSpelling) {
        if (format.strip().startsWith("table")) {
            throw new HostvirtException(Text.of("cli.error.format", "table"), ExitCodes.ENGINE_ERROR);
        }
        String escaped = format.replace("\\n", "\n").replace("\\t", "\t");
        return inspectSpelling ? GoTemplateFormat.parse(escaped) : GoTemplateFormat.parseExact(escaped);
    }

    /** Each document through the template; podman's newline after each, unless the template ends with its own. */
    static void printEach(GoTemplateFormat template, Iterable<? extends JsonNode> documents, PrintWriter out) {
        for (JsonNode d : documents) {
            String line = template.apply(d);
            out.print(line.endsWith("\n") ? line : line + "\n");
        }
    }
}
