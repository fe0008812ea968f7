package dev.hostvirt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Malformed, truncated and wrong-format snapshots: one line on stderr, exit 2, never a stack trace. */
class BrokenSnapshotTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not JSON at all|hello|not valid JSON",
        "truncated|{\"format\": \"hostvirt-snapshot/1\", \"platform\": {\"os\": \"linux\"|not valid JSON",
        "a JSON list|[1, 2]|expected a JSON object",
        "no format|{\"platform\": {\"os\": \"linux\", \"arch\": \"amd64\"}}|no \"format\" field",
        "another tool's file|{\"format\": \"docker-inspect/2\"}|is not a host snapshot",
        "a newer major format|{\"format\": \"hostvirt-snapshot/2\", \"platform\": {\"os\": \"linux\", \"arch\": \"amd64\"}}|is not supported",
        "no platform|{\"format\": \"hostvirt-snapshot/1\"}|no \"platform\" section",
        "an unknown OS|{\"format\": \"hostvirt-snapshot/1\", \"platform\": {\"os\": \"plan9\", \"arch\": \"amd64\"}}|platform.os must be",
        "files not strings|{\"format\": \"hostvirt-snapshot/1\", \"platform\": {\"os\": \"linux\", \"arch\": \"amd64\"}, \"files\": {\"/proc/cpuinfo\": 3.5e9999}}|must be a string or null",
        "a command without argv|{\"format\": \"hostvirt-snapshot/1\", \"platform\": {\"os\": \"linux\", \"arch\": \"amd64\"}, \"commands\": [{\"exit\": 0}]}|argv must be",
        "an exit that is text|{\"format\": \"hostvirt-snapshot/1\", \"platform\": {\"os\": \"linux\", \"arch\": \"amd64\"}, \"commands\": [{\"argv\": [\"runc\"], \"exit\": \"zero\"}]}|exit must be a whole number",
        "paths not objects|{\"format\": \"hostvirt-snapshot/1\", \"platform\": {\"os\": \"linux\", \"arch\": \"amd64\"}, \"paths\": {\"/dev/kvm\": true}}|must be an object or null",
        "empty file||empty file",
        "a mode that is not octal|{\"format\": \"hostvirt-snapshot/1\", \"platform\": {\"os\": \"linux\", \"arch\": \"amd64\"}, \"paths\": {\"/dev/kvm\": {\"type\": \"char\", \"mode\": \"zzz\"}}}|mode must be an octal",
        "CPUID registers that are text|{\"format\": \"hostvirt-snapshot/1\", \"platform\": {\"os\": \"linux\", \"arch\": \"amd64\"}, \"values\": {\"linux.cpuid.0x40000000\": [\"x\", 1, 2, 3]}}|32-bit CPUID registers",
    })
    void isRefusedInOneLine(String name, String content, String expected) throws IOException {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, content == null ? "" : content, StandardCharsets.UTF_8);
        Cli.Run r = Cli.run("check", "--snapshot", file.toString());
        assertEquals(2, r.exit(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("hostvirt: " + file + ": "), r.err());
        assertTrue(r.err().contains(expected), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void jsonNestedDeeperThanTheParserTakesIsRefusedInOneLine() throws IOException {
        Path file = dir.resolve("deep.json");
        Files.writeString(file, "{\"format\": \"hostvirt-snapshot/1\", \"x\": " + "[".repeat(2000) + "]".repeat(2000) + "}");
        for (String command : new String[] {"check", "facts"}) {
            Cli.Run r = Cli.run(command, "--snapshot", file.toString());
            assertEquals(2, r.exit(), r.err());
            assertTrue(r.err().startsWith("hostvirt: " + file + ": valid JSON perhaps, but nested too deeply"), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
        }
    }

    @Test
    void aSnapshotSavedWithAByteOrderMarkOrAsUtf16IsRead() throws IOException {
        // What Notepad (a BOM) and Windows PowerShell 5.1's `hostvirt snapshot > host.json` (UTF-16LE) save.
        String json = "{\"format\": \"hostvirt-snapshot/1\", \"platform\": {\"os\": \"linux\", \"arch\": \"amd64\"}}";
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        byte[] bom = new byte[utf8.length + 3];
        bom[0] = (byte) 0xef;
        bom[1] = (byte) 0xbb;
        bom[2] = (byte) 0xbf;
        System.arraycopy(utf8, 0, bom, 3, utf8.length);
        byte[] le = json.getBytes(StandardCharsets.UTF_16LE);
        byte[] utf16 = new byte[le.length + 2];
        utf16[0] = (byte) 0xff;
        utf16[1] = (byte) 0xfe;
        System.arraycopy(le, 0, utf16, 2, le.length);
        Cli.Run plain = Cli.run("facts", "--snapshot", Files.write(dir.resolve("plain.json"), utf8).toString());
        for (byte[] content : new byte[][] {bom, utf16}) {
            Cli.Run r = Cli.run("facts", "--snapshot", Files.write(dir.resolve("saved.json"), content).toString());
            assertEquals(plain.exit(), r.exit(), r.err());
            assertEquals(plain.out(), r.out());
        }
    }

    @ParameterizedTest
    @CsvSource({"does-not-exist.json, no such file"})
    void aMissingFileIsNamed(String name, String expected) {
        Cli.Run r = Cli.run("facts", "--snapshot", dir.resolve(name).toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains(expected), r.err());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not JSON at all|hello|no es JSON válido (línea 1",
        "a JSON list|[1, 2]|no es una instantánea del equipo (se esperaba un objeto JSON)",
        "another tool's file|{\"format\": \"docker-inspect/2\"}|el formato \"docker-inspect/2\" no es el de una instantánea del equipo",
        "an unknown OS|{\"format\": \"hostvirt-snapshot/1\", \"platform\": {\"os\": \"plan9\", \"arch\": \"amd64\"}}|platform.os debe ser linux, windows o macos, no \"plan9\"",
        "empty file||archivo vacío",
    })
    void isRefusedInTheUsersLanguage(String name, String content, String expected) throws IOException {
        Path file = dir.resolve("roto.json");
        Files.writeString(file, content == null ? "" : content, StandardCharsets.UTF_8);
        Cli.Run r = Cli.run(() -> {
            throw new AssertionError("no live host");
        }, Locale.forLanguageTag("es-ES"), Map.of(), "check", "--snapshot", file.toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().startsWith("hostvirt: " + file + ": " + expected), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void anUnknownTargetIsNamedInTheUsersLanguage() throws IOException {
        Path file = dir.resolve("host.json");
        Files.writeString(file, "{\"format\": \"hostvirt-snapshot/1\", \"platform\": {\"os\": \"linux\", \"arch\": \"amd64\"}}",
                StandardCharsets.UTF_8);
        Cli.Run r = Cli.run(() -> {
            throw new AssertionError("no live host");
        }, Locale.forLanguageTag("es-ES"), Map.of(), "check", "--snapshot", file.toString(), "--for", "hyperv");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().startsWith("hostvirt: objetivo desconocido 'hyperv' para esta plataforma; elija entre kvm,"), r.err());
        Cli.Run en = Cli.run("check", "--snapshot", file.toString(), "--for", "hyperv");
        assertTrue(en.err().startsWith("hostvirt: unknown target 'hyperv' for this platform; choose from kvm,"), en.err());
    }
}
