package dev.hostvirt.rules.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hostvirt.facts.Version;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VirtualBoxKvmMatrixTest {

    @ParameterizedTest(name = "kernel {0}, VirtualBox {1} -> {2}")
    @CsvSource({
        "6.1.0-27-amd64, 7.0.20, NONE",               // idle KVM enables VMX only on demand before 6.12
        "6.11.5, 7.2.8, NONE",
        "6.12.9-amd64, 7.1.4r165100, ENABLE_VIRT_AT_LOAD_OFF", // b4886fab6fb6: enable_virt_at_load defaults to Y
        "6.12.0, 7.2.10, ENABLE_VIRT_AT_LOAD_OFF",    // 7.2.10 still needs =0 on 6.12 (void-packages#61332)
        "6.12.9, , ENABLE_VIRT_AT_LOAD_OFF",          // on 6.12 =0 is right for every VirtualBox version
        "6.14.2, 7.2.6, ENABLE_VIRT_AT_LOAD_OFF",
        "6.18.2, 7.2.8, ENABLE_VIRT_AT_LOAD_OFF",
        "6.18.2, 7.2.10, BLACKLIST",                  // =0 breaks 7.2.10 there (VERR_SVM_HOST_SVME_NOT_ENABLED)
        "7.1.0, 7.2.14, BLACKLIST",
        "6.1.0, 7.2.10, BLACKLIST",
        "6.14.0, , BLACKLIST",                        // VirtualBox version unknown: the choice that always works
        ", 7.1.4, BLACKLIST",
    })
    void dropInFollowsTheConflictMatrix(String kernel, String vbox, String expected) {
        VirtualBoxKvmMatrix.Persist got = VirtualBoxKvmMatrix.persist(Version.find(kernel).orElse(null),
                Version.find(vbox).orElse(null));
        assertEquals(VirtualBoxKvmMatrix.Persist.valueOf(expected), got);
    }
}
