package dev.hostvirt.configure.profile;

import dev.hostvirt.configure.ConfigureException;
import dev.hostvirt.configure.FileProblem;
import dev.hostvirt.configure.UserInput;
import dev.hostvirt.configure.windows.WslConfigEditor;
import dev.hostvirt.i18n.Text;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.ini4j.Config;
import org.ini4j.Ini;
import org.ini4j.Profile.Section;

/**
 * Reads a profile INI with ini4j: size capped, strict UTF-8, values read with get() and never
 * fetch() (no variable expansion: CVE-2022-41404), every section, key and value checked against what
 * hostvirt knows. Anything else is one line naming the problem (exit 2), before anything is planned.
 */
public final class ProfileReader {
    public static final int MAX_BYTES = 64 * 1024;
    static final Set<String> MODES = Set.of("virtualbox", "vmware", "hyperv", "kvm");
    static final Set<String> FEATURES = Set.of("wsl2", "hyperv", "windows-containers", "sandbox", "containers", "rootless");

    private ProfileReader() {
    }

    public static Profile read(Path file) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw bad("configure.profile.unreadable", file, FileProblem.reason(e));
        }
        if (bytes.length > MAX_BYTES) {
            throw bad("configure.profile.too-big", file, MAX_BYTES);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw bad("configure.profile.malformed", file, Text.of("configure.io.not-utf8"));
        }
        return parse(text, file.getFileName().toString());
    }

    public static Profile parse(String text, String name) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        Ini ini = new Ini();
        Config c = ini.getConfig().clone();
        c.setMultiOption(true);
        c.setMultiSection(true);
        c.setEscape(false);
        c.setGlobalSection(true);
        c.setGlobalSectionName("?");
        ini.setConfig(c);
        try {
            ini.load(new StringReader(text));
        } catch (IOException | RuntimeException e) {
            throw bad("configure.profile.malformed", name, oneLine(e.getMessage()));
        }
        String mode = null;
        String bootEntry = null;
        String user = null;
        List<String> features = new ArrayList<>();
        Map<String, String> wsl = new LinkedHashMap<>();
        for (String sectionName : ini.keySet()) {
            if (ini.getAll(sectionName).size() > 1) {
                throw bad("configure.profile.duplicate", name, "[" + sectionName + "]");
            }
            Section s = ini.get(sectionName);
            for (String key : s.keySet()) {
                if (s.getAll(key).size() > 1) {
                    throw bad("configure.profile.duplicate", name, "[" + sectionName + "] " + key);
                }
                String value = s.get(key);
                value = value == null ? "" : value.trim();
                if (value.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
                    throw bad("configure.profile.bad-value", name, sectionName, key, UserInput.safe(value));
                }
                switch (sectionName.toLowerCase(Locale.ROOT)) {
                    case "hypervisor" -> {
                        switch (key.toLowerCase(Locale.ROOT)) {
                            case "mode" -> {
                                if (!MODES.contains(value)) {
                                    throw bad("configure.profile.bad-value", name, sectionName, key, UserInput.safe(value));
                                }
                                mode = value;
                            }
                            case "boot-entry" -> bootEntry = UserInput.bootEntryName(value);
                            default -> throw bad("configure.profile.unknown-key", name, sectionName, UserInput.safe(key));
                        }
                    }
                    case "features" -> {
                        if (!FEATURES.contains(key)) {
                            throw bad("configure.profile.unknown-key", name, sectionName, UserInput.safe(key));
                        }
                        if (!value.equals("on")) {
                            // hostvirt only turns features on; "off" would need uninstall steps it does not plan.
                            throw bad("configure.profile.only-on", name, key, UserInput.safe(value));
                        }
                        features.add(key);
                    }
                    case "wslconfig" -> {
                        String k = WslConfigEditor.key(key);
                        wsl.put(k, WslConfigEditor.value(k, value));
                    }
                    case "user" -> {
                        if (!key.equalsIgnoreCase("name")) {
                            throw bad("configure.profile.unknown-key", name, sectionName, UserInput.safe(key));
                        }
                        user = UserInput.userName(value);
                    }
                    default -> throw bad("configure.profile.unknown-section", name, UserInput.safe(sectionName));
                }
            }
        }
        if (mode == null && features.isEmpty() && wsl.isEmpty()) {
            throw bad("configure.profile.empty", name);
        }
        return new Profile(mode, bootEntry, user, features, wsl);
    }

    private static String oneLine(String s) {
        return UserInput.safe(String.valueOf(s));
    }

    private static ConfigureException bad(String key, Object... args) {
        return new ConfigureException(Text.of(key, args), 2);
    }
}
