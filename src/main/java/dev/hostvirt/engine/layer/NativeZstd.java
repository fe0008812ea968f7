package dev.hostvirt.engine.layer;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.Cleaner;

/**
 * zstd layers decompressed by the system's libzstd (on every Debian and Ubuntu host: dpkg and
 * systemd depend on it) through JNA. aircompressor's decoder is Java: on C1, which the CLI runs on,
 * it decompressed a 95 MB layer in ~590 ms of the read-ahead thread, the zstd tool in ~110 ms.
 * Anything failing to load means aircompressor, as before.
 */
final class NativeZstd {
    /**
     * The largest window a layer may ask for: 2^27 (128 MiB, native memory), zstd's own default limit,
     * what `zstd -d` accepts without --memory and what `zstd --ultra -22` or `--long` write. Set
     * explicitly so that a newer libzstd with another default changes nothing. (aircompressor, the
     * fallback, refuses windows over 8 MiB.) A frame that asks for more is refused.
     */
    static final int WINDOW_LOG_MAX = 27;
    private static final int ZSTD_D_WINDOW_LOG_MAX = 100;
    /** Frees the decoders of streams nobody closed (every caller closes them; this is the backstop). */
    private static final Cleaner CLEANER = Cleaner.create();
    private final Function create;
    private final Function setParameter;
    private final Function free;
    private final Function decompress;
    private final Function isError;
    private final Function errorName;

    private NativeZstd(NativeLibrary lib) {
        create = lib.getFunction("ZSTD_createDStream");
        setParameter = lib.getFunction("ZSTD_DCtx_setParameter");
        free = lib.getFunction("ZSTD_freeDStream");
        decompress = lib.getFunction("ZSTD_decompressStream");
        isError = lib.getFunction("ZSTD_isError");
        errorName = lib.getFunction("ZSTD_getErrorName");
    }

    private static final class Holder {
        static final NativeZstd INSTANCE = load("libzstd.so.1");
    }

    static NativeZstd load(String library) {
        try {
            // size_t is passed as a Java long: 64-bit processes only.
            return Native.SIZE_T_SIZE == 8 ? new NativeZstd(NativeLibrary.getInstance(library)) : null;
        } catch (LinkageError | RuntimeException e) {
            return null;
        }
    }

    /** libzstd's decoder over {@code compressed}, or null when libzstd (or JNA) is not usable here. */
    static InputStream open(InputStream compressed) {
        try {
            NativeZstd lib = Holder.INSTANCE;
            return lib == null ? null : lib.stream(compressed);
        } catch (LinkageError | RuntimeException e) {
            return null;
        }
    }

    InputStream stream(InputStream compressed) {
        Pointer ds = (Pointer) create.invoke(Pointer.class, new Object[0]);
        if (ds == null) {
            throw new IllegalStateException("ZSTD_createDStream failed");
        }
        try {
            long r = setParameter.invokeLong(new Object[] {ds, ZSTD_D_WINDOW_LOG_MAX, WINDOW_LOG_MAX});
            if (isError.invokeInt(new Object[] {r}) != 0) {
                throw new IllegalStateException("ZSTD_d_windowLogMax refused");
            }
            return new Decoder(compressed, ds);
        } catch (RuntimeException | Error e) {
            free.invoke(Long.class, new Object[] {ds});
            throw e;
        }
    }

    /** Frees one decoder once, whoever asks first: close() or the cleaner. */
    private static final class Release implements Runnable {
        private final Function free;
        private final Pointer ds;

        Release(Function free, Pointer ds) {
            this.free = free;
            this.ds = ds;
        }

        @Override
        public void run() {
            free.invoke(Long.class, new Object[] {ds});
        }
    }

    /**
     * Streams through ZSTD_decompressStream with one native input and one native output buffer
     * (ZSTD_inBuffer and ZSTD_outBuffer: pointer, size, pos). Concatenated frames are decoded one
     * after the other, as the zstd tool does; input that ends inside a frame is an error.
     */
    private final class Decoder extends InputStream {
        private static final int IN = 128 * 1024;
        private static final int OUT = 256 * 1024;
        private final InputStream source;
        private Pointer ds;
        private final Cleaner.Cleanable release;
        private final Memory in = new Memory(IN);
        private final Memory out = new Memory(OUT);
        private final Memory inDesc = new Memory(24);
        private final Memory outDesc = new Memory(24);
        private final byte[] staging = new byte[IN];
        private long inSize;
        private long inPos;
        private long outFilled;
        private long outPos;
        private boolean sourceEnded;
        /** The decoder filled its output last time: it may hold more without new input. */
        private boolean moreHeld;
        /** The last call that made progress left a frame unfinished (it answered more than 0). */
        private boolean inFrame;

        Decoder(InputStream source, Pointer ds) {
            this.source = source;
            this.ds = ds;
            this.release = CLEANER.register(this, new Release(free, ds));
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (outPos >= outFilled) {
                if (!decode()) {
                    return -1;
                }
            }
            int n = (int) Math.min(len, outFilled - outPos);
            out.read(outPos, b, off, n);
            outPos += n;
            return n;
        }

        /** Decodes until some output is there; false at the end of the last frame. */
        private boolean decode() throws IOException {
            if (ds == null) {
                throw new IOException("zstd stream closed");
            }
            while (true) {
                if (!moreHeld && inPos >= inSize && !sourceEnded) {
                    int n = source.read(staging, 0, staging.length);
                    if (n < 0) {
                        sourceEnded = true;
                    } else {
                        in.write(0, staging, 0, n);
                        inSize = n;
                        inPos = 0;
                    }
                }
                if (!moreHeld && inPos >= inSize && sourceEnded) {
                    if (inFrame) {
                        throw new IOException("zstd: the stream ends inside a frame");
                    }
                    return false;
                }
                inDesc.setPointer(0, in);
                inDesc.setLong(8, inSize);
                inDesc.setLong(16, inPos);
                outDesc.setPointer(0, out);
                outDesc.setLong(8, OUT);
                outDesc.setLong(16, 0);
                long r = decompress.invokeLong(new Object[] {ds, outDesc, inDesc});
                if (isError.invokeInt(new Object[] {r}) != 0) {
                    String why = ((Pointer) errorName.invoke(Pointer.class, new Object[] {r})).getString(0);
                    if (why.contains("too much memory")) {
                        throw new IOException("zstd: the layer asks for a window over " + (1 << (WINDOW_LOG_MAX - 20))
                                + " MiB, more than hostvirt decodes (" + why + ")");
                    }
                    throw new IOException("zstd: " + why);
                }
                long consumed = inDesc.getLong(16) - inPos;
                inPos = inDesc.getLong(16);
                outFilled = outDesc.getLong(16);
                outPos = 0;
                if (consumed > 0 || outFilled > 0) {
                    // A call that only looked for more (after a frame's last byte filled the output)
                    // answers with the next frame's header size: it says nothing about the last one.
                    inFrame = r != 0;
                }
                moreHeld = outFilled == OUT;
                if (outFilled > 0) {
                    return true;
                }
            }
        }

        @Override
        public void close() throws IOException {
            if (ds != null) {
                ds = null;
                release.clean();
            }
            source.close();
        }
    }
}
