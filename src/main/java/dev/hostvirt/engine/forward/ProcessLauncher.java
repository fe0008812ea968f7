package dev.hostvirt.engine.forward;

import java.util.List;
import java.util.Map;

/** Starts a program with an argv list and the caller's stdin, stdout and stderr; answers its exit code. */
@FunctionalInterface
public interface ProcessLauncher {
    /** @return the exit code, or {@link #NOT_FOUND} when the program does not exist */
    int launch(List<String> argv, Map<String, String> extraEnv);

    int NOT_FOUND = Integer.MIN_VALUE;
}
