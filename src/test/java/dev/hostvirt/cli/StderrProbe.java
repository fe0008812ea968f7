package dev.hostvirt.cli;

/** A second JVM for CliEnvironmentTest: prints what {@link CliEnvironment#system()} says of stderr. */
public final class StderrProbe {
    private StderrProbe() {
    }

    public static void main(String[] args) {
        CliEnvironment env = CliEnvironment.system();
        System.out.println("terminal=" + env.terminal() + " errTerminal=" + env.errTerminal());
    }
}
