package dev.hostvirt.configure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hostvirt.host.Reading;
import dev.hostvirt.i18n.Text;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T21:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path root;

    private Machine machine() {
        return new Machine(root, argv -> Reading.absent(), Machine.LINUX_STATE_DIR);
    }

    @Test
    void everyValueSurvivesTheRoundTripByteForByte() {
        String nasty = "line1\nline2\r\n\"quoted\" & | ; ${env:HOME} ${x/y} \\back\\slash {current} ñ é 日本 \u0001 =;#[x]";
        Step step = new Step("file", Map.of("path", "/etc/x y.conf", "content", nasty),
                Text.of("configure.step.dropin-write", nasty), Text.of("configure.why.userns"),
                List.of(List.of("prog", nasty, "--flag=" + nasty)), new FileChange("/etc/x y.conf", nasty), true, Reboot.RELOGIN);
        JournalStore store = new JournalStore(machine());
        Journal j = store.create(new Plan("switch kvm", List.of(step), List.of()), CLOCK.instant(), "boot-1");
        j.entries().get(0).started("bytes:" + nasty);
        j.save();
        Journal back = Journal.load(j.file());
        Journal.Entry e = back.entries().get(0);
        assertEquals(step, e.step());
        assertEquals("bytes:" + nasty, e.before());
        assertEquals(Journal.StepState.STARTED, e.state());
        assertEquals(Journal.Status.APPLYING, back.status());
        assertEquals("switch kvm", back.command());
        assertEquals("boot-1", back.bootId());
    }

    @Test
    void savingLeavesNoTemporaryFilesBehind() throws Exception {
        JournalStore store = new JournalStore(machine());
        Journal j = store.create(new Plan("x", List.of(), List.of()), CLOCK.instant(), null);
        for (int i = 0; i < 5; i++) {
            j.save();
        }
        try (Stream<Path> files = Files.list(store.directory())) {
            assertEquals(List.of("20261127-210000.ini"), files.map(p -> p.getFileName().toString()).toList());
        }
        Journal second = store.create(new Plan("y", List.of(), List.of()), CLOCK.instant(), null);
        assertEquals("20261127-210000-2", second.id());
    }

    @Test
    void aDamagedJournalIsAnErrorNamingTheFileNeverAGuess() throws Exception {
        JournalStore store = new JournalStore(machine());
        Files.createDirectories(store.directory());
        Path f = store.directory().resolve("20261127-210000.ini");
        for (String text : List.of("", "[changeset]\nid=x\n", "[changeset]\nid=1\ncommand=c\ncreated=t\nstatus=applied\nsteps=1\n",
                "[changeset]\nid=1\ncommand=c\ncreated=t\nstatus=weird\nsteps=0\n", "\u0000\u0001garbage[[[")) {
            Files.writeString(f, text);
            ConfigureException e = assertThrows(ConfigureException.class, () -> Journal.load(f));
            assertEquals("configure.error.journal-damaged", e.text().key());
            assertEquals(2, e.exitCode());
        }
        assertThrows(ConfigureException.class, () -> store.find("../../etc/passwd"));
    }

    @Test
    void aSecondWriterIsRefusedWhileOneHoldsTheLock() {
        Machine m = machine();
        try (StateLock held = StateLock.acquire(m)) {
            Engine engine = new Engine(m, Actions.standard(), CLOCK, FaultHook.NONE);
            ConfigureException e = assertThrows(ConfigureException.class,
                    () -> engine.apply(new Plan("x", List.of(), List.of())));
            assertEquals("configure.error.locked", e.text().key());
        }
        assertTrue(new Engine(m, Actions.standard(), CLOCK, FaultHook.NONE).apply(new Plan("x", List.of(), List.of())).succeeded());
    }

    @Test
    void fileStepsRestoreBytesAndPermissionsAndRemoveWhatTheyCreated() throws Exception {
        Machine m = machine();
        Path existing = m.path("/etc/subuid");
        Files.createDirectories(existing.getParent());
        byte[] original = "bob:100000:65536\n\u00ff\u0000no trailing newline".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Files.write(existing, original);
        Files.setPosixFilePermissions(existing, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        Plan plan = new Plan("t", List.of(
                FileAction.write("/etc/subuid", "alice:1:65536\n", Text.of("a"), Text.of("b"), Reboot.NONE),
                FileAction.write("/etc/sysctl.d/60-new.conf", "x=1\n", Text.of("a"), Text.of("b"), Reboot.NONE)), List.of());
        Engine engine = new Engine(m, Actions.standard(), CLOCK, FaultHook.NONE);
        Outcome out = engine.apply(plan);
        assertEquals("rw-r-----", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(existing)));
        assertTrue(engine.undo(engine.store().find(out.changeSet())).succeeded());
        assertTrue(java.util.Arrays.equals(original, Files.readAllBytes(existing)));
        assertEquals("rw-r-----", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(existing)));
        assertTrue(Files.notExists(m.path("/etc/sysctl.d/60-new.conf")));
    }

    @Test
    void windowsBootMinutesWithinTwoMinutesAreTheSameBoot() {
        assertTrue(BootId.same("windows-boot-minute:100", "windows-boot-minute:102"));
        assertTrue(!BootId.same("windows-boot-minute:100", "windows-boot-minute:103"));
        assertTrue(BootId.same("4f0e1c7a-3b2d-4c55-9e8f-0a1b2c3d4e5f", "4f0e1c7a-3b2d-4c55-9e8f-0a1b2c3d4e5f"));
        assertTrue(!BootId.same(null, "x"));
    }
}
