package dev.hostvirt.configure.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hostvirt.configure.Actions;
import dev.hostvirt.configure.ConfigureException;
import dev.hostvirt.configure.Configurator;
import dev.hostvirt.configure.Engine;
import dev.hostvirt.configure.FaultHook;
import dev.hostvirt.configure.Plan;
import dev.hostvirt.configure.Step;
import dev.hostvirt.configure.linux.FakeLinux;
import dev.hostvirt.configure.windows.FakeWindows;
import dev.hostvirt.configure.windows.WindowsActions;
import dev.hostvirt.configure.windows.WindowsPlanner;
import dev.hostvirt.i18n.Messages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T21:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void readsTheDocumentedExample() {
        Profile p = ProfileReader.parse("# dev laptop\n[hypervisor]\nmode = virtualbox\nboot-entry = Sin Hyper-V\n\n"
                + "[features]\nwsl2 = on\n\n[wslconfig]\nmemory = 4GB\nprocessors=2\n", "p.ini");
        assertEquals("virtualbox", p.mode());
        assertEquals("Sin Hyper-V", p.bootEntry());
        assertEquals(List.of("wsl2"), p.features());
        assertEquals(Map.of("memory", "4GB", "processors", "2"), p.wslconfig());
    }

    @Test
    void malformedOrHostileProfilesAreOneLineErrorsWithExitTwo() {
        List<String> bad = List.of(
                "[hypervisor\nmode=virtualbox\n",
                "[hypervisor]\nmode = virtualbox; calc.exe\n",
                "[hypervisor]\nmode = kvm\nmode = hyperv\n",
                "[hypervisor]\nmode=virtualbox\nboot-entry = say \"hi\" & del *\n",
                "[hypervisor]\nmode=virtualbox\nboot-entry = " + "x".repeat(10_240) + "\n",
                "[hypervisor]\nmode=${env:MODE}\n",
                "[features]\nwsl2 = off\n",
                "[features]\nnuke = on\n",
                "[wslconfig]\nkernel = C:\\evil.bin\n",
                "[wslconfig]\nmemory = 4GB | calc\n",
                "[user]\nname = -oProxyCommand=x\n",
                "[network]\nproxy=1\n",
                "# nothing\n");
        for (String text : bad) {
            ConfigureException e = assertThrows(ConfigureException.class, () -> ProfileReader.parse(text, "p.ini"), text);
            assertEquals(2, e.exitCode());
            for (String lang : List.of("en", "es")) {
                String line = Messages.forLanguage(lang).render(e.text());
                assertFalse(line.contains("\n"), line);
                assertTrue(line.length() < 400, line);
                assertFalse(line.startsWith("configure."), "missing message for " + e.text().key());
            }
        }
    }

    @Test
    void bigAndNonUtf8FilesAreRefusedBeforeParsing() throws Exception {
        Path big = dir.resolve("big.ini");
        Files.writeString(big, "[features]\nwsl2=on\n#" + "x".repeat(ProfileReader.MAX_BYTES));
        assertEquals("configure.profile.too-big", assertThrows(ConfigureException.class, () -> ProfileReader.read(big)).text().key());
        Path latin1 = dir.resolve("latin1.ini");
        Files.write(latin1, "[hypervisor]\nboot-entry=Sin Hyper-V \u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("configure.profile.malformed", assertThrows(ConfigureException.class, () -> ProfileReader.read(latin1)).text().key());
    }

    @Test
    void aWindowsProfilePlansOnlyTheDifferenceAndThenNothing() {
        FakeWindows fake = new FakeWindows(dir);
        fake.wslInstalled = true;
        Profile p = ProfileReader.parse("[hypervisor]\nmode=virtualbox\n[features]\nwsl2=on\ncontainers=on\n[wslconfig]\nmemory=4GB\n", "p.ini");
        Configurator c = new Configurator(fake.host(), fake.machine, CLOCK.instant(), Map.of("USERPROFILE", "C:\\Users\\alice"));
        Plan plan = c.profile(p, "p.ini");
        // VirtualMachinePlatform is already on and WSL installed: not planned. WSL feature once, not twice.
        assertEquals(List.of(WindowsActions.BCD_EXPORT, WindowsActions.BCD_VALUE, WindowsActions.FEATURE, WindowsActions.WSL_VERSION, "file"),
                plan.steps().stream().map(Step::kind).toList());
        assertEquals(WindowsPlanner.WSL_FEATURE, plan.steps().get(2).params().get("feature"));
        assertTrue(new Engine(fake.machine, Actions.standard(), CLOCK, FaultHook.NONE).apply(plan).succeeded());
        Plan again = new Configurator(fake.host(), fake.machine, CLOCK.instant(), Map.of("USERPROFILE", "C:\\Users\\alice")).profile(p, "p.ini");
        assertTrue(again.empty(), again.steps().toString());
    }

    @Test
    void aLinuxProfileSwitchesAndEnablesRootlessForTheNamedUser() {
        FakeLinux fake = new FakeLinux(dir);
        Profile p = ProfileReader.parse("[hypervisor]\nmode=kvm\n[features]\nrootless=on\n[user]\nname=alice\n", "p.ini");
        Configurator c = new Configurator(fake.host(), fake.machine, CLOCK.instant(), Map.of());
        Plan plan = c.profile(p, "p.ini");
        assertTrue(plan.steps().stream().anyMatch(s -> s.commands().contains(List.of("usermod", "-aG", "kvm", "alice"))));
        assertTrue(plan.steps().stream().anyMatch(s -> s.file() != null && s.file().path().equals("/etc/subuid")));
        assertTrue(new Engine(fake.machine, Actions.standard(), CLOCK, FaultHook.NONE).apply(plan).succeeded());
        assertTrue(new Configurator(fake.host(), fake.machine, CLOCK.instant(), Map.of()).profile(p, "p.ini").empty());
    }
}
