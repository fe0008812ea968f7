package dev.hostvirt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** picocli's parse errors in the user's language, built from the exception's data, with the exit code. */
class ParameterErrorsTest {
    private record Run(int exit, List<String> err) {
    }

    private static Run run(Locale locale, String... args) {
        StringWriter err = new StringWriter();
        CliEnvironment env = new CliEnvironment(new PrintWriter(new StringWriter()), new PrintWriter(err), Map.of(), locale, false,
                () -> {
                    throw new AssertionError("a parse error probes nothing");
                }, Clock.systemUTC(), Path.of("").toAbsolutePath());
        int exit = CommandLineFactory.create(env, args).execute(args);
        return new Run(exit, err.toString().lines().toList());
    }

    private static final Locale ES = Locale.forLanguageTag("es-ES");

    @Test
    void unknownOptionWithSuggestionInBothLanguages() {
        assertEquals(new Run(ExitCodes.USAGE, List.of("hostvirt: Unknown option: '--foo'", "Possible solutions: --for",
                "Run 'hostvirt check --help' for usage.")), run(Locale.ENGLISH, "check", "--foo"));
        assertEquals(new Run(ExitCodes.USAGE, List.of("hostvirt: opción desconocida: '--foo'", "Posibles soluciones: --for",
                "Ejecute 'hostvirt check --help' para ver cómo se usa.")), run(ES, "check", "--foo"));
    }

    @Test
    void anUnknownOptionIsNamedAloneNotTheArgumentsAfterIt() {
        // picocli took '{{.Id}}' for the container and left 'web' unmatched beside --format (it was inspect's case).
        assertEquals("hostvirt: Unknown option: '--format'", run(Locale.ENGLISH, "logs", "--format", "{{.Id}}", "web").err().get(0));
        assertEquals("hostvirt: Unknown options: '--since', '--until'",
                run(Locale.ENGLISH, "logs", "--since", "1m", "--until", "now", "web").err().get(0));
    }

    @Test
    void aValueThatIsNotANumberIsSaidInTheUsersLanguage() {
        List<String> es = run(ES, "run", "--cpus", "abc", "busybox").err();
        assertEquals("hostvirt: valor no válido para '--cpus': 'abc' (se espera un número, p. ej. 1.5)", es.get(0));
        List<String> en = run(Locale.ENGLISH, "stop", "-t", "soon", "web").err();
        assertEquals("hostvirt: invalid value for '--time': 'soon' (a whole number is expected, e.g. 10)", en.get(0));
    }

    @Test
    void enumBooleanAndKeyValueOptionsAreSaidInTheUsersLanguage() {
        // picocli's own messages stayed English under --lang es.
        assertEquals("hostvirt: valor no válido para '--os': 'windowz' (uno de: linux, windows, macos)", run(ES, "sources", "--os", "windowz").err().get(0));
        assertEquals("hostvirt: valor no válido para '--json': 'yes' (true o false)", run(ES, "check", "--json=yes").err().get(0));
        assertEquals("hostvirt: valor no válido para '--wslconfig': 'foo' (se espera CLAVE=VALOR)",
                run(ES, "enable", "--wslconfig", "foo", "wsl2").err().get(0));
        assertEquals("hostvirt: invalid value for '--os': 'windowz' (one of: linux, windows, macos)", run(Locale.ENGLISH, "sources", "--os", "windowz").err().get(0));
    }

    @Test
    void noCommandAtAllIsSaidInTheUsersLanguage() {
        Run es = run(ES);
        assertEquals(ExitCodes.USAGE, es.exit());
        assertEquals("hostvirt: hace falta una orden, por ejemplo 'hostvirt check'", es.err().get(0));
        assertEquals("hostvirt: a command is needed, for example 'hostvirt check'", run(Locale.ENGLISH).err().get(0));
    }

    @Test
    void aMistypedCommandGetsTheCommandsItResembles() {
        Run r = run(ES, "chekc");
        assertEquals(List.of("hostvirt: argumento inesperado: 'chekc'", "¿Quiso decir: hostvirt check, hostvirt switch?",
                "Ejecute 'hostvirt --help' para ver cómo se usa."), r.err());
    }

    @Test
    void missingParametersAndValuesAndRepeatedOptions() {
        assertEquals("hostvirt: falta el parámetro obligatorio: 'IMAGE'", run(ES, "run").err().get(0));
        assertEquals(125, run(ES, "run").exit(), "engine commands answer 125 as podman");
        assertEquals("hostvirt: falta el valor de la opción '--for' (TARGET)", run(ES, "check", "--for").err().get(0));
        assertEquals("hostvirt: Missing required parameter for option '--for' (TARGET)", run(Locale.ENGLISH, "check", "--for").err().get(0));
        assertEquals("hostvirt: la opción '--json' solo puede indicarse una vez", run(ES, "check", "--json", "--json").err().get(0));
        assertEquals("hostvirt: argumentos inesperados: 'a', 'b'", run(ES, "check", "a", "b").err().get(0));
    }

    @Test
    void registryCommandsUsageErrorsExit125AsPodmans() {
        // logout exited 2 where pull and login answered 125: a script had to know which command it ran.
        for (String[] args : List.of(new String[] {"logout", "a", "b"}, new String[] {"logout", "--bogus"},
                new String[] {"login", "--bogus"}, new String[] {"pull", "--bogus", "busybox"})) {
            Run r = run(Locale.ENGLISH, args);
            assertEquals(125, r.exit(), String.join(" ", args) + ": " + r.err());
            assertEquals("Run 'hostvirt " + args[0] + " --help' for usage.", r.err().get(r.err().size() - 1));
        }
        assertEquals(List.of("hostvirt: Unmatched argument: 'b'", "Run 'hostvirt logout --help' for usage."),
                run(Locale.ENGLISH, "logout", "a", "b").err());
        assertEquals("hostvirt: opción desconocida: '--bogus'", run(ES, "logout", "--bogus").err().get(0));
    }
}
