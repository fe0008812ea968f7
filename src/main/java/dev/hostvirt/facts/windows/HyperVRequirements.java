package dev.hostvirt.facts.windows;

/**
 * The four Hyper-V requirement answers (systeminfo, Get-ComputerInfo), each null when not shown,
 * and whether the tool said a hypervisor is already running (then it shows none of the four,
 * because a running hypervisor hides VT-x and SLAT from the root partition: windows-anchors.md 2).
 */
public record HyperVRequirements(Boolean vmMonitorModeExtensions, Boolean firmwareVirtualization, Boolean slat,
        Boolean dataExecutionPrevention, Boolean hypervisorDetected) {

    public static final HyperVRequirements UNKNOWN = new HyperVRequirements(null, null, null, null, null);

    public boolean known() {
        return !equals(UNKNOWN);
    }
}
