package dev.hostvirt.engine.wsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hostvirt.engine.forward.ForwardException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WslPathsTest {
    private final WslPaths paths = new WslPaths("C:\\Users\\José\\proyecto", "hostvirt");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "C:\\data|/mnt/c/data",
        "c:\\data\\|/mnt/c/data",
        "D:/images/app.tar|/mnt/d/images/app.tar",
        "C:\\Users\\José\\datos|/mnt/c/Users/José/datos",
        "C:\\Program Files\\My Data|/mnt/c/Program Files/My Data",
        "C:\\a\\.\\b\\..\\c|/mnt/c/a/c",
        "C:\\|/mnt/c/",
        "\\\\?\\C:\\very\\long|/mnt/c/very/long",
        "datos|/mnt/c/Users/José/proyecto/datos",
        ".\\x.env|/mnt/c/Users/José/proyecto/x.env",
        "..\\otro\\img.tar|/mnt/c/Users/José/otro/img.tar",
        "\\top\\file|/mnt/c/top/file",
        "\\\\wsl$\\hostvirt\\var\\lib\\x|/var/lib/x",
        "\\\\wsl.localhost\\HOSTVIRT\\tmp|/tmp",
        "/already/linux|/already/linux",
    })
    void translates(String windows, String linux) {
        assertEquals(linux, paths.toWsl(windows));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\\\server\\share\\data", "//server/share/data", "\\\\wsl$\\Ubuntu\\home"})
    void networkSharesAndOtherDistrosAreRefused(String unc) {
        ForwardException e = assertThrows(ForwardException.class, () -> paths.toWsl(unc));
        assertEquals("wsl.path.unc", e.text().key());
        assertEquals(125, e.exitCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"C:data", "d:x\\y"})
    void driveRelativePathsAreRefused(String p) {
        assertEquals("wsl.path.driveRelative", assertThrows(ForwardException.class, () -> paths.toWsl(p)).text().key());
    }

    @ParameterizedTest
    @ValueSource(strings = {"datos", ".\\x"})
    void relativePathsWithoutAWindowsWorkingDirectoryAreRefused(String p) {
        WslPaths noCwd = new WslPaths("/home/someone", "hostvirt");
        assertEquals("wsl.path.relative", assertThrows(ForwardException.class, () -> noCwd.toWsl(p)).text().key());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "C:\\data:/data|/mnt/c/data:/data",
        "C:\\Users\\José\\datos:/datos:ro|/mnt/c/Users/José/datos:/datos:ro",
        "C:\\My Files:/files:rw|/mnt/c/My Files:/files:rw",
        ".\\datos:/datos|/mnt/c/Users/José/proyecto/datos:/datos",
        "datos:/datos|datos:/datos",
        "/mnt/d/x:/x|/mnt/d/x:/x",
    })
    void volumesTranslateOnlyTheHostSide(String spec, String expected) {
        assertEquals(expected, paths.volume(spec));
    }
}
