package dev.hostvirt.cli;

import picocli.CommandLine.Option;

/** The options that turn a printed plan into a change. Without --apply nothing is changed. */
public final class ApplyOptions {
    @Option(names = "--apply", descriptionKey = "apply")
    boolean apply;

    @Option(names = {"-y", "--yes"}, descriptionKey = "yes")
    boolean yes;

    @Option(names = "--reboot", descriptionKey = "reboot")
    boolean reboot;
}
