package dev.hostvirt.engine.forward;

import java.util.List;
import java.util.Map;

/** A JVM that forwards to argv[0] the way hostvirt does and exits with what the child returned. */
public final class SignalProbe {
    private SignalProbe() {
    }

    public static void main(String[] args) {
        System.exit(new InheritingLauncher().launch(List.of(args), Map.of()));
    }
}
