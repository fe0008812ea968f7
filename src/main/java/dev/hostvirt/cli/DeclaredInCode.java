package dev.hostvirt.cli;

import picocli.CommandLine.IFactory;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A command whose picocli model is declared in code instead of reflected from annotations: the
 * commands whose start-up users time (the root, {@code check}, {@code run}, {@code pull},
 * {@code image}), where picocli's reflection cost more than all of check's probing. The help texts come from the same
 * resource bundle keys (docs/startup.md).
 */
interface DeclaredInCode {
    /** This command's model, bound to this instance's fields. */
    CommandSpec spec(IFactory factory);

    /** The usage settings every hostvirt command shares. */
    static CommandSpec withUsage(CommandSpec spec, boolean exitCodes) {
        spec.usageMessage().sortOptions(false).autoWidth(true);
        if (exitCodes) {
            spec.usageMessage().exitCodeListHeading("%n@|bold Exit codes|@:%n");
        }
        return spec;
    }
}
