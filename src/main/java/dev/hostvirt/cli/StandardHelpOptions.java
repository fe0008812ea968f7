package dev.hostvirt.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code -h/--help} and {@code -V/--version}, as picocli's mixinStandardHelpOptions declares them and
 * with the same description keys, but without reflecting its annotated mixin class. Last in a
 * command's help, as the mixin's options are.
 */
final class StandardHelpOptions implements OptionGroup {
    static final StandardHelpOptions INSTANCE = new StandardHelpOptions();

    private StandardHelpOptions() {
    }

    @Override
    public void addTo(CommandSpec spec) {
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                .descriptionKey("mixinStandardHelpOptions.help").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                .descriptionKey("mixinStandardHelpOptions.version").build());
    }
}
