package dev.hostvirt.engine.store;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 for streams of layer size. The JDK's SHA-256 is fast only once C2 has compiled it with
 * its SHA-NI intrinsic; hostvirt runs on C1 alone (a short-lived CLI: C2's compiles cost more CPU
 * than they save), where the JDK's is ~10x slower. OpenSSL's libcrypto (on every systemd host:
 * systemd depends on it) hashes with the same CPU instructions from the first byte. Used only where
 * megabytes are hashed, since loading JNA costs ~15 ms; anything failing means the JDK's.
 */
public final class Sha256 {
    /** Below this, the JDK's digest, even interpreted, is done before JNA would be loaded. */
    static final long NATIVE_FROM = 1 << 20;

    private Sha256() {
    }

    /** A SHA-256 digest for about {@code expectedSize} bytes (negative: unknown, likely large). */
    public static MessageDigest forSize(long expectedSize) {
        if (expectedSize < 0 || expectedSize >= NATIVE_FROM) {
            try {
                MessageDigest nativeDigest = LibCrypto.digest();
                if (nativeDigest != null) {
                    return nativeDigest;
                }
            } catch (LinkageError jnaUnusable) {
                // JNA's own library cannot load here (a noexec temporary directory, an architecture
                // it does not ship): its classes then fail to initialize, once and for good
            }
        }
        return jdk();
    }

    /**
     * The SHA-256 of a few bytes, by libcrypto where it loads: a run hashes short strings (an image's
     * chain IDs) with JNA already loaded, and the JDK's first digest sets up its security providers
     * (reading java.security, registering every algorithm), ~10 ms of such a run.
     */
    public static byte[] digest(byte[] data) {
        MessageDigest md = forSize(-1);
        md.update(data);
        return md.digest();
    }

    /** libcrypto's digest from the first of {@code libraries} that loads and answers right; else null. */
    static MessageDigest openSsl(String... libraries) {
        return LibCrypto.digest(LibCrypto.load(libraries));
    }

    public static MessageDigest jdk() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** libcrypto's functions, looked up once; null when the library or JNA cannot be loaded. */
    private static final class LibCrypto {
        static final LibCrypto INSTANCE = load();
        final Function init;
        final Function update;
        final Function finish;

        private LibCrypto(NativeLibrary lib) {
            init = lib.getFunction("SHA256_Init");
            update = lib.getFunction("SHA256_Update");
            finish = lib.getFunction("SHA256_Final");
        }

        private static LibCrypto load() {
            return load("libcrypto.so.3", "libcrypto.so.1.1");
        }

        static LibCrypto load(String... names) {
            for (String name : names) {
                try {
                    LibCrypto c = new LibCrypto(NativeLibrary.getInstance(name));
                    // A known answer first: a library that hashes wrongly must never name a blob.
                    MessageDigest probe = new OpenSslDigest(c);
                    byte[] got = probe.digest("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    if (java.util.HexFormat.of().formatHex(got)
                            .equals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")) {
                        return c;
                    }
                } catch (LinkageError | RuntimeException e) {
                    // try the next name; none at all means the JDK's digest
                }
            }
            return null;
        }

        static MessageDigest digest() {
            return digest(INSTANCE);
        }

        static MessageDigest digest(LibCrypto lib) {
            try {
                return lib == null ? null : new OpenSslDigest(lib);
            } catch (LinkageError | RuntimeException e) {
                return null;
            }
        }
    }

    /**
     * A MessageDigest over libcrypto's SHA256_Init/Update/Final (kept through OpenSSL 3 for exactly
     * this use). Arrays are gathered in a native buffer, so each native call hashes up to 256 KB.
     */
    private static final class OpenSslDigest extends MessageDigest {
        private static final int CHUNK = 256 * 1024;
        private final LibCrypto lib;
        private final Memory ctx = new Memory(256); // SHA256_CTX is 112 bytes
        private final Memory buf = new Memory(CHUNK);
        private final Memory out = new Memory(32);
        private int staged;

        OpenSslDigest(LibCrypto lib) {
            super("SHA-256");
            this.lib = lib;
            engineReset();
        }

        @Override
        protected int engineGetDigestLength() {
            return 32;
        }

        @Override
        protected void engineUpdate(byte input) {
            engineUpdate(new byte[] {input}, 0, 1);
        }

        @Override
        protected void engineUpdate(byte[] input, int offset, int len) {
            while (len > 0) {
                int n = Math.min(len, CHUNK - staged);
                buf.write(staged, input, offset, n);
                staged += n;
                offset += n;
                len -= n;
                if (staged == CHUNK) {
                    flush();
                }
            }
        }

        /** A direct buffer (the store's) is hashed where it lies: no copy at all. */
        @Override
        protected void engineUpdate(ByteBuffer input) {
            if (!input.isDirect()) {
                super.engineUpdate(input);
                return;
            }
            flush();
            int n = input.remaining();
            if (n > 0) {
                Pointer at = Native.getDirectBufferPointer(input).share(input.position());
                check(lib.update.invokeInt(new Object[] {ctx, at, (long) n}));
                input.position(input.limit());
            }
        }

        private void flush() {
            if (staged > 0) {
                check(lib.update.invokeInt(new Object[] {ctx, buf, (long) staged}));
                staged = 0;
            }
        }

        @Override
        protected byte[] engineDigest() {
            flush();
            check(lib.finish.invokeInt(new Object[] {out, ctx}));
            byte[] result = out.getByteArray(0, 32);
            engineReset();
            return result;
        }

        @Override
        protected void engineReset() {
            staged = 0;
            check(lib.init.invokeInt(new Object[] {ctx}));
        }

        private static void check(int rc) {
            if (rc != 1) {
                throw new IllegalStateException("libcrypto's SHA-256 failed");
            }
        }
    }
}
