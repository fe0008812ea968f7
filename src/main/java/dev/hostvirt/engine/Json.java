package dev.hostvirt.engine;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON trees read and written with jackson-core's streaming parser and generator, never through an
 * ObjectMapper: initializing databind's serializer and deserializer factories loads ~400 classes and
 * cost 150-200 ms of every {@code hostvirt run} on the 2-CPU sandbox. The tree types are Jackson's
 * own, so callers navigate them as usual. (Do not call {@code JsonNode.toString()} in the engine: it
 * builds an ObjectMapper.)
 */
public final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    public static JsonNode read(byte[] bytes) throws IOException {
        try (JsonParser p = FACTORY.createParser(bytes)) {
            return read(p);
        }
    }

    public static JsonNode read(InputStream in) throws IOException {
        try (JsonParser p = FACTORY.createParser(in)) {
            return read(p);
        }
    }

    /** Builds the tree iteratively, so a deeply nested document cannot overflow the stack. */
    private static JsonNode read(JsonParser p) throws IOException {
        Deque<JsonNode> stack = new ArrayDeque<>();
        Deque<String> names = new ArrayDeque<>();
        JsonNode root = null;
        String field = null;
        JsonToken t;
        while ((t = p.nextToken()) != null) {
            JsonNode value;
            switch (t) {
                case FIELD_NAME -> {
                    field = p.currentName();
                    continue;
                }
                case START_OBJECT, START_ARRAY -> {
                    JsonNode container = t == JsonToken.START_OBJECT ? NODES.objectNode() : NODES.arrayNode();
                    attach(stack.peek(), field, container);
                    if (stack.isEmpty()) {
                        root = container;
                    }
                    stack.push(container);
                    names.push(field == null ? "" : field);
                    field = null;
                    continue;
                }
                case END_OBJECT, END_ARRAY -> {
                    stack.pop();
                    names.pop();
                    field = null;
                    if (stack.isEmpty()) {
                        return whole(p, root);
                    }
                    continue;
                }
                case VALUE_STRING -> value = NODES.textNode(p.getText());
                case VALUE_NUMBER_INT -> value = switch (p.getNumberType()) {
                    case INT -> NODES.numberNode(p.getIntValue());
                    case LONG -> NODES.numberNode(p.getLongValue());
                    default -> NODES.numberNode(p.getBigIntegerValue());
                };
                case VALUE_NUMBER_FLOAT -> value = NODES.numberNode(p.getDoubleValue());
                case VALUE_TRUE -> value = NODES.booleanNode(true);
                case VALUE_FALSE -> value = NODES.booleanNode(false);
                case VALUE_NULL -> value = NODES.nullNode();
                default -> throw new IOException("unexpected JSON token " + t);
            }
            if (stack.isEmpty()) {
                return whole(p, value);
            }
            attach(stack.peek(), field, value);
            field = null;
        }
        if (root == null) {
            throw new IOException("empty JSON document");
        }
        return root;
    }

    /** The document's one value: anything after it (a second document, garbage) makes it unreadable. */
    private static JsonNode whole(JsonParser p, JsonNode root) throws IOException {
        if (p.nextToken() != null) {
            throw new IOException("unexpected content after the JSON document");
        }
        return root;
    }

    private static void attach(JsonNode parent, String field, JsonNode value) {
        if (parent instanceof ObjectNode o) {
            o.set(field, value);
        } else if (parent instanceof ArrayNode a) {
            a.add(value);
        }
    }

    public static byte[] write(JsonNode node, boolean pretty) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            if (pretty) {
                g.useDefaultPrettyPrinter();
            }
            write(node, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Indented as podman prints inspect (Go's json encoder, five spaces): {@code "Key": value}, every
     * array element on its own line, {@code []} and {@code {}} when empty. Scripts that grep inspect's
     * output ({@code grep '"Running": true'}) read it the same way.
     */
    public static String writeIndentedAsGo(JsonNode node) {
        return writeIndentedAsGo(node, "     ");
    }

    /** The same with another indent: podman's ps and images {@code --format json} use four spaces. */
    public static String writeIndentedAsGo(JsonNode node, String indentBy) {
        com.fasterxml.jackson.core.util.DefaultPrettyPrinter printer = new com.fasterxml.jackson.core.util.DefaultPrettyPrinter(
                com.fasterxml.jackson.core.util.Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(com.fasterxml.jackson.core.util.Separators.Spacing.AFTER)
                        .withArrayEmptySeparator("").withObjectEmptySeparator(""));
        com.fasterxml.jackson.core.util.DefaultIndenter indent = new com.fasterxml.jackson.core.util.DefaultIndenter(indentBy, "\n");
        printer.indentArraysWith(indent);
        printer.indentObjectsWith(indent);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.setPrettyPrinter(printer);
            write(node, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    public static String writeString(JsonNode node, boolean pretty) {
        return new String(write(node, pretty), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void write(JsonNode n, JsonGenerator g) throws IOException {
        switch (n.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                Iterator<Map.Entry<String, JsonNode>> it = n.properties().iterator();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    g.writeFieldName(e.getKey());
                    write(e.getValue(), g);
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode c : n) {
                    write(c, g);
                }
                g.writeEndArray();
            }
            case STRING -> g.writeString(n.textValue());
            case NUMBER -> {
                if (n.isIntegralNumber()) {
                    if (n.canConvertToLong()) {
                        g.writeNumber(n.longValue());
                    } else {
                        g.writeNumber(n.bigIntegerValue());
                    }
                } else {
                    g.writeNumber(n.doubleValue());
                }
            }
            case BOOLEAN -> g.writeBoolean(n.booleanValue());
            case POJO -> {
                // Only JSON text already made (ObjectNode.putRawValue): written as it is.
                if (!(((POJONode) n).getPojo() instanceof RawValue raw) || !(raw.rawValue() instanceof String text)) {
                    throw new IOException("cannot write JSON node holding " + ((POJONode) n).getPojo());
                }
                g.writeRawValue(text);
            }
            case NULL, MISSING -> g.writeNull();
            default -> throw new IOException("cannot write JSON node of type " + n.getNodeType());
        }
    }
}
