package dev.hostvirt.engine.registry;

/** A user name and password (or token) for one registry. */
public record Credentials(String username, String password) {
    @Override
    public String toString() {
        // Never print the secret, even in a debug trace.
        return "Credentials[" + username + ", ***]";
    }
}
