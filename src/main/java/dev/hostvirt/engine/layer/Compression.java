package dev.hostvirt.engine.layer;

import io.airlift.compress.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Layer compression, told by magic bytes rather than media type: {@code docker save} writes plain
 * tars under names that say nothing, and some registries label zstd layers as gzip.
 */
public enum Compression {
    NONE, GZIP, ZSTD;

    /** Peeks at the first bytes; {@code in} must support mark/reset and is left where it was. */
    public static Compression detect(InputStream in) throws IOException {
        in.mark(4);
        byte[] head = in.readNBytes(4);
        in.reset();
        if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return GZIP;
        }
        if (head.length == 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f
                && (head[3] & 0xff) == 0xfd) {
            return ZSTD;
        }
        return NONE;
    }

    /** Wraps {@code raw} in the right decompressor (JDK zlib for gzip; libzstd, else aircompressor, for zstd). */
    public static InputStream decompress(InputStream raw) throws IOException {
        InputStream in = raw.markSupported() ? raw : new BufferedInputStream(raw, 1 << 16);
        return switch (detect(in)) {
            case GZIP -> new GZIPInputStream(in, 1 << 16);
            case ZSTD -> {
                InputStream fast = NativeZstd.open(in);
                yield fast != null ? fast : new ZstdInputStream(in);
            }
            case NONE -> in;
        };
    }
}
