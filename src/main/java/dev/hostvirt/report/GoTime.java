package dev.hostvirt.report;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * A time as Go's {@code time.Time} prints itself ({@code 2026-11-28 19:09:34.07766175 +0000 UTC}): what
 * podman's and docker's {@code ps --format {{.CreatedAt}}} and {@code images --format {{.CreatedAt}}} show.
 */
public final class GoTime {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter ZONE = DateTimeFormatter.ofPattern(" xx z");

    private GoTime() {
    }

    /** {@code timestamp} (ISO-8601) in {@code zone}, fractions without trailing zeros; the text itself when it is not one. */
    public static String of(String timestamp, ZoneId zone) {
        try {
            ZonedDateTime t = Instant.parse(timestamp).atZone(zone);
            String nanos = t.getNano() == 0 ? "" : ("." + String.format("%09d", t.getNano())).replaceAll("0+$", "");
            return SECONDS.format(t) + nanos + ZONE.format(t);
        } catch (DateTimeParseException | NullPointerException e) {
            return timestamp == null ? "" : timestamp;
        }
    }
}
