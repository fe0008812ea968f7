package dev.hostvirt.engine.wsl;

/**
 * What {@code hostvirt engine status} found. {@code state} is wsl's own column (Running, Stopped,
 * Installing: English on every display language), {@code installedVersion} null when not ours.
 */
public record DistroStatus(boolean registered, boolean ours, String state, String installedVersion,
        String bundledVersion) {
    public boolean upgradeAvailable() {
        return ours && installedVersion != null && VersionOrder.compare(installedVersion, bundledVersion) < 0;
    }
}
