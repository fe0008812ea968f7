package dev.hostvirt.cli;

import picocli.CommandLine.Model.CommandSpec;

/**
 * Options shared by several commands, declared through picocli's programmatic API and bound to the
 * group's own fields. Picocli reflects annotated options at every start-up (each annotation type
 * costs a dynamic proxy class, ~30 ms in all for `check`); options declared in code cost nothing of
 * the kind. A command adds its groups to its spec in the order they should appear in its help.
 */
interface OptionGroup {
    void addTo(CommandSpec spec);
}
