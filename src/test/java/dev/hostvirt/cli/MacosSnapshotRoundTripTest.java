package dev.hostvirt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hostvirt.facts.macos.Snapshots;
import dev.hostvirt.host.Host;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * hostvirt snapshot on a Mac records what the macOS probes read; replaying the recording gives the
 * same facts and verdicts. A replayed snapshot stands in for the live Mac.
 */
class MacosSnapshotRoundTripTest {
    @TempDir
    Path dir;

    private String run(Supplier<Host> live, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliEnvironment env = new CliEnvironment(new PrintWriter(out), new PrintWriter(err), Map.of(), Locale.ENGLISH,
                false, live, Clock.systemUTC(), dir);
        int code = CommandLineFactory.create(env).execute(args);
        return code + "\n" + out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"intel-mojave.json", "apple-silicon-m3-sequoia.json", "rosetta-m1.json",
            "mac-vm-guest.json", "text-only-m2.json"})
    void recordingAMacAndReplayingItGivesTheSameReport(String name) {
        Supplier<Host> mac = () -> Snapshots.host(name);
        String original = run(mac, "check", "--json", "--verbose");
        String originalFacts = run(mac, "facts", "--json");
        assertEquals("0\n", run(mac, "snapshot", "-o", "recorded.json").substring(0, 2));
        Supplier<Host> none = () -> {
            throw new AssertionError("replay must not touch the live host");
        };
        assertEquals(original, run(none, "check", "--json", "--verbose", "--snapshot", "recorded.json"));
        assertEquals(originalFacts, run(none, "facts", "--json", "--snapshot", "recorded.json"));
    }
}
