package dev.hostvirt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What -e passes: the user's variables as they were before linux/hostvirt rewrote the locale for the JVM. */
class CallerEnvironmentTest {
    /** What linux/hostvirt hands on for a user with LC_ALL=es_ES.UTF-8 and LC_NUMERIC=de_DE.UTF-8. */
    private static final Map<String, String> LAUNCHED = Map.of("LC_CTYPE", "C.UTF-8", "LC_MESSAGES", "es_ES.UTF-8",
            "LANG", "es_ES.UTF-8", "LC_NUMERIC", "de_DE.UTF-8", "HOSTVIRT_ORIG", "LC_ALL LC_CTYPE LC_MESSAGES LANG",
            "HOSTVIRT_ORIG_LC_ALL", "es_ES.UTF-8", "HOSTVIRT_STATE_DIR", "/s");

    private static List<String> passed(Map<String, String> env, String... asked) {
        List<String> out = new ArrayList<>();
        for (String e : asked) {
            RunCommand.addEnv(out, e, CallerEnvironment.of(env));
        }
        return out;
    }

    @Test
    void theUsersLocaleVariablesComeBackAndTheLaunchersGo() {
        assertEquals(List.of("LC_ALL=es_ES.UTF-8", "LC_NUMERIC=de_DE.UTF-8"), passed(LAUNCHED, "LC_*"),
                "it passed LC_CTYPE=C.UTF-8 and LC_MESSAGES, and not LC_ALL");
        assertEquals(List.of("LC_ALL=es_ES.UTF-8"), passed(LAUNCHED, "LC_ALL", "LANG", "LC_CTYPE"), "unset for the user: not passed");
        assertEquals(List.of("HOSTVIRT_STATE_DIR=/s"), passed(LAUNCHED, "HOSTVIRT*", "HOSTVIRT_ORIG", "HOSTVIRT_ORIG_LC_ALL"),
                "the launcher's private names reach no container");
    }

    @Test
    void anEmptyValueTheUserSetIsKeptAndWithoutTheLauncherTheEnvironmentIsAsItIs() {
        assertEquals(List.of("LANG="), passed(Map.of("LANG", "C.UTF-8", "HOSTVIRT_ORIG", "LC_ALL LC_CTYPE LC_MESSAGES LANG",
                "HOSTVIRT_ORIG_LANG", ""), "LANG", "LC_ALL"));
        assertEquals(List.of("LC_CTYPE=C.UTF-8"), passed(Map.of("LC_CTYPE", "C.UTF-8", "HOSTVIRT_ORIG_LC_CTYPE", "stale"), "LC_*", "HOSTVIRT*"),
                "java -cp hostvirt.jar: the environment is the user's own");
    }
}
