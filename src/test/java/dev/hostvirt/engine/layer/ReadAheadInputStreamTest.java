package dev.hostvirt.engine.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReadAheadInputStreamTest {
    @Test
    void deliversExactlyTheSourceBytes() throws IOException {
        byte[] data = new byte[1_000_003];
        new Random(1).nextBytes(data);
        try (InputStream in = new ReadAheadInputStream(new ByteArrayInputStream(data), 4096, 3)) {
            assertArrayEquals(data, in.readAllBytes());
            assertEquals(-1, in.read());
        }
        try (InputStream in = new ReadAheadInputStream(new ByteArrayInputStream(new byte[0]), 4096, 3)) {
            assertEquals(-1, in.read());
        }
    }

    @Test
    void recycledChunksNeverShowOldBytes() throws IOException {
        // Far more chunks than buffers, read in odd pieces and single bytes: a buffer handed back to
        // the reader too early, or a stale length, would show bytes of an earlier chunk.
        byte[] data = new byte[(1 << 20) + 17];
        new java.util.Random(3).nextBytes(data);
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        java.util.Random sizes = new java.util.Random(4);
        try (InputStream in = new ReadAheadInputStream(new ByteArrayInputStream(data), 4096, 3)) {
            byte[] b = new byte[10_000];
            while (true) {
                if (sizes.nextInt(4) == 0) {
                    int c = in.read();
                    if (c < 0) {
                        break;
                    }
                    got.write(c);
                } else {
                    int n = in.read(b, 0, 1 + sizes.nextInt(b.length));
                    if (n < 0) {
                        break;
                    }
                    got.write(b, 0, n);
                }
            }
        }
        assertArrayEquals(data, got.toByteArray());
    }

    @Test
    void aSourceFailureReachesTheConsumer() {
        InputStream failing = new InputStream() {
            int n;

            @Override
            public int read() throws IOException {
                if (n++ > 10_000) {
                    throw new IOException("corrupt gzip stream");
                }
                return 7;
            }
        };
        IOException e = assertThrows(IOException.class, () -> {
            try (InputStream in = new ReadAheadInputStream(failing, 1024, 2)) {
                in.readAllBytes();
            }
        });
        assertEquals("corrupt gzip stream", e.getMessage());
    }

    @Test
    void anErrorOnTheReaderAndAReadAfterCloseDoNotLeaveTheConsumerWaiting() {
        InputStream broken = new InputStream() {
            @Override
            public int read() {
                throw new NoClassDefFoundError("a native decompressor that cannot load");
            }
        };
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), () -> {
            InputStream in = new ReadAheadInputStream(broken, 1024, 2);
            NoClassDefFoundError e = assertThrows(NoClassDefFoundError.class, in::read);
            assertEquals("a native decompressor that cannot load", e.getMessage());
            InputStream endless = new ReadAheadInputStream(new InputStream() {
                @Override
                public int read() {
                    return 1;
                }
            }, 1024, 2);
            endless.read(new byte[1024]);
            endless.close();
            assertThrows(IOException.class, () -> endless.read(new byte[1 << 20]));
        });
    }

    @Test
    void closingEarlyStopsTheReader() throws Exception {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 1;
            }
        };
        InputStream in = new ReadAheadInputStream(endless, 1024, 2);
        assertEquals(1, in.read());
        in.close();
        Thread.sleep(50);
        long readers = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("layer-read-ahead") && t.isAlive()).count();
        for (int i = 0; i < 40 && readers > 0; i++) {
            Thread.sleep(50);
            readers = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("layer-read-ahead") && t.isAlive()).count();
        }
        assertEquals(0, readers);
    }
}
