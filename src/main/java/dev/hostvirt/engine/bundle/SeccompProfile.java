package dev.hostvirt.engine.bundle;

import dev.hostvirt.engine.Json;
import dev.hostvirt.HostvirtException;
import dev.hostvirt.i18n.Text;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.CRC32;

/**
 * Converts containers-common's default seccomp profile (bundled from Debian, see
 * engine/seccomp.SOURCE.md) from the engine's extended format to the OCI {@code linux.seccomp} form:
 * architectures from {@code archMap} for the host, and only the syscall groups whose
 * {@code includes} hold (every listed cap granted, the arch listed, kernel >= minKernel) and whose
 * {@code excludes} do not (container-anchors §1.6). The same rules as containers/common
 * {@code pkg/seccomp/conversion}.
 */
public final class SeccompProfile {

    private SeccompProfile() {
    }

    public static JsonNode loadDefault() {
        try {
            return Json.read(defaultBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What names the default profile's OCI section for these facts, for the policy cache
     * (engine/seccomp): the profile's and this converter's checksums and sizes (a hostvirt that
     * converts differently must not reuse a section, nor the filter compiled from it), the
     * architecture, the granted capabilities and the kernel release -- everything {@link #toOci} reads.
     */
    public static String cacheKey(String goArch, Set<String> caps, String kernel) {
        return cacheKey(null, goArch, caps, kernel);
    }

    /** {@link #cacheKey(String, Set, String)} for a profile of the user's (null: the default). */
    public static String cacheKey(String profile, String goArch, Set<String> caps, String kernel) {
        // A user's profile by SHA-256: its CRC-32 (kept for the bundled default, which no user chooses)
        // is easy to collide with whitespace, and a weak profile's kept policy was then used for a strict one.
        String which = profile == null ? "default profile " + checksum(defaultBytes())
                : "profile sha256:" + java.util.HexFormat.of().formatHex(
                        dev.hostvirt.engine.store.Sha256.digest(profile.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return which + "\nconverter " + checksum(resource("SeccompProfile.class"))
                + "\narch " + goArch + "\ncaps " + String.join(",", new TreeSet<>(caps)) + "\nkernel " + kernel;
    }

    /** The actions libseccomp (and so runc and crun) knows. */
    private static final Set<String> ACTIONS = Set.of("SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD",
            "SCMP_ACT_TRAP", "SCMP_ACT_ERRNO", "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY");

    /**
     * A profile of the user's, checked as far as hostvirt reads it: a JSON object with a known
     * defaultAction, and syscall rules that name syscalls and a known action. What else is wrong
     * (an unknown syscall name) is the runtime's to say.
     *
     * @throws HostvirtException saying what is wrong (125)
     */
    public static JsonNode parse(String json) {
        JsonNode p;
        try {
            p = Json.read(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw invalid(Text.of("engine.error.seccomp.notJson"));
        }
        if (p == null || !p.isObject()) {
            throw invalid(Text.of("engine.error.seccomp.notJson"));
        }
        String actions = String.join(", ", new TreeSet<>(ACTIONS));
        if (!ACTIONS.contains(p.path("defaultAction").asText())) {
            throw invalid(Text.of("engine.error.seccomp.defaultAction", p.path("defaultAction").asText(), actions));
        }
        if (!p.path("syscalls").isMissingNode() && !p.path("syscalls").isArray()) {
            throw invalid(Text.of("engine.error.seccomp.syscalls"));
        }
        for (JsonNode rule : p.path("syscalls")) {
            boolean named = rule.path("names").isArray() && !rule.path("names").isEmpty() || rule.path("name").isTextual();
            if (!named || !ACTIONS.contains(rule.path("action").asText())) {
                throw invalid(Text.of("engine.error.seccomp.rule", rule.path("action").asText(), actions));
            }
        }
        return p;
    }

    private static HostvirtException invalid(Text why) {
        return new HostvirtException(why, 125);
    }

    private static String checksum(byte[] b) {
        CRC32 crc = new CRC32();
        crc.update(b);
        return Long.toHexString(crc.getValue()) + " " + b.length;
    }

    private static byte[] defaultBytes() {
        return resource("/engine/seccomp.json");
    }

    private static byte[] resource(String name) {
        try (InputStream in = SeccompProfile.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " is missing from hostvirt's jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param goArch the host architecture in GOARCH form (amd64, arm64, ...)
     * @param caps granted capabilities, with the CAP_ prefix
     * @param kernel the running kernel's release ("6.1.0-18-amd64"); blank = do not filter on it
     */
    public static ObjectNode toOci(JsonNode profile, String goArch, Set<String> caps, String kernel) {
        ObjectNode out = Json.object();
        out.put("defaultAction", profile.path("defaultAction").asText("SCMP_ACT_ERRNO"));
        if (profile.has("defaultErrnoRet")) {
            out.put("defaultErrnoRet", profile.path("defaultErrnoRet").asInt());
        }
        ArrayNode arches = out.putArray("architectures");
        String scmp = scmpArch(goArch);
        for (JsonNode a : profile.path("archMap")) {
            if (a.path("architecture").asText().equals(scmp)) {
                arches.add(scmp);
                a.path("subArchitectures").forEach(arches::add);
            }
        }
        if (!profile.has("archMap")) {
            profile.path("architectures").forEach(arches::add); // docker's older form, and the OCI form, list them as they are
        }
        ArrayNode syscalls = out.putArray("syscalls");
        for (JsonNode s : profile.path("syscalls")) {
            if (!included(s.path("includes"), goArch, caps, kernel) || excluded(s.path("excludes"), goArch, caps)) {
                continue;
            }
            ObjectNode rule = syscalls.addObject();
            // docker's oldest profiles name one syscall a rule ("name"); the OCI form takes only names.
            rule.set("names", s.has("names") ? s.path("names") : Json.array().add(s.path("name").asText()));
            rule.put("action", s.path("action").asText());
            if (s.has("errnoRet") && !s.get("errnoRet").isNull()) {
                rule.put("errnoRet", s.get("errnoRet").asInt());
            }
            if (s.path("args").isArray() && !s.path("args").isEmpty()) {
                rule.set("args", s.path("args"));
            }
        }
        return out;
    }

    private static boolean included(JsonNode inc, String goArch, Set<String> caps, String kernel) {
        for (JsonNode c : inc.path("caps")) {
            if (!caps.contains(c.asText())) {
                return false;
            }
        }
        if (inc.path("arches").isArray() && !inc.path("arches").isEmpty() && !contains(inc.path("arches"), goArch)) {
            return false;
        }
        String min = inc.path("minKernel").asText("");
        return min.isEmpty() || kernel.isBlank() || compareKernel(kernel, min) >= 0;
    }

    private static boolean excluded(JsonNode exc, String goArch, Set<String> caps) {
        for (JsonNode c : exc.path("caps")) {
            if (caps.contains(c.asText())) {
                return true;
            }
        }
        return contains(exc.path("arches"), goArch);
    }

    private static boolean contains(JsonNode arr, String v) {
        for (JsonNode n : arr) {
            if (n.asText().equals(v)) {
                return true;
            }
        }
        return false;
    }

    static String scmpArch(String goArch) {
        return switch (goArch) {
            case "amd64" -> "SCMP_ARCH_X86_64";
            case "arm64" -> "SCMP_ARCH_AARCH64";
            case "386" -> "SCMP_ARCH_X86";
            case "arm" -> "SCMP_ARCH_ARM";
            case "ppc64le" -> "SCMP_ARCH_PPC64LE";
            case "s390x" -> "SCMP_ARCH_S390X";
            case "riscv64" -> "SCMP_ARCH_RISCV64";
            default -> "SCMP_ARCH_" + goArch.toUpperCase(java.util.Locale.ROOT);
        };
    }

    /** Compares "major.minor" prefixes of two kernel releases; odd text compares as 0.0. */
    static int compareKernel(String a, String b) {
        int[] x = majorMinor(a);
        int[] y = majorMinor(b);
        return x[0] != y[0] ? Integer.compare(x[0], y[0]) : Integer.compare(x[1], y[1]);
    }

    private static int[] majorMinor(String s) {
        String[] p = s.split("[.-]");
        int[] out = new int[2];
        for (int i = 0; i < 2 && i < p.length; i++) {
            try {
                out[i] = Integer.parseInt(p[i].replaceAll("[^0-9].*", ""));
            } catch (NumberFormatException e) {
                out[i] = 0;
            }
        }
        return out;
    }
}
