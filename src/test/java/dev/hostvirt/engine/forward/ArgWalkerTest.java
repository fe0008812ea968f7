package dev.hostvirt.engine.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The walker must read arguments exactly as picocli did, or a path would be missed or a value taken for the image. */
class ArgWalkerTest {
    @Command(name = "t")
    static final class T {
        @Option(names = {"-v", "--volume"})
        List<String> volumes;
        @Option(names = "-d")
        boolean detach;
        @Option(names = "--pull", arity = "0..1", fallbackValue = "missing")
        String pull;
        @Option(names = "--tls-verify", arity = "0..1", fallbackValue = "true")
        boolean tls;
        @Parameters
        List<String> rest;
    }

    private static List<String> walk(String... args) {
        CommandLine cl = new CommandLine(new T());
        CommandSpec spec = cl.getCommandSpec();
        spec.parser().stopAtPositional(true);
        try {
            // Only arguments picocli accepts are ever forwarded.
            cl.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new AssertionError(List.of(args) + ": " + e.getMessage(), e);
        }
        return ArgWalker.rewrite(List.of(args), spec, new ArgWalker.Rewriter() {
            @Override
            public List<String> option(OptionSpec option, String name, String value) {
                List<String> out = new ArrayList<>(ArgWalker.emit(name, value == null ? null : "<" + value + ">"));
                return out;
            }

            @Override
            public List<String> positional(int index, String value) {
                return List.of("[" + index + ":" + value + "]");
            }
        });
    }

    @Test
    void optionalValuesAreTakenAsPicocliTakesThem() {
        assertEquals(List.of("--pull=<always>", "-v", "<C:\\x:/x>", "[0:img]", "ls", "-v"),
                walk("--pull", "always", "-v", "C:\\x:/x", "img", "ls", "-v"));
        assertEquals(List.of("--pull", "-v", "<a:/a>", "[0:img]"), walk("--pull", "-v", "a:/a", "img"));
        assertEquals(List.of("--tls-verify", "[0:img]"), walk("--tls-verify", "img"));
        assertEquals(List.of("--tls-verify=<false>", "[0:img]"), walk("--tls-verify", "false", "img"));
    }

    @Test
    void picocliReadsTheseArgumentsTheSameWay() {
        T t = new T();
        CommandLine cl = new CommandLine(t);
        cl.getCommandSpec().parser().stopAtPositional(true);
        cl.parseArgs("--pull", "always", "-v", "C:\\x:/x", "img", "ls", "-v");
        assertEquals("always", t.pull);
        assertEquals(List.of("C:\\x:/x"), t.volumes);
        assertEquals(List.of("img", "ls", "-v"), t.rest);
        T u = new T();
        new CommandLine(u).parseArgs("--pull", "-v", "a:/a", "img");
        assertEquals("missing", u.pull);
        assertEquals(List.of("a:/a"), u.volumes);
    }

    @Test
    void clustersAttachedValuesAndDoubleDash() {
        assertEquals(List.of("-d", "-v", "<a:/a>", "[0:img]"), walk("-dv", "a:/a", "img"));
        assertEquals(List.of("-v", "<a:/a>", "[0:img]"), walk("-va:/a", "img"));
        assertEquals(List.of("--volume=<a:/a>", "--", "[0:-v]", "[1:x]"), walk("--volume=a:/a", "--", "-v", "x"));
    }
}
