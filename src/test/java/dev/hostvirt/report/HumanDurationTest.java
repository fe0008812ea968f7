package dev.hostvirt.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** go-units' HumanDuration, which podman's and docker's ps print, boundary by boundary. */
class HumanDurationTest {
    private static String of(long seconds) {
        return HumanDuration.of(Duration.ofSeconds(seconds));
    }

    @Test
    void eachUnitFromItsFirstSecond() {
        assertEquals("Less than a second", HumanDuration.of(Duration.ofMillis(999)));
        assertEquals("1 second", of(1));
        assertEquals("59 seconds", of(59));
        assertEquals("About a minute", of(60));
        assertEquals("About a minute", of(119));
        assertEquals("2 minutes", of(120));
        assertEquals("59 minutes", of(3599));
        assertEquals("About an hour", of(3600));
        assertEquals("About an hour", of(5399), "hours are rounded");
        assertEquals("2 hours", of(5400), "90 minutes");
        assertEquals("2 hours", of(7200));
        assertEquals("47 hours", of(47 * 3600 + 1799));
        assertEquals("2 days", of(48 * 3600 - 1), "47.9997 hours round to 48");
        assertEquals("13 days", of(14 * 86400 - 1801));
        assertEquals("2 weeks", of(14 * 86400 - 1));
        assertEquals("8 weeks", of(60 * 86400 - 1801));
        assertEquals("2 months", of(60 * 86400 - 1));
        assertEquals("24 months", of(730L * 86400 - 1801));
        assertEquals("1 years", of(730L * 86400 - 1), "go-units' own: rounded hours say years, truncated ones count 1");
        assertEquals("2 years", of(730L * 86400));
    }

    @Test
    void agoFromARecordsTimestamp() {
        Instant now = Instant.parse("2026-11-28T08:00:00Z");
        assertEquals("4 seconds ago", HumanDuration.ago("2026-11-28T07:59:55.123456Z", now), "whole seconds, cut as Go cuts them");
        assertEquals("Less than a second ago", HumanDuration.ago("2026-11-28T08:00:03Z", now), "a clock that stepped back");
        assertEquals("not a time", HumanDuration.ago("not a time", now), "an odd record shows what it holds");
        assertEquals("", HumanDuration.ago(null, now));
        assertEquals("3 minutes", HumanDuration.since("2026-11-28T07:57:00Z", now));
        assertEquals(null, HumanDuration.since(null, now));
        assertEquals(false, HumanDuration.known("0001-01-01T00:00:00Z"), "Go's zero time");
        assertEquals(false, HumanDuration.known(""));
        assertEquals(true, HumanDuration.known("2026-01-01T00:00:00Z"));
    }
}
