package dev.hostvirt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void readsWhatDatabindReadsAndWritesWhatItParsesBack() throws IOException {
        String doc = "{\"s\":\"ñ🐳\\n\",\"i\":7,\"l\":9000000000,\"big\":18446744073709551615,\"f\":0.5,\"t\":true,"
                + "\"n\":null,\"a\":[1,[2,{\"x\":[]}],{}],\"o\":{\"k\":\"v\"}}";
        JsonNode mine = Json.read(doc.getBytes(StandardCharsets.UTF_8));
        assertEquals(new ObjectMapper().readTree(doc), mine);
        assertEquals(new BigInteger("18446744073709551615"), mine.path("big").bigIntegerValue());
        assertEquals(mine, Json.read(Json.write(mine, true)));
        assertEquals(mine, Json.read(Json.write(mine, false)));
        assertEquals("[1,2]", Json.writeString(Json.read("[1,2]".getBytes(StandardCharsets.UTF_8)), false));
        assertEquals(3, Json.read("3".getBytes(StandardCharsets.UTF_8)).asInt(), "a scalar document");
    }

    @Test
    void deepNestingDoesNotOverflowTheStackAndBadInputIsAnIOException() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertThrows(IOException.class, () -> Json.read(deep.getBytes(StandardCharsets.UTF_8)),
                "jackson-core's nesting limit refuses it cleanly");
        assertThrows(IOException.class, () -> Json.read("{\"a\":".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IOException.class, () -> Json.read(new byte[0]));
        assertThrows(IOException.class, () -> Json.read("[1] [2]".getBytes(StandardCharsets.UTF_8)),
                "a second document replaced the first");
        assertThrows(IOException.class, () -> Json.read("{\"a\":1} x".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IOException.class, () -> Json.read("3 4".getBytes(StandardCharsets.UTF_8)));
        assertTrue(Json.object().isEmpty());
    }
}
