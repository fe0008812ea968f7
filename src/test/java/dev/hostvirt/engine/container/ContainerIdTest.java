package dev.hostvirt.engine.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Container IDs come from /dev/urandom (ContainerRunner.randomBytes): the right length, never repeated. */
class ContainerIdTest {
    @Test
    void randomBytesHaveTheLengthAskedAndDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            byte[] b = ContainerRunner.randomBytes(32);
            assertEquals(32, b.length);
            seen.add(HexFormat.of().formatHex(b));
        }
        assertEquals(1000, seen.size(), "1000 IDs, all different");
    }
}
