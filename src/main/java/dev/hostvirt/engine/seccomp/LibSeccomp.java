package dev.hostvirt.engine.seccomp;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The calls of libseccomp (the library crun compiles its filters with) that turn an OCI seccomp
 * section into BPF, through JNA's Function API: {@code libseccomp.so.2} is a dependency of the
 * distribution's crun, so it is there whenever the filters it makes are wanted.
 */
final class LibSeccomp {
    /** {@code __NR_SCMP_ERROR}: a name libseccomp does not know. */
    static final int UNKNOWN_SYSCALL = -1;
    private static final int O_WRONLY = 01;
    private static final int O_CREAT = 0100;
    private static final int O_EXCL = 0200;
    private static final int O_CLOEXEC = 02000000;

    private final NativeLibrary lib;
    private final String version;
    private final String file;

    private LibSeccomp(NativeLibrary lib, String version, String file) {
        this.lib = lib;
        this.version = version;
        this.file = file;
    }

    /** The system's libseccomp, or an exception saying why it cannot be used. */
    static LibSeccomp load() throws IOException {
        try {
            NativeLibrary lib = NativeLibrary.getInstance("libseccomp.so.2");
            Function versionFn = lib.getFunction("seccomp_version");
            Pointer v = versionFn.invokePointer(new Object[0]);
            if (v == null) {
                throw new IOException("libseccomp gave no version");
            }
            return new LibSeccomp(lib, v.getInt(0) + "." + v.getInt(4) + "." + v.getInt(8), fileOf(versionFn));
        } catch (LinkageError | RuntimeException e) {
            throw new IOException("libseccomp cannot be loaded: " + e.getMessage(), e);
        }
    }

    /** "2.5.4": part of a compiled filter's identity, as the syscall tables come with the library. */
    String version() {
        return version;
    }

    /**
     * The loaded library file ("/usr/lib/x86_64-linux-gnu/libseccomp.so.2.5.4"): a distribution
     * update can teach it new syscalls and keep its version (Debian's 2.5.4-1+deb12u1 did).
     */
    String file() {
        return file;
    }

    /** The shared object a function lives in (dladdr(3)); empty when the loader cannot say. */
    private static String fileOf(Function f) {
        Memory info = new Memory(4L * Native.POINTER_SIZE); // Dl_info: fname, fbase, sname, saddr
        int found = NativeLibrary.getProcess().getFunction("dladdr").invokeInt(new Object[] {f, info});
        Pointer name = found == 0 ? null : info.getPointer(0);
        return name == null ? "" : name.getString(0);
    }

    /** One filter under construction; released by {@link Filter#close()}. */
    Filter filter(int defaultAction) throws IOException {
        Pointer ctx = fn("seccomp_init").invokePointer(new Object[] {defaultAction});
        if (ctx == null) {
            throw new IOException("seccomp_init failed");
        }
        return new Filter(ctx);
    }

    /** An architecture token ("x86_64" -> AUDIT_ARCH_X86_64), 0 when unknown. */
    int architecture(String lowercaseName) {
        return fn("seccomp_arch_resolve_name").invokeInt(new Object[] {lowercaseName});
    }

    /** The syscall number on the native architecture, {@link #UNKNOWN_SYSCALL} when unknown. */
    int syscall(String name) {
        return fn("seccomp_syscall_resolve_name").invokeInt(new Object[] {name});
    }

    private Function fn(String name) {
        return lib.getFunction(name);
    }

    /** One argument comparison: {@code struct scmp_arg_cmp}. */
    record ArgCompare(int index, int operator, long datumA, long datumB) {
    }

    final class Filter implements AutoCloseable {
        private Pointer ctx;

        private Filter(Pointer ctx) {
            this.ctx = ctx;
        }

        void addArchitecture(int token) throws IOException {
            int rc = fn("seccomp_arch_add").invokeInt(new Object[] {ctx, token});
            if (rc < 0 && rc != -17) { // -EEXIST: the native one is in every new filter
                throw new IOException("seccomp_arch_add failed, errno " + -rc);
            }
        }

        /** seccomp_rule_add_array: what seccomp_rule_add does with its variadic arguments. */
        void addRule(int action, int syscall, List<ArgCompare> args) throws IOException {
            Memory array = null;
            if (!args.isEmpty()) {
                array = new Memory(24L * args.size()); // {u32 arg; u32 op; u64 datum_a; u64 datum_b}
                for (int i = 0; i < args.size(); i++) {
                    ArgCompare a = args.get(i);
                    array.setInt(24L * i, a.index());
                    array.setInt(24L * i + 4, a.operator());
                    array.setLong(24L * i + 8, a.datumA());
                    array.setLong(24L * i + 16, a.datumB());
                }
            }
            int rc = fn("seccomp_rule_add_array").invokeInt(new Object[] {ctx, action, syscall, args.size(), array});
            if (rc < 0) {
                throw new IOException("seccomp_rule_add_array failed for syscall " + syscall + ", errno " + -rc);
            }
        }

        /** Writes the filter's BPF program to a new file (which must not exist). */
        void exportBpf(Path out) throws IOException {
            NativeLibrary libc = NativeLibrary.getProcess();
            int fd = libc.getFunction("open").invokeInt(new Object[] {out.toString(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600});
            if (fd < 0) {
                throw new IOException("cannot create " + out + ", errno " + Native.getLastError());
            }
            int rc;
            try {
                rc = fn("seccomp_export_bpf").invokeInt(new Object[] {ctx, fd});
            } finally {
                libc.getFunction("close").invokeInt(new Object[] {fd});
            }
            if (rc < 0) {
                throw new IOException("seccomp_export_bpf failed, errno " + -rc);
            }
        }

        @Override
        public void close() {
            if (ctx != null) {
                fn("seccomp_release").invokeVoid(new Object[] {ctx});
                ctx = null;
            }
        }
    }
}
