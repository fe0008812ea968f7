package dev.hostvirt.engine.wsl;

import dev.hostvirt.engine.forward.ForwardException;
import dev.hostvirt.facts.Version;
import dev.hostvirt.facts.windows.WslDistro;
import dev.hostvirt.facts.windows.WslErrors;
import dev.hostvirt.facts.windows.WslStatus;
import dev.hostvirt.facts.windows.WslStatusParser;
import dev.hostvirt.host.CommandOutput;
import dev.hostvirt.i18n.Text;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The life cycle of hostvirt's WSL2 distro: install (or upgrade in place), status, start, stop,
 * uninstall. Decisions use exit codes, language-neutral error tokens and the list's English columns
 * only (wsl.exe's sentences are translated; Rancher Desktop: "wsl.exe may be localized, don't check
 * state"). Progress and results are reported as bundle texts.
 *
 * <p>Upgrade keeps the image store by exporting the whole distro first (the backup, and the journal
 * of what to restore), importing the new rootfs, then restoring /var/lib/hostvirt from the export:
 * see docs/wsl.md for why not a second disk or a data distro.
 */
public final class DistroManager {
    /** Errors that mean virtualization is not usable: WSL2 cannot start any VM (samples, issue pain point 1). */
    private static final List<String> NO_VIRTUALIZATION = List.of("0x80370102", "HCS_E_HYPERV_NOT_INSTALLED",
            "0x80370114", "HCS_E_SERVICE_NOT_AVAILABLE", "WSL_E_VM_MODE_INVALID_STATE", "0x8004032d",
            "WSL_E_WSL_OPTIONAL_COMPONENT_REQUIRED");

    private final WslExe wsl;
    private final WslSettings settings;
    private final Predicate<String> fileExists;
    private final Consumer<Text> report;

    public DistroManager(WslExe wsl, WslSettings settings, Predicate<String> fileExists, Consumer<Text> report) {
        this.wsl = wsl;
        this.settings = settings;
        this.fileExists = fileExists;
        this.report = report;
    }

    // ---- readiness -----------------------------------------------------------------------------

    /** Refuses, with the fix, when WSL2 cannot run our distro; returns the distros it listed. */
    public List<WslDistro> requireReady() {
        CommandOutput status = wsl.run("--status").orElseThrow(() -> refuse("wsl.notInstalled", 1));
        String statusText = status.stdout() + "\n" + status.stderr();
        WslStatus parsed = WslStatusParser.parse(statusText);
        List<String> codes = WslErrors.codes(statusText);
        if (Boolean.FALSE.equals(parsed.installed()) || codes.contains("WSL_E_WSL_OPTIONAL_COMPONENT_REQUIRED")) {
            throw refuse("wsl.notInstalled", 1);
        }
        if (codes.stream().anyMatch(NO_VIRTUALIZATION::contains)) {
            throw refuse("wsl.noVirtualization", 1, codes.get(0));
        }
        if (!status.succeeded() && parsed.installed() == null && parsed.defaultVersion() == null) {
            // An old inbox wsl.exe has no --status and prints its usage (exit 1, sample
            // wsl-l-utf16-raw-fr-error): neither WSL 2 nor its kernel can be trusted to be there.
            throw refuse("wsl.statusFailed", 1, status.exit(), firstLine(status));
        }
        if (Integer.valueOf(1).equals(parsed.defaultVersion())) {
            throw refuse("wsl.defaultVersion1", 1);
        }
        Version kernel = WslKernel.fromStatusOutput(statusText);
        Optional<CommandOutput> version = wsl.run("--version");
        if (version.isPresent() && version.get().succeeded()) {
            Version v = WslKernel.fromVersionOutput(version.get().stdout());
            kernel = v != null ? v : kernel;
        }
        if (kernel != null && !kernel.atLeast(WslKernel.MINIMUM)) {
            throw refuse("wsl.kernelOld", 1, kernel.padded(), WslKernel.MINIMUM.padded());
        }
        return listDistros();
    }

    private List<WslDistro> listDistros() {
        CommandOutput out = wsl.run("--list", "--verbose").orElseThrow(() -> refuse("wsl.notInstalled", 1));
        List<WslDistro> distros = wsl.list(out);
        if (distros == null) {
            List<String> codes = WslErrors.codes(out.stdout() + out.stderr());
            if (codes.stream().anyMatch(NO_VIRTUALIZATION::contains)) {
                throw refuse("wsl.noVirtualization", 1, codes.get(0));
            }
            throw refuse("wsl.listUnreadable", 3, firstLine(out));
        }
        return distros;
    }

    private Optional<WslDistro> ours(List<WslDistro> distros) {
        // WSL compares distro names case-insensitively.
        return distros.stream().filter(d -> d.name().equalsIgnoreCase(settings.distro())).findFirst();
    }

    /** The hostvirt version inside the distro, or empty when the distro is not one of ours. */
    private Optional<String> installedVersion(WslDistro d) {
        if (d.version() == 1) {
            return Optional.empty();
        }
        Optional<CommandOutput> out = wsl.exec(settings.distro(), "/bin/cat", WslSettings.VERSION_FILE);
        if (out.isEmpty() || !out.get().succeeded()) {
            return Optional.empty();
        }
        String v = out.get().stdout().strip();
        return v.isEmpty() || v.contains("\n") ? Optional.empty() : Optional.of(v);
    }

    // ---- commands ------------------------------------------------------------------------------

    public DistroStatus status() {
        List<WslDistro> distros = requireReady();
        Optional<WslDistro> d = ours(distros);
        if (d.isEmpty()) {
            return new DistroStatus(false, false, null, null, settings.version());
        }
        Optional<String> v = installedVersion(d.get());
        return new DistroStatus(true, v.isPresent(), d.get().state(), v.orElse(null), settings.version());
    }

    public void install() {
        List<WslDistro> distros = requireReady();
        if (!fileExists.test(settings.tarball())) {
            throw refuse("wsl.tarballMissing", 1, settings.tarball());
        }
        Optional<WslDistro> existing = ours(distros);
        if (existing.isEmpty()) {
            report.accept(Text.of("wsl.install.importing", settings.tarball(), settings.installDir()));
            importOrThrow(settings.tarball());
            verifyInstalled();
            report.accept(Text.of("wsl.install.done", settings.version()));
            return;
        }
        String installed = installedVersion(existing.get())
                .orElseThrow(() -> refuse("wsl.nameTaken", 1, existing.get().name()));
        int order = VersionOrder.compare(installed, settings.version());
        if (order == 0) {
            report.accept(Text.of("wsl.install.current", installed));
        } else if (order > 0) {
            throw refuse("wsl.install.newer", 1, installed, settings.version());
        } else {
            upgrade(installed);
        }
    }

    private void upgrade(String installed) {
        String backup = settings.backupFile(installed);
        String backupInDistro = new WslPaths(null, settings.distro()).toWsl(backup);
        report.accept(Text.of("wsl.upgrade.start", installed, settings.version(), backup));
        // Stops running containers; a failure here changes nothing, and the export works on a stopped distro.
        wsl.run("--terminate", settings.distro());
        call("wsl.upgrade.failed", "--export", settings.distro(), backup);
        call("wsl.upgrade.failed", "--unregister", settings.distro());
        CommandOutput imported = wsl.run("--import", settings.distro(), settings.installDir(), settings.tarball(),
                "--version", "2").orElseThrow(() -> refuse("wsl.notInstalled", 1));
        if (!imported.succeeded()) {
            // Put the old distro back from the export, images and all.
            Optional<CommandOutput> back = wsl.run("--import", settings.distro(), settings.installDir(), backup,
                    "--version", "2");
            boolean restored = back.isPresent() && back.get().succeeded();
            throw refuse(restored ? "wsl.upgrade.rolledBack" : "wsl.upgrade.rollbackFailed", 125,
                    firstLine(imported), backup);
        }
        Optional<CommandOutput> restore = wsl.exec(settings.distro(),
                restoreStoreArgv(backupInDistro).toArray(String[]::new));
        if (restore.isEmpty() || !restore.get().succeeded()) {
            throw refuse("wsl.upgrade.storeNotRestored", 125, backup,
                    restore.map(DistroManager::firstLine).orElse(""));
        }
        verifyInstalled();
        wsl.exec(settings.distro(), "/bin/rm", "-f", backupInDistro);
        report.accept(Text.of("wsl.upgrade.done", settings.version()));
    }

    /**
     * The command, run inside the new distro, that puts the image store back from the export.
     * Members are "./var/lib/hostvirt/..." or "var/lib/hostvirt/..." depending on who wrote the tar:
     * the pattern matches both, and GNU tar extracts a matched directory with its contents
     * (WslDistroIT runs this very argv in the built distro).
     */
    public static List<String> restoreStoreArgv(String exportInDistro) {
        return List.of("/bin/tar", "-C", "/", "-xpf", exportInDistro, "--wildcards", "*" + WslSettings.STORE.substring(1));
    }

    private void importOrThrow(String tarball) {
        CommandOutput out = wsl.run("--import", settings.distro(), settings.installDir(), tarball, "--version", "2")
                .orElseThrow(() -> refuse("wsl.notInstalled", 1));
        if (!out.succeeded()) {
            List<String> codes = WslErrors.codes(out.stdout() + "\n" + out.stderr());
            if (codes.stream().anyMatch(NO_VIRTUALIZATION::contains)) {
                throw refuse("wsl.noVirtualization", 1, codes.get(0));
            }
            throw refuse("wsl.import.failed", 125, firstLine(out));
        }
    }

    private void verifyInstalled() {
        Optional<CommandOutput> out = wsl.exec(settings.distro(), WslSettings.HOSTVIRT_IN_DISTRO, "--version");
        if (out.isEmpty() || !out.get().succeeded()) {
            throw refuse("wsl.install.broken", 125, out.map(DistroManager::firstLine).orElse(""));
        }
    }

    public void start() {
        WslDistro d = requireOurs();
        Optional<CommandOutput> out = wsl.exec(settings.distro(), WslSettings.HOSTVIRT_IN_DISTRO, "--version");
        if (out.isEmpty() || !out.get().succeeded()) {
            throw refuse("wsl.install.broken", 125, out.map(DistroManager::firstLine).orElse(""));
        }
        report.accept(Text.of("wsl.start.done", d.name()));
    }

    public void stop() {
        WslDistro d = requireOurs();
        call("wsl.stop.failed", "--terminate", d.name());
        report.accept(Text.of("wsl.stop.done", d.name()));
    }

    /**
     * Removes the distro and with it every image and container. When it holds images and
     * {@code yes} is false, {@code confirm} is asked first (a prompt; false without a terminal).
     */
    public boolean uninstall(boolean yes, Predicate<Text> confirm) {
        List<WslDistro> distros = listDistros();
        Optional<WslDistro> d = ours(distros);
        if (d.isEmpty()) {
            report.accept(Text.of("wsl.uninstall.none", settings.distro()));
            return true;
        }
        if (installedVersion(d.get()).isEmpty()) {
            throw refuse("wsl.nameTaken", 1, d.get().name());
        }
        Optional<CommandOutput> images = wsl.exec(settings.distro(), WslSettings.HOSTVIRT_IN_DISTRO, "images", "-q");
        long count = images.filter(CommandOutput::succeeded)
                .map(o -> o.stdout().lines().filter(l -> !l.isBlank()).count()).orElse(-1L);
        if (!yes && count != 0) {
            Text question = count > 0 ? Text.of("wsl.uninstall.confirm", count) : Text.of("wsl.uninstall.confirmUnknown");
            if (!confirm.test(question)) {
                report.accept(Text.of("wsl.uninstall.kept"));
                return false;
            }
        }
        call("wsl.uninstall.failed", "--unregister", d.get().name());
        report.accept(Text.of("wsl.uninstall.done", d.get().name()));
        return true;
    }

    private WslDistro requireOurs() {
        WslDistro d = ours(listDistros()).orElseThrow(() -> refuse("wsl.notImported", 1));
        if (installedVersion(d).isEmpty()) {
            throw refuse("wsl.nameTaken", 1, d.name());
        }
        return d;
    }

    private void call(String failureKey, String... args) {
        CommandOutput out = wsl.run(args).orElseThrow(() -> refuse("wsl.notInstalled", 1));
        if (!out.succeeded()) {
            throw refuse(failureKey, 125, String.join(" ", args), firstLine(out));
        }
    }

    private static String firstLine(CommandOutput out) {
        String all = (out.stderr() + "\n" + out.stdout()).replace("\u0000", "");
        return all.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("exit " + out.exit());
    }

    private static ForwardException refuse(String key, int exit, Object... args) {
        return new ForwardException(key, exit, args);
    }
}
