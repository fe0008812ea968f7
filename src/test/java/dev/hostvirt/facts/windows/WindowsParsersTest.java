package dev.hostvirt.facts.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Parser edge cases beyond the shared samples: other display languages (texts written for these
 * tests in the shape of the real samples; their exact wording is not verified on a device, which is
 * the point: the parsers must not depend on it), odd input, and the never-shift rule.
 */
class WindowsParsersTest {

    @Test
    void oddInputNeverThrowsAndGivesUnknown() {
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            byte[] bytes = new byte[random.nextInt(400)];
            random.nextBytes(bytes);
            String s = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
            SysteminfoParser.hyperV(s);
            SysteminfoParser.build(s);
            BcdEditParser.parse(s);
            VBoxManageParser.version(s);
            WslListParser.parse(s);
            WslStatusParser.parse(s);
            WslVersionParser.wslVersion(s);
            WslText.decode(bytes);
            PowerShellListParser.computerInfoHyperV(s);
            CoreinfoParser.parse(s);
            DockerDiagnoseParser.checks(s);
        }
        assertEquals(HyperVRequirements.UNKNOWN, SysteminfoParser.hyperV(null));
        assertEquals(BcdCurrent.UNKNOWN, BcdEditParser.parse(null));
        assertEquals(BcdCurrent.UNKNOWN, BcdEditParser.parse(""));
        assertNull(VBoxManageParser.version(null));
        assertNull(WslListParser.parse(""));
        assertEquals(WslStatus.UNKNOWN, WslStatusParser.parse(null));
        assertEquals("", WslText.decode(null));
    }

    @Test
    void systeminfoInFrenchWithNoBreakSpacesBeforeColons() {
        String fr = "Configuration requise pour Hyper-V\u00a0: Extensions de mode du moniteur d’ordinateur virtuel\u00a0: Oui\n"
                + "                                   Virtualisation activée dans le microprogramme\u00a0: Non\n"
                + "                                   Traduction d’adresse de second niveau\u00a0: Oui\n"
                + "                                   Prévention de l’exécution des données disponible\u00a0: Oui\n";
        assertEquals(new HyperVRequirements(true, false, true, true, false), SysteminfoParser.hyperV(fr));
        assertEquals(new HyperVRequirements(null, null, null, null, true), SysteminfoParser.hyperV(
                "Configuration requise pour Hyper-V\u00a0: Un hyperviseur a été détecté. Les fonctionnalités nécessaires à Hyper-V ne seront pas affichées."));
    }

    @Test
    void systeminfoInGermanAndPortuguese() {
        String de = "Hyper-V-Anforderungen:      VM-Überwachungsmodus-Erweiterungen: Ja\n"
                + "                            Virtualisierung in Firmware aktiviert: Nein\n"
                + "                            Adressübersetzung der zweiten Ebene: Ja\n"
                + "                            Datenausführungsverhinderung verfügbar: Ja\n";
        assertEquals(new HyperVRequirements(true, false, true, true, false), SysteminfoParser.hyperV(de));
        String pt = "Requisitos do Hyper-V:      Extensões do Modo de Monitor de VM: Sim\r\n"
                + "                            Virtualização Habilitada no Firmware: Sim\r\n"
                + "                            Conversão de Endereços de Segundo Nível: Não\r\n"
                + "                            Prevenção de Execução de Dados Disponível: Sim\r\n";
        assertEquals(new HyperVRequirements(true, true, false, true, false), SysteminfoParser.hyperV(pt));
    }

    @Test
    void unknownLabelsAreReadByPositionOnlyInACompleteBlock() {
        String complete = "Hyper-V krav:  A: Ja\n  B: Nej\n  C: Ja\n  D: Ja\n";
        // "Nej" (Danish) is not a word we know: that answer stays unknown, the others land in place.
        assertEquals(new HyperVRequirements(true, null, true, true, false), SysteminfoParser.hyperV(complete));
        String filtered = "Hyper-V krav:  A: Ja\n  B: Ja\n";
        assertEquals(HyperVRequirements.UNKNOWN, SysteminfoParser.hyperV(filtered),
                "two unlabelled answers could be any two of the four: never guess which");
    }

    @Test
    void bcdeditInGermanAndChineseByStructure() {
        String de = "\r\nWindows-Start-Manager\r\n---------------------\r\nBezeichner              {bootmgr}\r\n"
                + "default                 {current}\r\n\r\nWindows-Startladeprogramm\r\n-------------------------\r\n"
                + "Bezeichner              {current}\r\npath                    \\WINDOWS\\system32\\winload.efi\r\n"
                + "hypervisorlaunchtype    Off\r\n";
        assertEquals(new BcdCurrent(LaunchType.OFF, false), BcdEditParser.parse(de));
        String zh = "Windows 启动加载器\n-------------------\n标识符                  {current}\npath                    \\WINDOWS\\system32\\winload.efi\nhypervisorlaunchtype    Auto\n";
        assertEquals(new BcdCurrent(LaunchType.AUTO, false), BcdEditParser.parse(zh));
        assertEquals(BcdCurrent.DENIED, BcdEditParser.parse("Die Startkonfigurationsdaten konnten nicht geöffnet werden.\nZugriff verweigert\n"));
        assertEquals(BcdCurrent.DENIED, BcdEditParser.parse("Impossible d’ouvrir le magasin de données.\nAccès refusé.\n"));
    }

    @Test
    void bcdeditPicksCurrentAmongSeveralLoadersAndRefusesToGuess() {
        String two = "Windows Boot Loader\n-------------------\nidentifier              {0cb3b571-2f2e-4343-a879-d86a476d7215}\n"
                + "path                    \\Windows\\system32\\winload.efi\nhypervisorlaunchtype    Auto\n\n"
                + "Windows Boot Loader\n-------------------\nidentifier              {current}\n"
                + "path                    \\Windows\\system32\\winload.efi\nhypervisorlaunchtype    Off\n";
        assertEquals(LaunchType.OFF, BcdEditParser.parse(two).launchType());
        String disagree = two.replace("{current}", "{11111111-2222-3333-4444-555555555555}");
        assertEquals(LaunchType.UNKNOWN, BcdEditParser.parse(disagree).launchType(), "which one did we boot?");
        String guid = two.replace("{current}", BcdEditParser.CURRENT_GUID);
        assertEquals(LaunchType.OFF, BcdEditParser.parse(guid).launchType(), "/v prints {current}'s real GUID");
        assertEquals(LaunchType.UNKNOWN, BcdEditParser.parse(two.replace("Off", "Sometimes")).launchType());
    }

    @Test
    void wslStatusAndListInOtherLanguagesAndShapes() {
        assertEquals(new WslStatus(2, true), WslStatusParser.parse("Standarddistribution: Ubuntu\nStandardversion: 2\n"));
        assertEquals(new WslStatus(1, true), WslStatusParser.parse("Distribution par défaut\u00a0: Debian\nVersion par défaut\u00a0: 1\n"));
        assertEquals(new WslStatus(null, false), WslStatusParser.parse("Das Windows-Subsystem für Linux ist nicht installiert."));
        String tabs = "  NAME\tSTATE\tVERSION\n* Ubuntu\tRunning\t2\n  docker-desktop\tStopped\t2\n  Old\tStopped\t1\nPS C:\\> wsl\n";
        assertEquals(List.of(new WslDistro("Ubuntu", "Running", 2, true), new WslDistro("docker-desktop", "Stopped", 2, false),
                new WslDistro("Old", "Stopped", 1, false)), WslListParser.parse(tabs));
    }

    @Test
    void versionsAndEditions() {
        assertNull(VBoxManageParser.version("VBoxManage.exe: error: Failed to create the VirtualBox object!"));
        assertEquals(Edition.HOME, Edition.of(101L, 1L));
        assertEquals(Edition.PRO, Edition.of(48L, 1L));
        assertEquals(Edition.EDUCATION, Edition.of(121L, 1L));
        assertEquals(Edition.ENTERPRISE, Edition.of(4L, 1L));
        assertEquals(Edition.SERVER, Edition.of(48L, 3L), "ProductType 3 is a server whatever the SKU table says");
        assertEquals(Edition.UNKNOWN, Edition.of(9999L, 1L));
        assertEquals(Edition.HOME, Edition.ofCaption("Microsoft Windows 11 Home Single Language"));
        assertEquals(Edition.PRO, Edition.ofCaption("Microsoft Windows 10 Pro for Workstations"));
        assertEquals(Edition.UNKNOWN, Edition.ofCaption("Microsoft Windows 10 家庭中文版"));
    }

    @Test
    void bcdIntegerElementShapes() {
        assertEquals(1L, Values.bcdInteger("hex:0100000000000000"));
        assertEquals(0L, Values.bcdInteger(new byte[8]));
        assertEquals(1L, Values.bcdInteger(1L));
        assertNull(Values.bcdInteger("hex:zz"));
        assertNull(Values.bcdInteger("0100000000000000"));
        assertEquals(LaunchType.UNKNOWN, LaunchType.ofInteger(7));
    }
}
