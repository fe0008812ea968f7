package dev.hostvirt.facts.windows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PowerShell's Format-List view ("Name : Value" lines, objects separated by blank lines), as pasted
 * from Get-ComputerInfo or Get-WindowsOptionalFeature. Property names are .NET names, never
 * translated; an empty value is kept as "" (Get-ComputerInfo leaves HyperVRequirement* empty while
 * a hypervisor runs). Lines that do not have the shape (prompts, wrapped descriptions) are skipped.
 */
public final class PowerShellListParser {
    private PowerShellListParser() {
    }

    public static List<Map<String, String>> parse(String text) {
        List<Map<String, String>> out = new ArrayList<>();
        Map<String, String> current = new LinkedHashMap<>();
        for (String line : Texts.lines(text)) {
            String l = Texts.squash(line);
            if (l.isEmpty()) {
                if (!current.isEmpty()) {
                    out.add(current);
                    current = new LinkedHashMap<>();
                }
                continue;
            }
            int colon = l.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = l.substring(0, colon).strip();
            if (!name.matches("[A-Za-z][A-Za-z0-9_]*")) {
                continue;
            }
            current.put(name, Texts.squash(l.substring(colon + 1)));
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }

    /** The first value of {@code property} in any object, null when no object has it. */
    public static String first(List<Map<String, String>> objects, String property) {
        for (Map<String, String> o : objects) {
            for (Map.Entry<String, String> e : o.entrySet()) {
                if (e.getKey().equalsIgnoreCase(property)) {
                    return e.getValue();
                }
            }
        }
        return null;
    }

    /** Get-ComputerInfo -Property HyperV*: the same four answers systeminfo gives, language-neutral. */
    public static HyperVRequirements computerInfoHyperV(String text) {
        List<Map<String, String>> objects = parse(text);
        Boolean present = bool(first(objects, "HyperVisorPresent"));
        HyperVRequirements r = new HyperVRequirements(
                bool(first(objects, "HyperVRequirementVMMonitorModeExtensions")),
                bool(first(objects, "HyperVRequirementVirtualizationFirmwareEnabled")),
                bool(first(objects, "HyperVRequirementSecondLevelAddressTranslation")),
                bool(first(objects, "HyperVRequirementDataExecutionPreventionAvailable")),
                present);
        return r.known() ? r : HyperVRequirements.UNKNOWN;
    }

    /** Get-WindowsOptionalFeature: the State enum name (Enabled, Disabled, ...) mapped to our states. */
    public static FeatureState featureState(String text, String featureName) {
        for (Map<String, String> o : parse(text)) {
            if (featureName.equalsIgnoreCase(o.get("FeatureName"))) {
                return FeatureState.ofPowerShellState(o.get("State"));
            }
        }
        return FeatureState.UNKNOWN;
    }

    private static Boolean bool(String v) {
        if (v == null) {
            return null;
        }
        if (v.equalsIgnoreCase("True")) {
            return Boolean.TRUE;
        }
        return v.equalsIgnoreCase("False") ? Boolean.FALSE : null;
    }
}
