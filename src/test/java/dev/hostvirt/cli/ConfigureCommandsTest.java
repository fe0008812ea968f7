package dev.hostvirt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hostvirt.configure.Actions;
import dev.hostvirt.configure.Engine;
import dev.hostvirt.configure.JournalStore;
import dev.hostvirt.configure.Machine;
import dev.hostvirt.configure.MachineHost;
import dev.hostvirt.configure.SimulatedCrash;
import dev.hostvirt.configure.linux.FakeLinux;
import dev.hostvirt.configure.linux.FactsLinuxState;
import dev.hostvirt.configure.linux.LinuxPlanner;
import dev.hostvirt.configure.windows.FakeWindows;
import dev.hostvirt.host.Host;
import dev.hostvirt.host.HostPlatform;
import dev.hostvirt.host.Reading;
import dev.hostvirt.host.RecordingHost;
import dev.hostvirt.host.SnapshotCodec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigureCommandsTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T21:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path root;

    record Run(int exit, String out, String err) {
    }

    static Run run(Supplier<Host> host, Path cwd, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliEnvironment env = new CliEnvironment(new PrintWriter(out), new PrintWriter(err),
                Map.of("USERPROFILE", "C:\\Users\\alice"), Locale.ENGLISH, false, host, CLOCK, cwd);
        int exit = CommandLineFactory.create(env).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void switchIsADryRunUnlessApplyAndPrintsEachStepExactly() {
        FakeWindows fake = new FakeWindows(root);
        String before = fake.state();
        Run r = run(fake::host, root, "switch", "virtualbox");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("run: bcdedit.exe /set \"{current}\" hypervisorlaunchtype Off"), r.out());
        assertTrue(r.out().contains("run: bcdedit.exe /export C:\\ProgramData\\hostvirt\\bcd-backup-20261127-210000.bcd"), r.out());
        assertTrue(r.out().contains("reversible - needs a reboot"), r.out());
        assertTrue(r.out().contains("WSL 2, Docker Desktop, Windows Sandbox"), r.out());
        assertTrue(r.out().contains("Dry run: nothing was changed."), r.out());
        assertEquals(before, fake.state());
        assertTrue(new JournalStore(fake.machine).list().isEmpty());
        assertTrue(fake.calls.stream().noneMatch(c -> c.contains("/set") || c.contains("/export")));
    }

    @Test
    void jsonPrintsThePlanAsData() throws Exception {
        FakeWindows fake = new FakeWindows(root);
        Run r = run(fake::host, root, "switch", "virtualbox", "--boot-entry", "Sin Hyper-V & co", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode plan = new ObjectMapper().readTree(r.out());
        assertTrue(plan.get("dryRun").asBoolean());
        assertEquals("windows", plan.get("os").asText());
        JsonNode copy = plan.get("steps").get(1);
        assertEquals(List.of("bcdedit.exe", "/copy", "{current}", "/d", "Sin Hyper-V & co"),
                new ObjectMapper().convertValue(copy.get("commands").get(0), List.class));
        assertTrue(copy.get("reversible").asBoolean());
        assertEquals("reboot", copy.get("reboot").asText());
    }

    @Test
    void applyNeedsYesWithoutATerminalAndElevationFirst() {
        FakeWindows fake = new FakeWindows(root);
        Run noYes = run(fake::host, root, "switch", "virtualbox", "--apply");
        assertEquals(2, noYes.exit());
        assertTrue(noYes.err().contains("--yes"), noYes.err());

        fake.elevated = false;
        String before = fake.state();
        Run en = run(fake::host, root, "switch", "virtualbox", "--apply", "--yes");
        assertEquals(1, en.exit());
        assertTrue(en.err().contains("open an elevated prompt"), en.err());
        assertEquals(1, en.err().lines().count(), en.err());
        Run es = run(fake::host, root, "switch", "virtualbox", "--apply", "--yes", "--lang", "es");
        assertTrue(es.err().contains("abra un símbolo del sistema elevado"), es.err());
        assertEquals(before, fake.state());
        assertTrue(new JournalStore(fake.machine).list().isEmpty(), "elevation is checked before any journal or step");

        FakeLinux linux = new FakeLinux(root.resolve("linux"));
        linux.write("/proc/self/status", "Uid:\t1000\t1000\t1000\t1000\n");
        Run sudo = run(linux::host, root, "switch", "virtualbox", "--apply", "--yes");
        assertEquals(1, sudo.exit());
        assertTrue(sudo.err().contains("run with sudo"), sudo.err());
    }

    @Test
    void applyStatusUndoRoundTrip() {
        FakeWindows fake = new FakeWindows(root);
        String before = fake.state();
        Run applied = run(fake::host, root, "switch", "virtualbox", "--apply", "--yes");
        assertEquals(0, applied.exit(), applied.err());
        assertTrue(applied.out().contains("Done: change set 20261127-210000"), applied.out());
        assertTrue(applied.out().contains("Restart the computer"), applied.out());
        assertEquals("Off", fake.entries.get(FakeWindows.CURRENT).get("hypervisorlaunchtype"));

        Run again = run(fake::host, root, "switch", "virtualbox", "--apply", "--yes");
        assertEquals(0, again.exit());
        assertTrue(again.out().contains("already off"), again.out());

        Run status = run(fake::host, root, "status");
        assertEquals(0, status.exit());
        assertTrue(status.out().contains("Waiting for a reboot: change set 20261127-210000 (switch virtualbox)"), status.out());

        Run list = run(fake::host, root, "undo", "--list");
        assertTrue(list.out().contains("20261127-210000  applied  switch virtualbox  (2 steps)"), list.out());
        Run dry = run(fake::host, root, "undo");
        assertTrue(dry.out().contains("Set hypervisorlaunchtype of {current} to Off"), dry.out());
        assertFalse(fake.state().equals(before));
        Run undone = run(fake::host, root, "undo", "--apply", "--yes");
        assertEquals(0, undone.exit(), undone.err());
        assertTrue(undone.out().contains("is undone"), undone.out());
        assertEquals(before, fake.state());
        assertTrue(run(fake::host, root, "undo").out().contains("no change set to undo"));
    }

    @Test
    void anInterruptedChangeSetIsFoundByStatusApplyAndUndo() {
        FakeLinux fake = new FakeLinux(root);
        Map<String, String> before = dev.hostvirt.configure.Trees.snapshot(root, fake.machine.stateDirectory());
        var plan = new LinuxPlanner(new FactsLinuxState(fake.host())).switchTo("virtualbox", null);
        assertThrows(SimulatedCrash.class, () -> new Engine(fake.machine, Actions.standard(), CLOCK, (i, p) -> {
            if (i == 2 && p == dev.hostvirt.configure.FaultHook.Point.APPLIED) {
                throw new SimulatedCrash("power loss");
            }
        }).apply(plan));
        Run status = run(fake::host, root, "status");
        assertEquals(1, status.exit());
        assertTrue(status.out().contains("Interrupted: change set 20261127-210000 (switch virtualbox)"), status.out());
        Run apply = run(fake::host, root, "switch", "virtualbox", "--apply", "--yes");
        assertEquals(1, apply.exit());
        assertTrue(apply.err().contains("hostvirt undo --apply"), apply.err());
        Run dry = run(fake::host, root, "switch", "virtualbox");
        assertTrue(dry.err().contains("was interrupted"), dry.err());
        Run undo = run(fake::host, root, "undo", "--apply", "--yes");
        assertEquals(0, undo.exit(), undo.err());
        assertEquals(0, run(fake::host, root, "status").exit());
        Map<String, String> after = dev.hostvirt.configure.Trees.snapshot(root, fake.machine.stateDirectory());
        after.remove("proc/modules");
        before.remove("proc/modules");
        assertEquals(before, after);
        assertEquals(List.of("kvm", "kvm_intel"), fake.modules().stream().filter(m -> m.startsWith("kvm")).sorted().toList());
    }

    @Test
    void aJournalDirectoryThatCannotBeListedIsOneSpanishLineAndExitOneNotAnEmptyList() throws Exception {
        FakeLinux fake = new FakeLinux(root);
        Path journals = new JournalStore(fake.machine).directory();
        Files.createDirectories(journals.getParent());
        Files.writeString(journals, "not a directory");
        for (String[] args : List.of(new String[] {"status", "--lang", "es"}, new String[] {"undo", "--list", "--lang", "es"},
                new String[] {"undo", "--lang", "es"})) {
            Run r = run(fake::host, root, args);
            assertEquals(1, r.exit(), String.join(" ", args) + ": " + r.out() + r.err());
            assertEquals("hostvirt: No se pueden leer los conjuntos de cambios de " + journals + ": no es un directorio\n",
                    r.err(), String.join(" ", args));
            assertEquals("", r.out());
        }
    }

    @Test
    void undoListRefusesAChangeSetOrApplyInsteadOfIgnoringThem() {
        FakeLinux fake = new FakeLinux(root);
        for (String[] args : List.of(new String[] {"undo", "--list", "20261127-210000", "--lang", "es"},
                new String[] {"undo", "--list", "--apply", "--yes", "--lang", "es"})) {
            Run r = run(fake::host, root, args);
            assertEquals(2, r.exit(), String.join(" ", args));
            assertTrue(r.err().startsWith("hostvirt: --list muestra todos los conjuntos de cambios y no admite CHANGESET"), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
        }
        assertEquals(0, run(fake::host, root, "undo", "--list").exit());
    }

    @Test
    void aDamagedJournalIsDescribedInSpanishNotWithJavasWords() throws Exception {
        FakeLinux fake = new FakeLinux(root);
        Path journal = new JournalStore(fake.machine).directory().resolve("20261127-210000.ini");
        Files.createDirectories(journal.getParent());
        Files.writeString(journal, "[changeset]\nid=20261127-210000\ncommand=c\ncreated=t\nstatus=applied\nsteps=many\n");
        Run r = run(fake::host, root, "status", "--lang", "es");
        assertEquals(2, r.exit());
        assertEquals("hostvirt: No se puede leer el diario " + journal
                + " (su contenido no es el que escribe hostvirt); no se modificó.\n", r.err());
    }

    @Test
    void undoingAStepOfAnUnknownKindIsAProblemInSpanishNotAnInternalError() throws Exception {
        FakeLinux fake = new FakeLinux(root);
        Path journal = new JournalStore(fake.machine).directory().resolve("20261127-210000.ini");
        Files.createDirectories(journal.getParent());
        Files.writeString(journal, "[changeset]\nid=20261127-210000\ncommand=switch kvm\ncreated=t\nstatus=applied\nsteps=1\n"
                + "[step.1]\nkind=teleport\nwhat=configure.step.unknown\nwhy=configure.step.unknown\nreversible=true\n"
                + "reboot=none\nstate=done\nbefore=x\n");
        Run r = run(fake::host, root, "undo", "--apply", "--yes", "--lang", "es");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("hostvirt no sabe ejecutar el tipo de paso \"teleport\""), r.out() + r.err());
        assertFalse((r.out() + r.err()).contains("error interno"), r.out() + r.err());
    }

    @Test
    void snapshotPlansForTheRecordedHostWithoutTouchingThisOne() throws Exception {
        FakeWindows fake = new FakeWindows(root);
        RecordingHost recorder = new RecordingHost(fake.host(), CLOCK);
        run(() -> recorder, root, "switch", "virtualbox", "--boot-entry", "Sin Hyper-V");
        run(() -> recorder, root, "enable", "wsl2");
        Path file = root.resolve("their-host.json");
        new SnapshotCodec().write(recorder.snapshot(), file);
        Supplier<Host> noLiveHost = () -> {
            throw new AssertionError("the live host must not be read with --snapshot");
        };
        Run sw = run(noLiveHost, root, "switch", "virtualbox", "--boot-entry", "Sin Hyper-V", "--snapshot", "their-host.json");
        assertEquals(0, sw.exit(), sw.err());
        assertTrue(sw.out().contains("run: bcdedit.exe /copy \"{current}\" /d \"Sin Hyper-V\""), sw.out());
        Run en = run(noLiveHost, root, "enable", "wsl2", "--snapshot", "their-host.json");
        assertEquals(0, en.exit(), en.err());
        assertTrue(en.out().contains("/FeatureName:Microsoft-Windows-Subsystem-Linux"), en.out());
        Run refused = run(noLiveHost, root, "switch", "virtualbox", "--snapshot", "their-host.json", "--apply", "--yes");
        assertEquals(2, refused.exit());
    }

    @Test
    void macosExplainsThatNothingNeedsSwitching() {
        Machine m = new Machine(root, argv -> Reading.absent(), Machine.LINUX_STATE_DIR);
        MachineHost mac = new MachineHost(new HostPlatform(HostPlatform.MACOS, "arm64"), m, c -> Reading.unknown("none"));
        Run r = run(() -> mac, root, "switch", "virtualbox");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("Nothing needs switching on macOS"), r.out());
    }

    @Test
    void aMalformedProfileIsOneLineAndExitTwo() throws Exception {
        FakeWindows fake = new FakeWindows(root);
        Files.writeString(root.resolve("bad.ini"), "[hypervisor\nmode=virtualbox\n");
        Run r = run(fake::host, root, "apply", "bad.ini");
        assertEquals(2, r.exit());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("hostvirt: Profile bad.ini is not valid INI"), r.err());
        Files.writeString(root.resolve("good.ini"), "[hypervisor]\nmode = virtualbox\n[features]\nwsl2 = on\n");
        Run ok = run(fake::host, root, "apply", "good.ini");
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(ok.out().contains("Plan: apply good.ini"), ok.out());
        assertTrue(ok.out().contains("wsl.exe --install --no-distribution"), ok.out());
        assertTrue(ok.out().contains("not reversible"), ok.out());
    }

    @Test
    void helpIsTranslated() {
        FakeWindows fake = new FakeWindows(root);
        StringWriter out = new StringWriter();
        CliEnvironment env = new CliEnvironment(new PrintWriter(out), new PrintWriter(new StringWriter()), Map.of(),
                Locale.forLanguageTag("es"), false, fake::host, CLOCK, root);
        assertEquals(0, CommandLineFactory.create(env).execute("switch", "--help"));
        assertTrue(out.toString().contains("Da la virtualización de la CPU") || out.toString().contains("Planifica"), out.toString());
        assertTrue(out.toString().contains("Esto reduce la"), out.toString());
    }

    @Test
    void rebootRunsOnlyAfterASuccessfulApplyThatNeedsIt() {
        FakeWindows fake = new FakeWindows(root);
        Run dry = run(fake::host, root, "switch", "virtualbox", "--reboot");
        assertEquals(0, dry.exit());
        assertTrue(fake.calls.stream().noneMatch(c -> c.get(0).equals("shutdown.exe")));
        Run r = run(fake::host, root, "switch", "virtualbox", "--apply", "--yes", "--reboot");
        assertEquals(0, r.exit(), r.err());
        assertEquals(List.of("shutdown.exe", "/r", "/t", "0"), fake.calls.get(fake.calls.size() - 1));
        int calls = fake.calls.size();
        run(fake::host, root, "switch", "virtualbox", "--apply", "--yes", "--reboot");
        assertTrue(fake.calls.subList(calls, fake.calls.size()).stream().noneMatch(c -> c.get(0).equals("shutdown.exe")),
                "nothing changed, so no reboot");
    }

    @Test
    void hostileArgumentsThroughTheCliAreOneLineErrors() {
        FakeWindows fake = new FakeWindows(root);
        for (String name : List.of("x".repeat(10_240), "a\nb", "say \"hi\"")) {
            Run r = run(fake::host, root, "switch", "virtualbox", "--boot-entry", name, "--apply", "--yes");
            assertEquals(2, r.exit());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().length() < 400);
        }
        Run wsl = run(fake::host, root, "enable", "wsl2", "--wslconfig", "memory=4GB\nkernel=C:\\x", "--json");
        assertEquals(2, wsl.exit());
        assertTrue(new JournalStore(fake.machine).list().isEmpty());
        FakeLinux linux = new FakeLinux(root.resolve("l"));
        Run user = run(linux::host, root, "switch", "kvm", "--add-to-kvm-group", "-oProxyCommand=x");
        assertEquals(2, user.exit(), user.err());
    }

    @Test
    void aLinuxSnapshotGivesTheLinuxPlan() throws Exception {
        FakeLinux fake = new FakeLinux(root.resolve("l"));
        RecordingHost recorder = new RecordingHost(fake.host(), CLOCK);
        run(() -> recorder, root, "switch", "virtualbox");
        Path file = root.resolve("linux.json");
        new SnapshotCodec().write(recorder.snapshot(), file);
        Run r = run(() -> {
            throw new AssertionError("no live host");
        }, root, "switch", "virtualbox", "--snapshot", "linux.json");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("run: modprobe -r kvm_intel"), r.out());
        assertTrue(r.out().contains("| options kvm enable_virt_at_load=0"), r.out());
    }
}
