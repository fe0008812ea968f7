package dev.hostvirt.engine.wsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.hostvirt.facts.Version;
import org.junit.jupiter.api.Test;

class WslKernelTest {
    @Test
    void kernelIsTheSecondVersionLineWhateverTheLanguage() {
        assertEquals(Version.of(5, 15, 90), WslKernel.fromVersionOutput(FakeWsl.sample("wsl-version-en.txt")));
        assertEquals(Version.of(6, 6, 87), WslKernel.fromVersionOutput(FakeWsl.sample("wsl-version-es.txt")));
    }

    @Test
    void oldStatusCarriesTheKernelAsItsOnlyFourPartVersion() {
        assertEquals(Version.of(5, 10, 102), WslKernel.fromStatusOutput(FakeWsl.sample("wsl-status-en-2022-with-kernel.txt")));
        assertNull(WslKernel.fromStatusOutput(FakeWsl.sample("wsl-status-en-new.txt")));
        assertNull(WslKernel.fromStatusOutput(FakeWsl.sample("wsl-status-es.txt")));
    }

    @Test
    void unreadableOutputIsUnknownNotAnError() {
        assertNull(WslKernel.fromVersionOutput(FakeWsl.sample("samples-derived/wsl-version-inbox-invalid.txt")));
        assertNull(WslKernel.fromVersionOutput(FakeWsl.sample("wsl-l-utf16-raw-fr-error.txt")));
        assertNull(WslKernel.fromVersionOutput(null));
        assertNull(WslKernel.fromVersionOutput(""));
    }
}
