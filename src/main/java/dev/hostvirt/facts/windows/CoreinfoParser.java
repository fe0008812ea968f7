package dev.hostvirt.facts.windows;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sysinternals {@code Coreinfo -v} rows ("VMX  -  Supports Intel hardware-assisted virtualization";
 * '*' yes, '-' no). Under a running hypervisor VMX/SVM/EPT/NP read '-' on capable CPUs (Coreinfo
 * says so itself), so those answers are dropped (null) when HYPERVISOR is '*'.
 */
public final class CoreinfoParser {
    private static final Pattern ROW = Pattern.compile("^(HYPERVISOR|VMX|SVM|EPT|NP)\\s+([*-])(\\s|$)");

    public record Result(Boolean hypervisor, Boolean virtualization, Boolean slat) {
    }

    private CoreinfoParser() {
    }

    public static Result parse(String text) {
        Boolean hypervisor = null;
        Boolean virtualization = null;
        Boolean slat = null;
        for (String line : Texts.lines(text)) {
            Matcher m = ROW.matcher(Texts.squash(line));
            if (!m.find()) {
                continue;
            }
            boolean yes = m.group(2).equals("*");
            switch (m.group(1)) {
                case "HYPERVISOR" -> hypervisor = yes;
                case "VMX", "SVM" -> virtualization = virtualization == Boolean.TRUE ? Boolean.TRUE : yes;
                default -> slat = slat == Boolean.TRUE ? Boolean.TRUE : yes;
            }
        }
        if (Boolean.TRUE.equals(hypervisor)) {
            return new Result(Boolean.TRUE, Boolean.TRUE.equals(virtualization) ? Boolean.TRUE : null,
                    Boolean.TRUE.equals(slat) ? Boolean.TRUE : null);
        }
        return new Result(hypervisor, virtualization, slat);
    }
}
