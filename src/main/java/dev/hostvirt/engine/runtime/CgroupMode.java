package dev.hostvirt.engine.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How cgroups are mounted: unified (v2 only), hybrid (v1 controllers plus cgroup2 at
 * /sys/fs/cgroup/unified) or legacy (v1 only). crun 1.8 refuses hybrid hosts whose cgroup2 side has
 * controllers ("cgroups in hybrid mode not supported, drop all controllers from cgroupv2",
 * container-anchors §1.8), so the controllers matter.
 */
public enum CgroupMode {
    UNIFIED, HYBRID, HYBRID_WITH_V2_CONTROLLERS, LEGACY;

    public static CgroupMode detect(Path sysFsCgroup) {
        if (Files.exists(sysFsCgroup.resolve("cgroup.controllers"))) {
            return UNIFIED;
        }
        Path unified = sysFsCgroup.resolve("unified/cgroup.controllers");
        if (Files.exists(unified)) {
            try {
                return Files.readString(unified).isBlank() ? HYBRID : HYBRID_WITH_V2_CONTROLLERS;
            } catch (IOException e) {
                return HYBRID;
            }
        }
        return LEGACY;
    }
}
