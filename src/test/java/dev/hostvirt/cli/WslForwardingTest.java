package dev.hostvirt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hostvirt.engine.forward.EngineLocator;
import dev.hostvirt.engine.forward.ProcessLauncher;
import dev.hostvirt.engine.wsl.FakeWslAccess;
import dev.hostvirt.engine.wsl.WslExe;
import dev.hostvirt.engine.wsl.WslSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Engine commands on Windows, through the one dispatch point, with a fake wsl.exe and a recording launcher. */
class WslForwardingTest {
    static final List<String> PREFIX = List.of("wsl.exe", "--distribution", "hostvirt", "--user", "root", "--exec",
            "/opt/hostvirt/bin/hostvirt");

    private final FakeWslAccess wsl = FakeWslAccess.withOurDistro("0.1.0");
    private final List<List<String>> launched = new ArrayList<>();
    private final List<Map<String, String>> launchedEnv = new ArrayList<>();
    private int childExit = 0;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Locale locale, String... args) {
        CliEnvironment env = new CliEnvironment(new PrintWriter(out, true), new PrintWriter(err, true),
                Map.of("FOO", "from windows", "PATH", "C:\\Windows"), locale, false,
                () -> {
                    throw new AssertionError("forwarding must not read the host");
                }, Clock.systemUTC(), Path.of("C:\\Users\\José\\proyecto"));
        ProcessLauncher launcher = (argv, extra) -> {
            launched.add(argv);
            launchedEnv.add(extra);
            return childExit;
        };
        EngineLocator locator = EngineLocators.wsl(env, new WslExe("wsl.exe", wsl.runner()),
                new WslSettings("hostvirt", "C:\\state", "C:\\hostvirt-wsl.tar.gz", "0.1.0"), launcher);
        return CommandLineFactory.create(env, locator).execute(args);
    }

    private int run(String... args) {
        return run(Locale.ENGLISH, args);
    }

    private List<String> forwarded(String... tail) {
        List<String> l = new ArrayList<>(PREFIX);
        l.addAll(List.of(tail));
        return l;
    }

    @Test
    void runIsForwardedAsAnArgvListWithWindowsPathsTranslated() {
        assertEquals(0, run("run", "--rm", "-v", "C:\\data:/data", "--env-file", "C:\\x.env", "busybox", "echo", "hi"));
        assertEquals(List.of(forwarded("run", "--rm", "-v", "/mnt/c/data:/data", "--env-file=/mnt/c/x.env", "busybox",
                "echo", "hi")), launched);
        assertEquals(Map.of("WSL_UTF8", "1"), launchedEnv.get(0));
    }

    @Test
    void spacesAndNonAsciiStayOneArgument() {
        assertEquals(0, run("run", "--volume=C:\\Users\\José\\datos:/datos:ro", "-v", "C:\\My Files:/f", "busybox",
                "sh", "-c", "echo \"a b\" $HOME *"));
        assertEquals(List.of(forwarded("run", "--volume=/mnt/c/Users/José/datos:/datos:ro", "-v", "/mnt/c/My Files:/f",
                "busybox", "sh", "-c", "echo \"a b\" $HOME *")), launched);
    }

    @Test
    void theContainersOwnArgumentsAreNeverTranslated() {
        assertEquals(0, run("run", "busybox", "ls", "-v", "C:\\data:/data", "--env-file", "C:\\x"));
        assertEquals(List.of(forwarded("run", "busybox", "ls", "-v", "C:\\data:/data", "--env-file", "C:\\x")), launched);
    }

    @Test
    void relativeVolumeAndImportPathsResolveAgainstTheWindowsWorkingDirectory() {
        run("run", "-dv", ".\\datos:/datos", "busybox", "true");
        run("image", "import", "--name", "localhost/app:1", "..\\img.tar");
        run("image", "import", "C:\\img.tar");
        run("run", "-v", "datos:/datos", "busybox", "true"); // a named volume: the distro's hostvirt refuses it
        assertEquals(List.of(forwarded("run", "-d", "-v", "/mnt/c/Users/José/proyecto/datos:/datos", "busybox", "true"),
                forwarded("image", "import", "--name=localhost/app:1", "/mnt/c/Users/José/img.tar"),
                forwarded("image", "import", "/mnt/c/img.tar"),
                forwarded("run", "-v", "datos:/datos", "busybox", "true")), launched);
    }

    @Test
    void uncPathsAreRefusedWithOneLineAndNothingRuns() {
        assertEquals(125, run("run", "-v", "\\\\server\\share:/data", "busybox", "true"));
        assertTrue(err.toString().startsWith("hostvirt: the network path '\\\\server\\share'"), err.toString());
        assertEquals(1, err.toString().strip().lines().count());
        assertEquals(List.of(), launched);
    }

    @Test
    void theRefusalIsInTheUsersLanguage() {
        assertEquals(125, run(Locale.forLanguageTag("es"), "image", "import", "\\\\servidor\\recurso\\img.tar"));
        assertTrue(err.toString().contains("la ruta de red"), err.toString());
    }

    @Test
    void aSpanishUsersDistroSpeaksSpanishUnlessTheyAskedOtherwise() {
        assertEquals(0, run(Locale.forLanguageTag("es-ES"), "run", "--rm", "busybox", "true"));
        assertEquals(forwarded("run", "--lang=es", "--rm", "busybox", "true"), launched.get(0),
                "the distro's hostvirt sees no Windows locale: it is told");
        assertEquals(0, run(Locale.forLanguageTag("es-ES"), "images", "--lang", "en"));
        assertEquals(forwarded("images", "--lang=en"), launched.get(1), "what the user asked for wins");
        assertEquals(0, run("ps"));
        assertEquals(forwarded("ps"), launched.get(2), "English is the distro's default: nothing added");
        assertEquals(0, run(Locale.forLanguageTag("es-ES"), "run", "busybox", "tool", "--lang", "fr"));
        assertEquals(forwarded("run", "--lang=es", "busybox", "tool", "--lang", "fr"), launched.get(3),
                "a --lang of the container's own is not the user's choice");
    }

    @Test
    void exitCodesPassThroughUnchanged() {
        for (int code : new int[] {0, 1, 42, 125, 126, 127, 137}) {
            childExit = code;
            assertEquals(code, run("run", "--rm", "busybox", "sh", "-c", "exit " + code));
        }
    }

    @Test
    void everyEngineCommandIsForwarded() {
        run("ps", "-a");
        run("logs", "-f", "web");
        run("stop", "-t", "3", "web");
        run("rm", "-f", "web");
        run("exec", "-e", "A=1", "web", "sh", "-c", "echo $A");
        run("images", "-q");
        run("pull", "--tls-verify=false", "localhost:5000/app");
        run("inspect", "web");
        run("image", "rm", "busybox");
        run("image", "ls");
        assertEquals(List.of(forwarded("ps", "-a"), forwarded("logs", "-f", "web"), forwarded("stop", "-t", "3", "web"),
                forwarded("rm", "-f", "web"), forwarded("exec", "-e", "A=1", "web", "sh", "-c", "echo $A"),
                forwarded("images", "-q"), forwarded("pull", "--tls-verify=false", "localhost:5000/app"),
                forwarded("inspect", "web"), forwarded("image", "rm", "busybox"), forwarded("image", "ls")), launched);
    }

    @Test
    void loginAndLogoutGoWhereThePullsHappen() {
        run("login", "-u", "ana", "--password-stdin", "registry.example:5000");
        run("logout", "registry.example:5000");
        assertEquals(List.of(forwarded("login", "-u", "ana", "--password-stdin", "registry.example:5000"),
                forwarded("logout", "registry.example:5000")), launched);
    }

    @Test
    void anEnvNameAloneTakesItsValueFromWindows() {
        run("run", "-e", "FOO", "-e", "UNSET_HERE", "--env=B=2", "busybox", "env");
        assertEquals(List.of(forwarded("run", "-e", "FOO=from windows", "--env=B=2", "busybox", "env")), launched);
    }

    @Test
    void stateDirIsRefusedOnWindows() {
        assertEquals(125, run("ps", "--state-dir", "C:\\x"));
        assertTrue(err.toString().contains("--state-dir is not used on Windows"), err.toString());
        assertEquals(List.of(), launched);
    }

    @Test
    void helpAndBadUsageAreAnsweredHere() {
        assertEquals(0, run("run", "--help"));
        assertTrue(out.toString().contains("Usage: hostvirt run"), out.toString());
        assertEquals(125, run("run", "--no-such-flag", "busybox"));
        assertEquals(List.of(), launched);
    }

    @Test
    void withoutTheDistroTheUserIsToldToInstallIt() {
        wsl.removeDistro();
        assertEquals(125, run("run", "busybox", "true"));
        assertTrue(err.toString().contains("hostvirt engine install"), err.toString());
        assertEquals(List.of(), launched);
    }

    @Test
    void nonEngineCommandsStayLocal() {
        run("sources", "--os", "windows");
        assertEquals(List.of(), launched);
    }
}
