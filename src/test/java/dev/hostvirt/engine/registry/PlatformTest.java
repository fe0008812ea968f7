package dev.hostvirt.engine.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hostvirt.HostvirtException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PlatformTest {
    // containerd platforms.Normalize
    @ParameterizedTest
    @CsvSource({
        "linux/amd64, linux/amd64",
        "linux/x86_64, linux/amd64",
        "Linux/AMD64, linux/amd64",
        "linux/amd64/v1, linux/amd64",
        "linux/amd64/v3, linux/amd64/v3",
        "linux/aarch64, linux/arm64",
        "linux/arm64/v8, linux/arm64",
        "linux/arm, linux/arm/v7",
        "linux/armhf, linux/arm/v7",
        "linux/armel, linux/arm/v6",
        "linux/arm/6, linux/arm/v6",
        "linux/i386, linux/386",
        "windows/amd64, windows/amd64",
        "linux/riscv64, linux/riscv64",
    })
    void normalizesLikeContainerd(String input, String expected) {
        assertEquals(expected, Platform.parse(input).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "linux", "amd64", "linux/", "/amd64", "linux/amd64/v8/x", "linux/am d64"})
    void refusesMalformedPlatforms(String input) {
        HostvirtException e = assertThrows(HostvirtException.class, () -> Platform.parse(input));
        assertEquals(125, e.exitCode());
    }

    @Test
    void theHostPlatformIsLinuxWithTheJvmArchitecture() {
        assertEquals("linux/amd64", Platform.fromJvm("amd64").toString());
        assertEquals("linux/arm64", Platform.fromJvm("aarch64").toString());
        assertEquals("linux/arm/v7", Platform.fromJvm("arm").toString());
        assertEquals("linux/386", Platform.fromJvm("x86").toString());
        assertEquals("linux", Platform.host().os());
    }

    @Test
    void olderVariantsAreAcceptedBestFirst() {
        assertEquals(List.of("v7", "v6", "v5"), Platform.parse("linux/arm/v7").acceptedVariants());
        assertEquals(List.of("v3", "v2", ""), Platform.parse("linux/amd64/v3").acceptedVariants());
        assertEquals(List.of(""), Platform.parse("linux/arm64").acceptedVariants());
    }
}
