package dev.hostvirt.report;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Durations as podman and docker show them in {@code ps} ("2 minutes", "About an hour"): go-units'
 * HumanDuration, rounding and all (even its "1 years" just short of two), so that eyes and scripts used
 * to theirs read ours alike.
 */
public final class HumanDuration {
    private HumanDuration() {
    }

    public static String of(Duration d) {
        long seconds = d.getSeconds();
        if (seconds < 1) {
            return "Less than a second";
        }
        if (seconds == 1) {
            return "1 second";
        }
        if (seconds < 60) {
            return seconds + " seconds";
        }
        long minutes = d.toMinutes();
        if (minutes == 1) {
            return "About a minute";
        }
        if (minutes < 60) {
            return minutes + " minutes";
        }
        long hours = d.plusMinutes(30).toHours(); // go-units rounds the hours (and truncates the years below)
        if (hours == 1) {
            return "About an hour";
        }
        if (hours < 48) {
            return hours + " hours";
        }
        if (hours < 24 * 7 * 2) {
            return hours / 24 + " days";
        }
        if (hours < 24 * 30 * 2) {
            return hours / 24 / 7 + " weeks";
        }
        if (hours < 24 * 365 * 2) {
            return hours / 24 / 30 + " months";
        }
        return d.toHours() / 24 / 365 + " years";
    }

    /** Go's zero time, which some reproducible builds write as an image's creation: no date. */
    private static final Instant GO_ZERO = Instant.parse("0001-01-01T00:00:00Z");

    /** Whether {@code timestamp} says when at all: not empty, not Go's zero time. */
    public static boolean known(String timestamp) {
        try {
            return timestamp != null && !timestamp.isBlank() && Instant.parse(timestamp).isAfter(GO_ZERO);
        } catch (DateTimeParseException e) {
            return true; // shown as it is
        }
    }

    /** "{@link #of} ago" from {@code timestamp} (ISO-8601, as records keep it) to {@code now}; the text itself when it is not one. */
    public static String ago(String timestamp, Instant now) {
        String since = since(timestamp, now);
        return since != null ? since + " ago" : timestamp == null ? "" : timestamp;
    }

    /** {@link #of} from {@code timestamp} to {@code now}, or null when it is not an ISO-8601 instant. */
    public static String since(String timestamp, Instant now) {
        if (timestamp == null) {
            return null;
        }
        try {
            Duration d = Duration.between(Instant.parse(timestamp), now);
            return of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
