package dev.hostvirt.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hostvirt.cli.Cli;
import dev.hostvirt.facts.SourceSpec;
import dev.hostvirt.facts.linux.LinuxSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records this test machine through the live host port and replays the recording: the report must be
 * identical, byte for byte, and the recording must hold nothing the documented source list lacks.
 */
class LiveReplayTest {
    @TempDir
    Path dir;

    @Test
    void replayingALiveRecordingGivesTheIdenticalReport() throws Exception {
        assumeTrue(HostPlatform.current().os().equals(HostPlatform.LINUX), "records a live Linux host");
        Host live = LiveHosts.current();
        RecordingHost recording = new RecordingHost(live, Clock.systemUTC());
        Cli.Run liveText = Cli.run(() -> recording, Locale.ENGLISH, Map.of(), "check");
        Cli.Run liveJson = Cli.run(() -> recording, Locale.ENGLISH, Map.of(), "check", "--json", "--verbose");
        Cli.Run liveFacts = Cli.run(() -> recording, Locale.ENGLISH, Map.of(), "facts", "--json");

        Path file = dir.resolve("this-host.json");
        new SnapshotCodec().write(recording.snapshot(), file);
        Cli.Run replayText = Cli.run("check", "--snapshot", file.toString());
        Cli.Run replayJson = Cli.run("check", "--json", "--verbose", "--snapshot", file.toString());
        Cli.Run replayFacts = Cli.run("facts", "--json", "--snapshot", file.toString());

        assertEquals(liveText.out(), replayText.out());
        assertEquals(liveText.exit(), replayText.exit());
        assertEquals(liveJson.out(), replayJson.out());
        assertEquals(liveFacts.out(), replayFacts.out());
        assertTrue(Files.size(file) > 1000);
    }

    @Test
    void everyRecordedSourceIsDocumented() {
        assumeTrue(HostPlatform.current().os().equals(HostPlatform.LINUX), "records a live Linux host");
        RecordingHost recording = new RecordingHost(LiveHosts.current(), Clock.systemUTC());
        Cli.run(() -> recording, Locale.ENGLISH, Map.of(), "check");
        Cli.run(() -> recording, Locale.ENGLISH, Map.of(), "facts");
        Snapshot s = recording.snapshot();
        List<SourceSpec> specs = LinuxSources.all();
        List<String> undocumented = new ArrayList<>();
        s.files().keySet().forEach(k -> check(specs, "file", k, undocumented));
        s.paths().keySet().forEach(k -> check(specs, "path", k, undocumented));
        s.values().keySet().forEach(k -> check(specs, "value", k, undocumented));
        s.commands().forEach(c -> check(specs, "command", String.join(" ", c.argv()), undocumented));
        assertEquals(List.of(), undocumented);
        assertTrue(s.registry().isEmpty() && s.wmi().isEmpty() && s.sysctl().isEmpty());
    }

    private static void check(List<SourceSpec> specs, String kind, String name, List<String> out) {
        if (!LinuxSources.covers(specs, kind, name)) {
            out.add(kind + " " + name);
        }
    }
}
