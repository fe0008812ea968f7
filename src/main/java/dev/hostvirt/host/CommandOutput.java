package dev.hostvirt.host;

/** A finished command: its exit code and its decoded output. A program not found is not one of these. */
public record CommandOutput(int exit, String stdout, String stderr) {
    public CommandOutput {
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
    }

    public boolean succeeded() {
        return exit == 0;
    }
}
