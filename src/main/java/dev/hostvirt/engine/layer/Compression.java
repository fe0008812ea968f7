package dev.hostvirt.engine.layer;

import io.airlift.compress.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Layer compression, told by magic bytes first: {@code docker save} writes plain tars under names that
 * say nothing, and some registries label zstd layers as gzip. When the bytes say nothing known, a
 * descriptor's {@code +zstd}/{@code +gzip} media type is believed, unless the bytes are a tar header.
 */
public enum Compression {
    NONE, GZIP, ZSTD;

    private static final int TAR_MAGIC_AT = 257;

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
        // A skippable frame (RFC 8878 3.1.2: magic 0x184D2A50..5F, little-endian) may open a zstd
        // stream; it was taken for a plain tar ("Corrupted TAR archive").
        if (skippable(head)) {
            return ZSTD;
        }
        return NONE;
    }

    /**
     * As {@link #detect}, and when the bytes say nothing known, what the descriptor's media type says,
     * unless the first block is a tar header (a plain tar labelled gzip, which import always took).
     */
    public static Compression detect(InputStream in, String mediaType) throws IOException {
        Compression sniffed = detect(in);
        Compression said = ofMediaType(mediaType);
        if (sniffed != NONE || said == NONE) {
            return sniffed;
        }
        in.mark(TAR_MAGIC_AT + 5);
        byte[] head = in.readNBytes(TAR_MAGIC_AT + 5);
        in.reset();
        boolean tar = head.length == TAR_MAGIC_AT + 5
                && new String(head, TAR_MAGIC_AT, 5, StandardCharsets.US_ASCII).equals("ustar");
        return tar ? NONE : said;
    }

    /** {@code ...tar+zstd}, {@code ...tar+gzip} and docker's {@code ...tar.gzip}; NONE for anything else. */
    static Compression ofMediaType(String mediaType) {
        if (mediaType == null) {
            return NONE;
        }
        if (mediaType.endsWith("+zstd")) {
            return ZSTD;
        }
        return mediaType.endsWith("+gzip") || mediaType.endsWith(".tar.gzip") ? GZIP : NONE;
    }

    /** Wraps {@code raw} in the right decompressor (JDK zlib for gzip; libzstd, else aircompressor, for zstd). */
    public static InputStream decompress(InputStream raw) throws IOException {
        return decompress(raw, null);
    }

    /** As {@link #decompress(InputStream)}, believing {@code mediaType} as {@link #detect(InputStream, String)} does. */
    public static InputStream decompress(InputStream raw, String mediaType) throws IOException {
        InputStream in = raw.markSupported() ? raw : new BufferedInputStream(raw, 1 << 16);
        return switch (detect(in, mediaType)) {
            case GZIP -> new GZIPInputStream(in, 1 << 16);
            case ZSTD -> {
                InputStream fast = NativeZstd.open(in);
                yield fast != null ? fast : new ZstdInputStream(skipLeadingSkippableFrames(in));
            }
            case NONE -> in;
        };
    }

    private static boolean skippable(byte[] head) {
        return head.length == 4 && (head[0] & 0xf0) == 0x50 && (head[1] & 0xff) == 0x2a && (head[2] & 0xff) == 0x4d
                && (head[3] & 0xff) == 0x18;
    }

    /** aircompressor refuses skippable frames (libzstd reads them): those that open the stream are skipped here. */
    static InputStream skipLeadingSkippableFrames(InputStream in) throws IOException {
        while (true) {
            in.mark(8);
            byte[] header = in.readNBytes(8);
            if (header.length < 8 || !skippable(Arrays.copyOf(header, 4))) {
                in.reset();
                return in;
            }
            long size = (header[4] & 0xffL) | (header[5] & 0xffL) << 8 | (header[6] & 0xffL) << 16 | (header[7] & 0xffL) << 24;
            in.skipNBytes(size); // a truncated frame is an EOFException, as a truncated stream is
        }
    }
}
