package dev.hostvirt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.engine.EnginePullDestination;
import dev.hostvirt.engine.registry.ImageReference;
import dev.hostvirt.engine.registry.PullDestination;
import dev.hostvirt.engine.registry.PullPolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** The entry point run's --pull will use, driven the way a command would declare it. */
class RegistryPullOptionsTest {
    /** The options as a command that declares them parses its arguments. */
    private static RegistryPullOptions parse(String... args) {
        RegistryPullOptions registry = new RegistryPullOptions();
        CommandSpec spec = CommandSpec.create().name("fake-run");
        registry.addTo(spec);
        new CommandLine(spec).parseArgs(args);
        return registry;
    }

    @TempDir
    Path tmp;

    private CliEnvironment env() {
        return new CliEnvironment(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                Map.of("HOME", tmp.toString(), "HOSTVIRT_CONFIG_DIR", tmp.toString(), "HOSTVIRT_STATE_DIR", tmp.resolve("state").toString()),
                Locale.ENGLISH, false, () -> {
                    throw new AssertionError("no host access");
                }, Clock.systemUTC(), tmp);
    }

    /** The engine's store in the test's state directory, as pull and run open it. */
    private PullDestination destination() {
        return EnginePullDestination.forPull(null, env().env(), tmp, warning -> { });
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void missingWithALocalImageDoesNotTouchTheNetwork() throws IOException {
        RegistryPullOptions registry = parse("--tls-verify=false");
        ImageReference ref = ImageReference.parse("127.0.0.1:" + closedPort() + "/x/y:1");
        assertTrue(registry.pull(env(), ref, PullPolicy.MISSING, true, true, this::destination).isEmpty());
        assertTrue(registry.pull(env(), ref, PullPolicy.NEVER, true, true, this::destination).isEmpty());
    }

    @Test
    void neverWithoutALocalImageAndAlwaysWithOneFailAsPodman() throws IOException {
        RegistryPullOptions registry = parse("--tls-verify=false", "--platform", "linux/arm64");
        assertEquals("linux/arm64", registry.platform().toString());
        ImageReference ref = ImageReference.parse("127.0.0.1:" + closedPort() + "/x/y:1");
        HostvirtException never = assertThrows(HostvirtException.class, () -> registry.pull(env(), ref, PullPolicy.NEVER, false, true, this::destination));
        assertEquals(125, never.exitCode());
        // ALWAYS goes to the registry even with a local copy: here it is down, which proves the attempt.
        HostvirtException always = assertThrows(HostvirtException.class, () -> registry.pull(env(), ref, PullPolicy.ALWAYS, true, true, this::destination));
        assertTrue(always.getMessage().startsWith("cannot reach registry " + ref.registry()), always.getMessage());
    }
}
