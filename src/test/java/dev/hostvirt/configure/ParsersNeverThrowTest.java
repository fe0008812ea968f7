package dev.hostvirt.configure;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import dev.hostvirt.facts.Version;
import dev.hostvirt.configure.windows.DismFeatureInfo;
import dev.hostvirt.configure.windows.RegQuery;
import dev.hostvirt.facts.windows.BcdCopyParser;
import dev.hostvirt.facts.windows.BcdEditParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The readers are pure functions text -> value or unknown: odd input never throws (STYLE.md). */
class ParsersNeverThrowTest {

    static List<String> oddInputs() {
        List<String> in = new ArrayList<>(List.of("", " ", "\n\n\n", "-----", "---\n\n---", "{", "}", "{}", "{{}}",
                "identifier", "identifier {", "\u0000\u0001\u0002", "REG_DWORD 0x", "REG_DWORD    0xFFFFFFFFFFFFFFFFFFFF",
                "State :", ":", "State : \n", "99999999999999999999.1.1", "6.", ".6.12", "\r\r\r", "C:\\>", "\t\t x y z",
                "x".repeat(100_000)));
        Random r = new Random(42);
        String alphabet = "{}-\n\r\t :=0123456789abcdefABCDEF.xREG_DWORDState";
        for (int i = 0; i < 300; i++) {
            StringBuilder sb = new StringBuilder();
            int n = r.nextInt(200);
            for (int j = 0; j < n; j++) {
                sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            in.add(sb.toString());
        }
        return in;
    }

    @Test
    void oddTextNeverThrows() {
        for (String s : oddInputs()) {
            assertDoesNotThrow(() -> {
                BcdEditParser.entries(s);
                BcdCopyParser.newEntryId(s);
                DismFeatureInfo.state(s);
                RegQuery.dword(s);
                Version.find(s);
            }, s.length() > 60 ? s.substring(0, 60) : s);
        }
    }
}
