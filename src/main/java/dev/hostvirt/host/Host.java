package dev.hostvirt.host;

import java.util.List;
import java.util.Map;

/**
 * The one port through which hostvirt reads a machine. Probes never touch files, processes, the
 * registry or native APIs any other way, so that every read can be recorded into a host snapshot and
 * replayed (see shared/spec/host-snapshot.md). Implementations answer each distinct question once.
 */
public interface Host {

    HostPlatform platform();

    /** The text of a file; a compressed source such as /proc/config.gz comes back decompressed. */
    Reading<String> file(String path);

    /** Type and access facts about a path; directories come with their entry names. */
    Reading<PathInfo> path(String path);

    /** Runs a program (never through a shell); absent when the program is not found. */
    Reading<CommandOutput> command(List<String> argv);

    /** A registry key's values by name; absent when the key does not exist. */
    Reading<Map<String, Object>> registry(String key);

    /** The instances of a WMI class, {@code NAMESPACE:Class}, with the properties read. */
    Reading<List<Map<String, Object>>> wmi(String namespaceAndClass);

    /** A sysctl as {@code sysctl -n} prints it. */
    Reading<String> sysctl(String name);

    /** A value read through an API with no text form; names are documented in docs/sources.md. */
    Reading<Object> value(String name);

    default Reading<CommandOutput> command(String... argv) {
        return command(List.of(argv));
    }
}
