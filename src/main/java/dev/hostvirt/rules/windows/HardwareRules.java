package dev.hostvirt.rules.windows;

import dev.hostvirt.facts.Fact;
import dev.hostvirt.facts.windows.WindowsFacts;
import dev.hostvirt.i18n.Text;
import dev.hostvirt.rules.Finding;
import java.util.List;

/** Firmware virtualization, VT-x/AMD-V, SLAT on hardware; nested virtualization inside a VM. */
final class HardwareRules {
    private final WindowsFacts facts;
    private final UnknownReasons why;

    HardwareRules(WindowsFacts facts, UnknownReasons why) {
        this.facts = facts;
        this.why = why;
    }

    void add(List<Finding> out, boolean slat) {
        Fact<String> vm = facts.machine().virtualMachine();
        if (facts.machine().insideVirtualMachine()) {
            Fact<Boolean> exposed = facts.machine().cpuVirtualization();
            Text title = Text.of("windows.nested.title");
            if (!exposed.known()) {
                out.add(Finding.skip("windows.nested", title, Text.of("windows.nested.unknown", vm.value()))
                        .withSources(exposed.source(), vm.source()));
            } else if (exposed.value()) {
                out.add(Finding.pass("windows.nested", title, Text.of("windows.nested.pass", vm.value()))
                        .withSources(exposed.source(), vm.source()));
            } else {
                out.add(Finding.fail("windows.nested", title, Text.of("windows.nested.fail", vm.value()),
                        Fixes.OUTER_HOST.fix("windows.fix.nested." + vm.value()))
                        .withSources(exposed.source(), vm.source()));
            }
            return;
        }
        Fact<Boolean> cpu = facts.machine().cpuVirtualization();
        Text cpuTitle = Text.of("windows.cpu.title");
        if (!cpu.known()) {
            out.add(Finding.skip("windows.cpu", cpuTitle, why.unknown(cpu.source())).withSources(cpu.source()));
        } else if (cpu.value()) {
            out.add(Finding.pass("windows.cpu", cpuTitle, Text.of("windows.cpu.pass")).withSources(cpu.source()));
        } else {
            out.add(Finding.fail("windows.cpu", cpuTitle, Text.of("windows.cpu.fail"),
                    Fixes.HARDWARE.fix("windows.fix.cpu")).withSources(cpu.source()));
        }
        Fact<Boolean> fw = facts.machine().firmwareVirtualization();
        Text fwTitle = Text.of("windows.firmware.title");
        if (!fw.known()) {
            out.add(Finding.skip("windows.firmware", fwTitle, why.unknown(fw.source())).withSources(fw.source()));
        } else if (fw.value()) {
            out.add(Finding.pass("windows.firmware", fwTitle, Text.of("windows.firmware.pass")).withSources(fw.source()));
        } else {
            out.add(Finding.fail("windows.firmware", fwTitle, Text.of("windows.firmware.fail"),
                    Fixes.FIRMWARE.fix("windows.fix.firmware")).withSources(fw.source()));
        }
        if (slat) {
            Fact<Boolean> s = facts.machine().cpuSlat();
            Text title = Text.of("windows.slat.title");
            if (!s.known()) {
                out.add(Finding.skip("windows.slat", title, why.unknown(s.source())).withSources(s.source()));
            } else if (s.value()) {
                out.add(Finding.pass("windows.slat", title, Text.of("windows.slat.pass")).withSources(s.source()));
            } else {
                out.add(Finding.fail("windows.slat", title, Text.of("windows.slat.fail"),
                        Fixes.HARDWARE.fix("windows.fix.slat")).withSources(s.source()));
            }
        }
    }

    /** Hyper-V, WSL 2, Sandbox and the engines on them need 64-bit Windows (hyper-v-requirements.md). */
    Finding os64() {
        Fact<String> arch = facts.arch();
        Fact<Boolean> os64 = facts.os64();
        Text title = Text.of("windows.os64.title");
        if (!os64.known()) {
            return Finding.skip("windows.os64", title, why.unknown(os64.source())).withSources(os64.source());
        }
        if (os64.value()) {
            return Finding.pass("windows.os64", title, Text.of("windows.os64.pass", arch.value())).withSources(arch.source());
        }
        return Finding.fail("windows.os64", title, Text.of("windows.os64.fail", arch.value()), os32Fix())
                .withSources(arch.source(), facts.machine().cpuSlat().source());
    }

    /** Known 32-bit Windows: the one finding that decides every target needing 64-bit Windows. */
    boolean thirtyTwoBit() {
        return Boolean.FALSE.equals(facts.os64().value());
    }

    /** The way out of 32-bit Windows, which only the processor decides. */
    private Text os32Fix() {
        if ("arm".equals(facts.arch().value())) {
            // 32-bit ARM Windows (Windows RT) shipped only on locked devices that run nothing else.
            return Fixes.HARDWARE.fix("windows.fix.os64.arm");
        }
        // Every processor with SLAT (Intel EPT, AMD RVI) implements x86-64; VT-x alone does not tell
        // (the 32-bit Core Duo had it), so without SLAT the user is told where Windows shows it.
        return Fixes.REINSTALL.fix(Boolean.TRUE.equals(facts.machine().cpuSlat().value())
                ? "windows.fix.os64.cpu64" : "windows.fix.os64");
    }
}
