package dev.hostvirt.engine.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonValuesTest {
    private static Object parse(String s) throws IOException {
        return JsonValues.parse(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsNestedValuesInOrder() throws IOException {
        Map<String, Object> m = JsonValues.object(parse("{\"a\":[1,2.5,\"x\",true,null,{\"b\":{}}],\"size\":12345678901}"));
        assertEquals(List.of("a", "size"), List.copyOf(m.keySet()));
        List<Object> a = JsonValues.array(m, "a");
        assertEquals(1L, a.get(0));
        assertEquals(2.5, a.get(1));
        assertEquals("x", a.get(2));
        assertEquals(Boolean.TRUE, a.get(3));
        assertNull(a.get(4));
        assertEquals(12345678901L, JsonValues.number(m, "size", -1));
    }

    @Test
    void wrongTypesFallBackInsteadOfThrowing() throws IOException {
        Map<String, Object> m = JsonValues.object(parse("{\"size\":\"12\",\"digest\":5,\"layers\":{}}"));
        assertEquals(-1, JsonValues.number(m, "size", -1));
        assertEquals("none", JsonValues.string(m, "digest", "none"));
        assertEquals(List.of(), JsonValues.array(m, "layers"));
        assertEquals(Map.of(), JsonValues.object("text"));
        assertEquals(-1L, JsonValues.object(parse("{\"n\":123456789012345678901234567890}")).get("n"), "huge sizes are invalid, not wrapped");
    }

    @Test
    void brokenDocumentsAreIoErrors() {
        assertThrows(IOException.class, () -> parse(""));
        assertThrows(IOException.class, () -> parse("{\"a\":1} {}"));
        assertThrows(IOException.class, () -> parse("{\"a\":"));
        assertThrows(IOException.class, () -> parse("[" .repeat(5000)));
    }
}
