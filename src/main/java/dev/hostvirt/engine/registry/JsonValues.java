package dev.hostvirt.engine.registry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads small JSON documents (manifests, configs, token answers) into plain maps and lists with
 * jackson-core's streaming parser. Not databind's ObjectMapper: on a cold JVM it loads ~400 classes
 * and cost ~160 ms against ~30 ms measured here, a tenth of a whole {@code hostvirt pull} of a small image.
 */
final class JsonValues {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonValues() {
    }

    /** The document's value: Map, List, String, Long, Double, Boolean or null. */
    static Object parse(byte[] json) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() == null) {
                throw new IOException("empty document");
            }
            Object value = value(p);
            if (p.nextToken() != null) {
                throw new IOException("content after the JSON value");
            }
            return value;
        }
    }

    private static Object value(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    p.nextToken();
                    map.put(key, value(p));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(p));
                }
                return list;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? Long.valueOf(-1) : Long.valueOf(p.getLongValue());
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IOException("unexpected JSON token " + t);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static Map<String, Object> object(Map<String, Object> map, String key) {
        return object(map.get(key));
    }

    @SuppressWarnings("unchecked")
    static List<Object> array(Map<String, Object> map, String key) {
        return map.get(key) instanceof List<?> l ? (List<Object>) l : List.of();
    }

    /** The string at key, or {@code fallback} when absent or not a string. */
    static String string(Map<String, Object> map, String key, String fallback) {
        return map.get(key) instanceof String s ? s : fallback;
    }

    static long number(Map<String, Object> map, String key, long fallback) {
        return map.get(key) instanceof Long n ? n : fallback;
    }
}
