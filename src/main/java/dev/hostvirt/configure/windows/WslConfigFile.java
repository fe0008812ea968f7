package dev.hostvirt.configure.windows;

import dev.hostvirt.configure.ConfigureException;
import dev.hostvirt.facts.Fact;
import dev.hostvirt.i18n.Text;

/**
 * Where %USERPROFILE%\.wslconfig is for the machine being planned, or the one line that says why it
 * is not known. This computer's environment answers for this computer only: a plan made from a
 * snapshot takes the recorded profile, or refuses, and never writes to the local user's path.
 */
public record WslConfigFile(String path, Text missing) {

    /** This computer: its USERPROFILE. */
    public static WslConfigFile inProfile(String userProfile) {
        boolean known = userProfile != null && !userProfile.isBlank();
        return new WslConfigFile(known ? userProfile + "\\.wslconfig" : null, Text.of("configure.error.no-user-profile"));
    }

    /** A recorded machine: the profile its snapshot holds (the env.USERPROFILE value). */
    public static WslConfigFile recorded(Fact<String> configFile) {
        return new WslConfigFile(configFile.value(), Text.of("configure.error.snapshot-no-user-profile", configFile.source()));
    }

    /** The path; a usage error (2) when it is not known, since only the user can supply it. */
    String require() {
        if (path == null) {
            throw new ConfigureException(missing, 2);
        }
        return path;
    }
}
