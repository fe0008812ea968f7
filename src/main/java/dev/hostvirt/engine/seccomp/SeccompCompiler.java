package dev.hostvirt.engine.seccomp;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Compiles an OCI {@code linux.seccomp} section to the BPF program crun would make of it: the same
 * libseccomp calls in the same order as crun's {@code libcrun_generate_seccomp}, so the program is
 * byte for byte crun's (SeccompCompilerTest compares them). Sections crun would refuse are refused.
 */
final class SeccompCompiler {
    private static final int EPERM = 1;
    private static final String[] OPERATORS = {"NE", "LT", "LE", "EQ", "GE", "GT", "MASKED_EQ"}; // SCMP_CMP_NE = 1 ...

    private final LibSeccomp lib;

    SeccompCompiler(LibSeccomp lib) {
        this.lib = lib;
    }

    void compile(JsonNode section, Path out) throws IOException {
        String defaultName = section.path("defaultAction").asText(null);
        if (defaultName == null) {
            throw new IOException("seccomp misses the default action");
        }
        int defaultErrno = EPERM;
        if (section.has("defaultErrnoRet")) {
            requireErrnoAction(defaultName);
            defaultErrno = section.get("defaultErrnoRet").asInt();
        }
        int defaultAction = action(defaultName, defaultErrno);
        try (LibSeccomp.Filter filter = lib.filter(defaultAction)) {
            for (JsonNode a : section.path("architectures")) {
                String arch = a.asText();
                if (arch.startsWith("SCMP_ARCH_")) {
                    arch = arch.substring("SCMP_ARCH_".length());
                }
                int token = lib.architecture(arch.toLowerCase(Locale.ROOT));
                if (token == 0) {
                    throw new IOException("seccomp unknown architecture `" + a.asText() + "`");
                }
                filter.addArchitecture(token);
            }
            for (JsonNode rule : section.path("syscalls")) {
                int errno = EPERM;
                if (rule.has("errnoRet")) {
                    requireErrnoAction(rule.path("action").asText());
                    errno = rule.get("errnoRet").asInt();
                }
                int action = action(rule.path("action").asText(), errno);
                if (action == defaultAction) {
                    continue;
                }
                List<LibSeccomp.ArgCompare> args = args(rule.path("args"));
                for (JsonNode n : rule.path("names")) {
                    int nr = lib.syscall(n.asText());
                    if (nr == LibSeccomp.UNKNOWN_SYSCALL) {
                        continue; // crun warns and goes on: a newer profile names syscalls an older library lacks
                    }
                    if (args.isEmpty() || !repeatsAnIndex(args)) {
                        filter.addRule(action, nr, args);
                    } else {
                        // libseccomp takes one comparison per argument per rule: crun then adds one rule per comparison
                        for (LibSeccomp.ArgCompare c : args) {
                            filter.addRule(action, nr, List.of(c));
                        }
                    }
                }
            }
            filter.exportBpf(out);
        }
    }

    private static List<LibSeccomp.ArgCompare> args(JsonNode args) throws IOException {
        List<LibSeccomp.ArgCompare> out = new ArrayList<>();
        for (JsonNode a : args) {
            if (out.size() == 6) {
                break;
            }
            int index = a.path("index").asInt();
            if (index < 0 || index >= 6) {
                throw new IOException("invalid seccomp index " + index);
            }
            out.add(new LibSeccomp.ArgCompare(index, operator(a.path("op").asText()), datum(a.path("value")), datum(a.path("valueTwo"))));
        }
        return out;
    }

    private static boolean repeatsAnIndex(List<LibSeccomp.ArgCompare> args) {
        boolean[] seen = new boolean[6];
        for (LibSeccomp.ArgCompare a : args) {
            if (seen[a.index()]) {
                return true;
            }
            seen[a.index()] = true;
        }
        return false;
    }

    /** A uint64 as its 64 bits (values past Long.MAX_VALUE arrive as BigInteger). */
    private static long datum(JsonNode v) {
        if (v.isMissingNode() || v.isNull()) {
            return 0;
        }
        return v.isBigInteger() ? v.bigIntegerValue().longValue() : v.asLong();
    }

    private static int operator(String name) throws IOException {
        if (name.startsWith("SCMP_CMP_")) {
            String op = name.substring("SCMP_CMP_".length());
            for (int i = 0; i < OPERATORS.length; i++) {
                if (OPERATORS[i].equals(op)) {
                    return i + 1;
                }
            }
        }
        throw new IOException("seccomp get operator `" + name + "`");
    }

    private static void requireErrnoAction(String action) throws IOException {
        if (!action.equals("SCMP_ACT_ERRNO") && !action.equals("SCMP_ACT_TRACE")) {
            throw new IOException("errno value specified for action `" + action + "`");
        }
    }

    /** libseccomp's action values (seccomp.h). */
    static int action(String name, int errno) throws IOException {
        return switch (name) {
            case "SCMP_ACT_ERRNO" -> 0x00050000 | (errno & 0xffff);
            case "SCMP_ACT_TRACE" -> 0x7ff00000 | (errno & 0xffff);
            case "SCMP_ACT_ALLOW" -> 0x7fff0000;
            case "SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD" -> 0x00000000;
            case "SCMP_ACT_KILL_PROCESS" -> 0x80000000;
            case "SCMP_ACT_TRAP" -> 0x00030000;
            case "SCMP_ACT_LOG" -> 0x7ffc0000;
            case "SCMP_ACT_NOTIFY" -> 0x7fc00000;
            default -> throw new IOException("seccomp get action `" + name + "`");
        };
    }
}
