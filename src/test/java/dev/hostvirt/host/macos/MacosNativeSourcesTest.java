package dev.hostvirt.host.macos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.hostvirt.host.HostPlatform;
import dev.hostvirt.host.Reading;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class MacosNativeSourcesTest {

    @Test
    void offMacEverySysctlIsUnknown() {
        Reading<String> r = new MacosNativeSources(false).sysctl("kern.hv_support");
        assertTrue(r.isUnknown());
    }

    @Test
    void withoutLibSystemTheJnaFailureBecomesUnknownNotACrash() {
        assumeFalse(HostPlatform.MACOS.equals(HostPlatform.current().os()), "on a Mac libSystem exists");
        Reading<String> r = new MacosNativeSources(true).sysctl("kern.hv_support");
        assertTrue(r instanceof Reading.Unknown<String> u && u.reason().contains("unavailable"), r.toString());
    }

    /** Loads hostvirt's classes in a loader that refuses (and records) every JNA class. */
    @Test
    void loadingLiveHostsAndTheMacosSourcesTouchesNoJnaClassOffMac() throws Exception {
        assumeFalse(HostPlatform.MACOS.equals(HostPlatform.current().os()));
        URL classes = MacosNativeSources.class.getProtectionDomain().getCodeSource().getLocation();
        List<String> asked = Collections.synchronizedList(new ArrayList<>());
        try (URLClassLoader isolated = new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.startsWith("com.sun.jna")) {
                    asked.add(name);
                    throw new ClassNotFoundException(name);
                }
                return super.loadClass(name, resolve);
            }
        }) {
            Class.forName("dev.hostvirt.host.LiveHosts", true, isolated);
            Class<?> sources = Class.forName("dev.hostvirt.host.macos.MacosNativeSources", true, isolated);
            Object natives = sources.getConstructor().newInstance();
            Object reading = sources.getMethod("sysctl", String.class).invoke(natives, "kern.hv_support");
            assertEquals("Unknown", reading.getClass().getSimpleName());
        }
        assertEquals(List.of(), asked);
    }
}
