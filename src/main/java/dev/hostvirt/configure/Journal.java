package dev.hostvirt.configure;

import dev.hostvirt.i18n.Text;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ini4j.Config;
import org.ini4j.Ini;
import org.ini4j.Profile;

/**
 * One change set on disk: the plan's steps with, for each, its state and the machine's state before it
 * ran. Saved (flushed and atomically renamed) before every step starts and after it ends, so a process
 * started after a crash knows exactly which steps may have run and what to put back. INI through
 * ini4j; values are read with {@code get}, never {@code fetch} (CVE-2022-41404: no variable expansion).
 */
public final class Journal {
    /** Journals hold file contents of small files; anything larger was not written by hostvirt. */
    static final long MAX_BYTES = 8L * 1024 * 1024;

    public enum Status {
        APPLYING, APPLIED, ROLLING_BACK, ROLLED_BACK, UNDOING, UNDONE;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        static Status parse(String s) {
            return valueOf(s.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        }

        /** A process stopped while it was changing the machine: the change set is half done. */
        public boolean interrupted() {
            return this == APPLYING || this == ROLLING_BACK || this == UNDOING;
        }
    }

    public enum StepState {
        PENDING, STARTED, DONE, SKIPPED, REVERTED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A step and what the journal knows of it. {@code before} is null until the step was started. */
    public static final class Entry {
        private final Step step;
        private StepState state;
        private String before;

        Entry(Step step, StepState state, String before) {
            this.step = step;
            this.state = state;
            this.before = before;
        }

        public Step step() {
            return step;
        }

        public StepState state() {
            return state;
        }

        public String before() {
            return before;
        }

        void started(String capturedBefore) {
            this.before = capturedBefore;
            this.state = StepState.STARTED;
        }

        void state(StepState s) {
            this.state = s;
        }
    }

    private final Path file;
    private final String id;
    private final String command;
    private final String created;
    private final String bootId;
    private Status status;
    private String failure;
    private final List<Entry> entries;

    private Journal(Path file, String id, String command, String created, String bootId, Status status,
            String failure, List<Entry> entries) {
        this.file = file;
        this.id = id;
        this.command = command;
        this.created = created;
        this.bootId = bootId;
        this.status = status;
        this.failure = failure;
        this.entries = entries;
    }

    static Journal create(Path file, String id, Plan plan, String created, String bootId) {
        List<Entry> entries = new ArrayList<>();
        for (Step s : plan.steps()) {
            entries.add(new Entry(s, StepState.PENDING, null));
        }
        return new Journal(file, id, plan.command(), created, bootId, Status.APPLYING, null, entries);
    }

    public String id() {
        return id;
    }

    public String command() {
        return command;
    }

    public String created() {
        return created;
    }

    public String bootId() {
        return bootId;
    }

    public Status status() {
        return status;
    }

    public String failure() {
        return failure;
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    public Path file() {
        return file;
    }

    void status(Status s) {
        this.status = s;
    }

    void failure(String f) {
        this.failure = f;
    }

    public Reboot reboot() {
        Reboot r = Reboot.NONE;
        for (Entry e : entries) {
            if (e.state == StepState.DONE) {
                r = r.max(e.step.reboot());
            }
        }
        return r;
    }

    /** Writes the whole journal to a temporary file, flushes it and renames it over the old one. */
    public void save() {
        Ini ini = newIni();
        Profile.Section cs = ini.add("changeset");
        cs.put("id", enc(id));
        cs.put("command", enc(command));
        cs.put("created", enc(created));
        cs.put("boot-id", enc(bootId == null ? "" : bootId));
        cs.put("status", status.label());
        if (failure != null) {
            cs.put("failure", enc(failure));
        }
        cs.put("steps", String.valueOf(entries.size()));
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            Step s = e.step;
            Profile.Section sec = ini.add("step." + (i + 1));
            sec.put("kind", enc(s.kind()));
            sec.put("state", e.state.label());
            if (e.before != null) {
                sec.put("before", enc(e.before));
            }
            s.params().forEach((k, v) -> sec.put("param." + k, enc(v)));
            putText(sec, "what", s.what());
            putText(sec, "why", s.why());
            for (int c = 0; c < s.commands().size(); c++) {
                List<String> argv = s.commands().get(c);
                for (int a = 0; a < argv.size(); a++) {
                    sec.put("command." + (c + 1) + "." + (a + 1), enc(argv.get(a)));
                }
            }
            if (s.file() != null) {
                sec.put("file.path", enc(s.file().path()));
                if (s.file().content() != null) {
                    sec.put("file.content", enc(s.file().content()));
                }
            }
            sec.put("reversible", String.valueOf(s.reversible()));
            sec.put("reboot", s.reboot().name().toLowerCase(java.util.Locale.ROOT));
        }
        StringWriter w = new StringWriter();
        try {
            ini.store(w);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try {
            AtomicFiles.write(file, w.toString().getBytes(StandardCharsets.UTF_8));
        } catch (java.io.UncheckedIOException e) {
            throw new ConfigureException(Text.of("configure.error.journal-write", file, FileProblem.reason(e.getCause())), 1);
        }
    }

    /** Reads a journal; a damaged one is an error naming the file, never a guess. */
    public static Journal load(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigureException(Text.of("configure.error.journal-damaged", file, "> " + MAX_BYTES + " bytes"), 2);
            }
            Ini ini = newIni();
            ini.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
            Profile.Section cs = required(ini, "changeset", file);
            int n = Integer.parseInt(req(cs, "steps", file));
            List<Entry> entries = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                Profile.Section sec = required(ini, "step." + i, file);
                Map<String, String> params = new LinkedHashMap<>();
                Map<Integer, Map<Integer, String>> cmds = new java.util.TreeMap<>();
                for (String key : sec.keySet()) {
                    if (key.startsWith("param.")) {
                        params.put(key.substring(6), dec(sec.get(key)));
                    } else if (key.startsWith("command.")) {
                        String[] parts = key.split("\\.");
                        cmds.computeIfAbsent(Integer.parseInt(parts[1]), k -> new java.util.TreeMap<>())
                                .put(Integer.parseInt(parts[2]), dec(sec.get(key)));
                    }
                }
                List<List<String>> commands = new ArrayList<>();
                cmds.values().forEach(m -> commands.add(new ArrayList<>(m.values())));
                FileChange fc = sec.get("file.path") == null ? null
                        : new FileChange(dec(sec.get("file.path")), sec.get("file.content") == null ? null : dec(sec.get("file.content")));
                Step step = new Step(dec(req(sec, "kind", file)), params, getText(sec, "what"), getText(sec, "why"),
                        commands, fc, Boolean.parseBoolean(sec.get("reversible")),
                        Reboot.valueOf(req(sec, "reboot", file).toUpperCase(java.util.Locale.ROOT)));
                String before = sec.get("before") == null ? null : dec(sec.get("before"));
                entries.add(new Entry(step, StepState.valueOf(req(sec, "state", file).toUpperCase(java.util.Locale.ROOT)), before));
            }
            return new Journal(file, dec(req(cs, "id", file)), dec(req(cs, "command", file)), dec(req(cs, "created", file)),
                    emptyToNull(dec(cs.get("boot-id") == null ? "" : cs.get("boot-id"))),
                    Status.parse(req(cs, "status", file)), cs.get("failure") == null ? null : dec(cs.get("failure")), entries);
        } catch (ConfigureException e) {
            throw e;
        } catch (IOException e) {
            throw new ConfigureException(Text.of("configure.error.journal-damaged", file, FileProblem.reason(e)), 2);
        } catch (RuntimeException e) {
            // A number, state or status that does not parse: Java's own words ("For input string", "No enum
            // constant ...") say nothing to the user, so the detail is ours.
            throw new ConfigureException(Text.of("configure.error.journal-damaged", file, Text.of("configure.journal.malformed")), 2);
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static Ini newIni() {
        Ini ini = new Ini();
        Config c = ini.getConfig().clone();
        c.setMultiOption(false);
        c.setEscape(true);
        ini.setConfig(c);
        return ini;
    }

    private static Profile.Section required(Ini ini, String name, Path file) {
        Profile.Section s = ini.get(name);
        if (s == null) {
            throw new ConfigureException(Text.of("configure.error.journal-damaged", file, "[" + name + "]"), 2);
        }
        return s;
    }

    private static String req(Profile.Section s, String key, Path file) {
        String v = s.get(key);
        if (v == null) {
            throw new ConfigureException(Text.of("configure.error.journal-damaged", file, "[" + s.getName() + "] " + key), 2);
        }
        return v;
    }

    private static void putText(Profile.Section sec, String name, Text t) {
        sec.put(name, enc(t.key()));
        for (int i = 0; i < t.args().size(); i++) {
            sec.put(name + "." + (i + 1), enc(String.valueOf(t.args().get(i))));
        }
    }

    private static Text getText(Profile.Section sec, String name) {
        String key = sec.get(name) == null ? "configure.step.unknown" : dec(sec.get(name));
        List<Object> args = new ArrayList<>();
        for (int i = 1; sec.get(name + "." + i) != null; i++) {
            args.add(dec(sec.get(name + "." + i)));
        }
        return new Text(key, args);
    }

    /** Values outside a plain alphabet go base64-encoded, so no escaping rule can change a byte. */
    static String enc(String v) {
        if (v.matches("[A-Za-z0-9 _./:{}=,@+-]*") && !v.startsWith("b64:") && v.equals(v.strip())) {
            return v;
        }
        return "b64:" + Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8));
    }

    static String dec(String v) {
        if (v == null) {
            return null;
        }
        return v.startsWith("b64:") ? new String(Base64.getDecoder().decode(v.substring(4)), StandardCharsets.UTF_8) : v;
    }
}
