package dev.hostvirt.configure;

/** Thrown by a test's fault hook: the process "dies" there; nothing in the engine catches it. */
public final class SimulatedCrash extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SimulatedCrash(String where) {
        super(where);
    }
}
