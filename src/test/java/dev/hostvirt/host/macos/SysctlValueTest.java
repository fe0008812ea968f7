package dev.hostvirt.host.macos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SysctlValueTest {

    @Test
    void intSysctlsAsSysctlNPrintsThem() {
        assertEquals("1", SysctlValue.decode("kern.hv_support", new byte[] {1, 0, 0, 0}, ByteOrder.LITTLE_ENDIAN));
        assertEquals("0", SysctlValue.decode("sysctl.proc_translated", new byte[4], ByteOrder.LITTLE_ENDIAN));
        assertEquals("1", SysctlValue.decode("hw.optional.arm64", new byte[] {0, 0, 0, 1}, ByteOrder.BIG_ENDIAN));
    }

    @Test
    void memsizeIsAnInt64() {
        byte[] raw = java.nio.ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(38654705664L).array();
        assertEquals("38654705664", SysctlValue.decode("hw.memsize", raw, ByteOrder.LITTLE_ENDIAN));
    }

    @Test
    void stringsStopAtTheNulEvenWhenFourBytesLong() {
        assertEquals("12.5", SysctlValue.decode("kern.osproductversion", "12.5\0".getBytes(StandardCharsets.US_ASCII),
                ByteOrder.LITTLE_ENDIAN));
        assertEquals("15.0", SysctlValue.decode("kern.osproductversion", "15.0".getBytes(StandardCharsets.US_ASCII),
                ByteOrder.LITTLE_ENDIAN), "a 4-byte string is not an int");
        assertEquals("Apple M3 Max", SysctlValue.decode("machdep.cpu.brand_string",
                "Apple M3 Max\0\0".getBytes(StandardCharsets.US_ASCII), ByteOrder.LITTLE_ENDIAN));
        assertEquals("", SysctlValue.decode("hw.model", new byte[0], ByteOrder.LITTLE_ENDIAN));
        assertNull(SysctlValue.decode("hw.model", null, ByteOrder.LITTLE_ENDIAN));
    }
}
