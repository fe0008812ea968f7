package dev.hostvirt.facts;

import dev.hostvirt.i18n.Text;

/**
 * One source a platform's probes read: its kind (file, path, command, registry, wmi, sysctl, value)
 * as the snapshot's sections name them, its name (a path, an argv, a key; {@code *} stands for any
 * name), and why it is read.
 */
public record SourceSpec(String kind, String name, Text purpose) {
}
