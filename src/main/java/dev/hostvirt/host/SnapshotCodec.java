package dev.hostvirt.host;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes host snapshots. Reading validates every section and names the first thing wrong
 * in one line; writing goes to a temporary file renamed into place, so a failed write never leaves
 * half a snapshot behind.
 */
public final class SnapshotCodec {
    /** Far above any real host (a decompressed kernel config is ~250 kB); keeps a hostile file out. */
    static final long MAX_BYTES = 64L * 1024 * 1024;

    private final ObjectMapper mapper;

    public SnapshotCodec() {
        mapper = new ObjectMapper();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(64).maxStringLength((int) MAX_BYTES).build());
        mapper.enable(SerializationFeature.INDENT_OUTPUT);
    }

    public Snapshot read(Path file) {
        String name = file.toString();
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new SnapshotFormatException(name, "too-large");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new SnapshotFormatException(name, "no-file");
        } catch (AccessDeniedException e) {
            throw new SnapshotFormatException(name, "denied");
        } catch (IOException e) {
            throw new SnapshotFormatException(name, "unreadable", String.valueOf(e.getMessage()));
        }
        return parse(name, decode(bytes));
    }

    public Snapshot read(String name, InputStream in) throws IOException {
        return parse(name, decode(in.readNBytes((int) MAX_BYTES)));
    }

    /**
     * UTF-8, as hostvirt writes it; also with a byte order mark, as Notepad saves it, or UTF-16, as
     * Windows PowerShell 5.1's {@code hostvirt snapshot > host.json} writes it: both were "not valid
     * JSON (line 1, column 1)".
     */
    static String decode(byte[] bytes) {
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xfe) {
            return new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16LE);
        }
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xff) == 0xff) {
            return new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16BE);
        }
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf) {
            return new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public Snapshot parse(String name, String json) {
        if (json.isBlank()) {
            throw new SnapshotFormatException(name, "empty");
        }
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            // A limit the parser enforces (nesting deeper than it takes) has no location: name the limit.
            if (e instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException
                    && String.valueOf(e.getOriginalMessage()).contains("nesting depth")) {
                throw new SnapshotFormatException(name, "too-deep");
            }
            com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
            throw new SnapshotFormatException(name, "json", at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr());
        }
        if (root == null || !root.isObject()) {
            throw new SnapshotFormatException(name, "not-object");
        }
        return new Reader(name, root).snapshot();
    }

    public String toJson(Snapshot snapshot) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("format", Snapshot.FORMAT);
        root.put("captured", snapshot.captured());
        ObjectNode platform = root.putObject("platform");
        platform.put("os", snapshot.platform().os());
        platform.put("arch", snapshot.platform().arch());
        ObjectNode files = root.putObject("files");
        snapshot.files().forEach(files::put);
        ObjectNode paths = root.putObject("paths");
        snapshot.paths().forEach((k, v) -> paths.set(k, v == null ? null : pathNode(v)));
        ArrayNode commands = root.putArray("commands");
        for (CommandRecord c : snapshot.commands()) {
            ObjectNode n = commands.addObject();
            ArrayNode argv = n.putArray("argv");
            c.argv().forEach(argv::add);
            if (c.exit() == null) {
                n.putNull("exit");
            } else {
                n.put("exit", c.exit());
                n.put("stdout", c.stdout());
                n.put("stderr", c.stderr());
            }
        }
        root.set("registry", mapper.valueToTree(snapshot.registry()));
        root.set("wmi", mapper.valueToTree(snapshot.wmi()));
        ObjectNode sysctl = root.putObject("sysctl");
        snapshot.sysctl().forEach(sysctl::put);
        root.set("values", mapper.valueToTree(snapshot.values()));
        try {
            return mapper.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a snapshot", e);
        }
    }

    /**
     * Writes atomically (a temporary file beside the target, then a rename) over a regular file or a
     * new one, through a symbolic link to its file; into anything else (/dev/null, /dev/stdout, a
     * FIFO) as a shell's {@code >} would. Renaming over them replaced the device or the FIFO with a
     * regular file, and /dev/full "took" the snapshot.
     */
    public void write(Snapshot snapshot, Path target) throws IOException {
        if (Files.isSymbolicLink(target) && Files.exists(target)) {
            target = target.toRealPath();
        }
        if (Files.exists(target) && !Files.isRegularFile(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                || Files.isSymbolicLink(target)) {
            Files.writeString(target, toJson(snapshot), StandardCharsets.UTF_8);
            return;
        }
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, ".hostvirt-snapshot", ".tmp");
        try {
            Files.writeString(tmp, toJson(snapshot), StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static ObjectNode pathNode(PathInfo p) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("type", p.type());
        if (p.mode() != null) {
            n.put("mode", p.mode());
        }
        n.put("readable", p.readable());
        n.put("writable", p.writable());
        if (p.rdev() != null) {
            n.put("rdev", p.rdev());
        }
        if (p.owner() != null) {
            n.put("owner", p.owner());
        }
        if (p.group() != null) {
            n.put("group", p.group());
        }
        if (p.target() != null) {
            n.put("target", p.target());
        }
        if (p.entries() != null) {
            ArrayNode entries = n.putArray("entries");
            p.entries().forEach(entries::add);
        }
        return n;
    }

    /** Walks one snapshot document, failing on the first malformed part with its JSON path. */
    private static final class Reader {
        private final String name;
        private final JsonNode root;

        Reader(String name, JsonNode root) {
            this.name = name;
            this.root = root;
        }

        Snapshot snapshot() {
            JsonNode format = root.get("format");
            if (format == null || !format.isTextual()) {
                throw fail("no-format");
            }
            String f = format.asText();
            if (!f.startsWith("hostvirt-snapshot/")) {
                throw fail("format-foreign", f);
            }
            if (!f.equals(Snapshot.FORMAT) && !f.startsWith(Snapshot.FORMAT + ".")) {
                throw fail("format-unsupported", f, Snapshot.FORMAT);
            }
            JsonNode platform = object(root, "platform", true);
            String os = text(platform, "os", "platform.os");
            if (!List.of(HostPlatform.LINUX, HostPlatform.WINDOWS, HostPlatform.MACOS).contains(os)) {
                throw fail("os", os);
            }
            String arch = text(platform, "arch", "platform.arch");
            JsonNode captured = root.get("captured");
            return new Snapshot(captured != null && captured.isTextual() ? captured.asText() : null,
                    new HostPlatform(os, HostPlatform.normalizeArch(arch)),
                    strings("files", false), paths(), commands(), registry(), wmi(), strings("sysctl", true), values());
        }

        /** Text values; a sysctl may be written as a bare number by hand, file contents may not. */
        private Map<String, String> strings(String section, boolean numbersAllowed) {
            Map<String, String> out = new LinkedHashMap<>();
            JsonNode node = object(root, section, false);
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                if (v.isNull()) {
                    out.put(e.getKey(), null);
                } else if (v.isTextual()) {
                    out.put(e.getKey(), v.asText());
                } else if (numbersAllowed && (v.isNumber() || v.isBoolean())) {
                    out.put(e.getKey(), v.asText());
                } else {
                    throw fail("string-or-null", section + "[\"" + e.getKey() + "\"]");
                }
            }
            return out;
        }

        private Map<String, PathInfo> paths() {
            Map<String, PathInfo> out = new LinkedHashMap<>();
            JsonNode node = object(root, "paths", false);
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                String where = "paths[\"" + e.getKey() + "\"]";
                JsonNode v = e.getValue();
                if (v.isNull()) {
                    out.put(e.getKey(), null);
                    continue;
                }
                if (!v.isObject()) {
                    throw fail("object-or-null", where);
                }
                List<String> entries = null;
                if (v.has("entries")) {
                    if (!v.get("entries").isArray()) {
                        throw fail("entries", where);
                    }
                    entries = new ArrayList<>();
                    for (JsonNode n : v.get("entries")) {
                        entries.add(n.asText());
                    }
                }
                String mode = optText(v, "mode");
                if (mode != null && !mode.matches("[0-7]{1,7}")) {
                    // The rules read it as octal: "zzz" was an internal error (NumberFormatException).
                    throw fail("mode", where);
                }
                out.put(e.getKey(), new PathInfo(text(v, "type", where + ".type"), mode,
                        v.path("readable").asBoolean(false), v.path("writable").asBoolean(false),
                        optText(v, "rdev"), optText(v, "group"), entries, optText(v, "target"),
                        optText(v, "owner")));
            }
            return out;
        }

        private List<CommandRecord> commands() {
            JsonNode node = root.get("commands");
            List<CommandRecord> out = new ArrayList<>();
            if (node == null || node.isNull()) {
                return out;
            }
            if (!node.isArray()) {
                throw fail("list", "commands");
            }
            int i = 0;
            for (JsonNode c : node) {
                String where = "commands[" + i++ + "]";
                if (!c.isObject()) {
                    throw fail("object", where);
                }
                JsonNode argv = c.get("argv");
                if (argv == null || !argv.isArray() || argv.isEmpty()) {
                    throw fail("argv", where);
                }
                List<String> args = new ArrayList<>();
                for (JsonNode a : argv) {
                    if (!a.isTextual()) {
                        throw fail("argv-strings", where);
                    }
                    args.add(a.asText());
                }
                JsonNode exit = c.get("exit");
                if (exit == null || !(exit.isNull() || exit.isIntegralNumber())) {
                    throw fail("exit", where);
                }
                out.add(new CommandRecord(args, exit.isNull() ? null : exit.asInt(),
                        exit.isNull() ? null : optText(c, "stdout"), exit.isNull() ? null : optText(c, "stderr")));
            }
            return out;
        }

        private Map<String, Map<String, Object>> registry() {
            Map<String, Map<String, Object>> out = new LinkedHashMap<>();
            JsonNode node = object(root, "registry", false);
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                if (v.isNull()) {
                    out.put(e.getKey(), null);
                } else if (v.isObject()) {
                    out.put(e.getKey(), plainMap(v));
                } else {
                    throw fail("registry", e.getKey());
                }
            }
            return out;
        }

        private Map<String, List<Map<String, Object>>> wmi() {
            Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
            JsonNode node = object(root, "wmi", false);
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                String where = "wmi[\"" + e.getKey() + "\"]";
                JsonNode v = e.getValue();
                if (v.isNull()) {
                    out.put(e.getKey(), null);
                    continue;
                }
                if (!v.isArray()) {
                    throw fail("instances", where);
                }
                List<Map<String, Object>> instances = new ArrayList<>();
                for (JsonNode instance : v) {
                    if (!instance.isObject()) {
                        throw fail("instance-objects", where);
                    }
                    instances.add(plainMap(instance));
                }
                out.put(e.getKey(), instances);
            }
            return out;
        }

        private Map<String, Object> values() {
            JsonNode node = object(root, "values", false);
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                // CPUID registers: whole numbers the rules do arithmetic on ("x" was a ClassCastException).
                if (e.getKey().startsWith("linux.cpuid.") && !e.getValue().isNull() && !registers(e.getValue())) {
                    throw fail("cpuid", "values[\"" + e.getKey() + "\"]");
                }
            }
            return plainMap(node);
        }

        private static boolean registers(JsonNode v) {
            if (!v.isArray()) {
                return false;
            }
            for (JsonNode r : v) {
                if (!r.isIntegralNumber() || !r.canConvertToLong() || r.asLong() < 0 || r.asLong() > 0xffffffffL) {
                    return false;
                }
            }
            return true;
        }

        private static Map<String, Object> plainMap(JsonNode node) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), plain(e.getValue()));
            }
            return out;
        }

        private static Object plain(JsonNode v) {
            if (v == null || v.isNull()) {
                return null;
            }
            if (v.isBoolean()) {
                return v.asBoolean();
            }
            if (v.isIntegralNumber()) {
                return v.canConvertToLong() ? (Object) v.asLong() : v.asText();
            }
            if (v.isNumber()) {
                return v.asDouble();
            }
            if (v.isArray()) {
                List<Object> list = new ArrayList<>();
                v.forEach(x -> list.add(plain(x)));
                return list;
            }
            if (v.isObject()) {
                return plainMap(v);
            }
            return v.asText();
        }

        private JsonNode object(JsonNode parent, String field, boolean required) {
            JsonNode n = parent.get(field);
            if (n == null || n.isNull()) {
                if (required) {
                    throw fail("no-section", field);
                }
                return JsonNodeFactory.instance.objectNode();
            }
            if (!n.isObject()) {
                throw fail("section-object", field);
            }
            return n;
        }

        private String text(JsonNode parent, String field, String where) {
            JsonNode n = parent.get(field);
            if (n == null || !n.isTextual() || n.asText().isBlank()) {
                throw fail("non-empty-string", where);
            }
            return n.asText();
        }

        private static String optText(JsonNode parent, String field) {
            JsonNode n = parent.get(field);
            return n == null || n.isNull() ? null : n.asText();
        }

        private SnapshotFormatException fail(String key, Object... args) {
            return new SnapshotFormatException(name, key, args);
        }
    }
}
