package dev.hostvirt.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hostvirt.HostvirtException;
import dev.hostvirt.engine.Json;
import dev.hostvirt.i18n.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of Go's text/template that {@code docker inspect --format} and {@code podman inspect
 * --format} scripts use: literal text, {@code {{.Field.Path}}} and {@code {{json .Field.Path}}}, with
 * {@code {{-} and {@code -}}} trimming the blanks beside them. Values print as Go prints them: strings
 * bare, lists as {@code [a b]}, objects as {@code map[k:v]}; a key a map lacks ({@code .Config.Labels.x})
 * as {@code <no value>}, a field a document lacks is an error, as in podman. Anything else (range, if,
 * other functions) is refused when the template is read, not half-applied.
 */
public final class GoTemplateFormat {
    private static final Pattern ACTION = Pattern.compile("\\{\\{(-\\s+)?(.*?)(\\s+-)?}}", Pattern.DOTALL);
    private static final Pattern PATH = Pattern.compile("\\.|(\\.[A-Za-z_][A-Za-z0-9_]*)+");

    private record Part(String literal, boolean json, List<String> path) {
    }

    /** Fields that are maps in podman's structures (a missing key prints as <no value>, not an error). */
    private static final java.util.Set<String> MAPS = java.util.Set.of("Labels", "Annotations", "Ports", "ExposedPorts", "Volumes");

    /** podman's inspect reads {{.ID}} as {{.Id}} and {{.ImageID}} as {{.Image}}. */
    private static List<String> podmansSpelling(List<String> path) {
        if (path.isEmpty()) {
            return path;
        }
        List<String> p = new ArrayList<>(path);
        if (p.get(0).equals("ID")) {
            p.set(0, "Id");
        } else if (p.get(0).equals("ImageID")) {
            p.set(0, "Image");
        }
        return p;
    }

    private final String template;
    private final List<Part> parts;

    private GoTemplateFormat(String template, List<Part> parts) {
        this.template = template;
        this.parts = parts;
    }

    /** Reads an inspect template ({{.ID}} read as {{.Id}}); a HostvirtException (125) names what it does not take. */
    public static GoTemplateFormat parse(String template) {
        return parse(template, true);
    }

    /**
     * Reads a template whose fields are named exactly as the documents name them: ps and images, whose
     * podman structures have an {@code ID} of their own (and no {@code Id}).
     */
    public static GoTemplateFormat parseExact(String template) {
        return parse(template, false);
    }

    private static GoTemplateFormat parse(String template, boolean inspectSpelling) {
        List<Part> parts = new ArrayList<>();
        Matcher m = ACTION.matcher(template);
        int at = 0;
        StringBuilder literal = new StringBuilder();
        while (m.find()) {
            literal.append(template, at, m.start());
            if (m.group(1) != null) {
                trimEnd(literal);
            }
            if (literal.length() > 0) {
                parts.add(new Part(literal.toString(), false, null));
                literal.setLength(0);
            }
            String action = m.group(2).strip();
            boolean json = action.startsWith("json ");
            String path = json ? action.substring(5).strip() : action;
            if (!PATH.matcher(path).matches()) {
                throw new HostvirtException(Text.of("cli.error.format", "{{" + action + "}}"), 125);
            }
            List<String> fields = path.equals(".") ? List.of() : List.of(path.substring(1).split("\\."));
            parts.add(new Part(null, json, inspectSpelling ? podmansSpelling(fields) : fields));
            at = m.end();
            if (m.group(3) != null) {
                while (at < template.length() && Character.isWhitespace(template.charAt(at))) {
                    at++;
                }
            }
        }
        literal.append(template.substring(at));
        if (literal.indexOf("{{") >= 0) {
            throw new HostvirtException(Text.of("cli.error.format", literal.toString().strip()), 125);
        }
        if (literal.length() > 0) {
            parts.add(new Part(literal.toString(), false, null));
        }
        return new GoTemplateFormat(template, parts);
    }

    /** The template applied to one document; a field it does not have is an error (125), as in Go. */
    public String apply(JsonNode document) {
        StringBuilder out = new StringBuilder();
        for (Part p : parts) {
            if (p.literal() != null) {
                out.append(p.literal());
                continue;
            }
            JsonNode v = document;
            String parent = null;
            for (String field : p.path()) {
                if (v.isObject() && v.has(field)) {
                    v = v.get(field);
                } else if (parent != null && MAPS.contains(parent) && (v.isObject() || v.isNull())) {
                    v = null; // a key a map does not have: Go prints <no value>
                    break;
                } else {
                    throw new HostvirtException(Text.of("cli.error.formatField", field, template), 125);
                }
                parent = field;
            }
            out.append(v == null ? "<no value>" : p.json() ? Json.writeString(v, false) : goValue(v));
        }
        return out.toString();
    }

    /** As Go's fmt prints a value decoded from JSON ({@code %v}). */
    static String goValue(JsonNode v) {
        if (v.isNull()) {
            return "<nil>";
        }
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isArray()) {
            List<String> items = new ArrayList<>();
            v.forEach(e -> items.add(goValue(e)));
            return "[" + String.join(" ", items) + "]";
        }
        if (v.isObject()) {
            TreeMap<String, String> sorted = new TreeMap<>();
            v.fields().forEachRemaining(e -> sorted.put(e.getKey(), goValue(e.getValue())));
            List<String> items = new ArrayList<>();
            sorted.forEach((k, val) -> items.add(k + ":" + val));
            return "map[" + String.join(" ", items) + "]";
        }
        return v.asText();
    }

    private static void trimEnd(StringBuilder b) {
        while (b.length() > 0 && Character.isWhitespace(b.charAt(b.length() - 1))) {
            b.setLength(b.length() - 1);
        }
    }
}
