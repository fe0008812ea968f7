package dev.hostvirt.host;

import java.util.List;

/** Runs one program with an argv list (never a shell). Absent when the program does not exist. */
@FunctionalInterface
public interface CommandRunner {
    Reading<CommandOutput> run(List<String> argv);
}
