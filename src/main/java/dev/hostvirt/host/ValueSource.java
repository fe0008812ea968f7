package dev.hostvirt.host;

/** Reads the named API values of one platform (MSRs, ioctls, tokens); unknown for other names. */
@FunctionalInterface
public interface ValueSource {
    Reading<Object> read(String name);

    static ValueSource none() {
        return name -> Reading.unknown("no such value on this platform: " + name);
    }
}
