package dev.hostvirt.cli;

import java.util.List;

/**
 * An annotated command that also takes shared option groups declared in code; CommandLineFactory
 * adds them after picocli has reflected the command's own options, so they follow those in the help.
 */
interface HasOptionGroups {
    List<OptionGroup> optionGroups();
}
