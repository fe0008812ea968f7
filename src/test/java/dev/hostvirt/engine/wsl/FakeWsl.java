package dev.hostvirt.engine.wsl;

import dev.hostvirt.host.CommandOutput;
import dev.hostvirt.host.CommandRunner;
import dev.hostvirt.host.ProcessCommandRunner;
import dev.hostvirt.host.Reading;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stateful wsl.exe: distros come and go with --import/--unregister, exports become tarballs that
 * can be imported again, and each answer is a real recorded output (src/test/resources/windows/samples,
 * from ../shared/samples/windows) with its exit code, sent as UTF-16LE (what the inbox wsl.exe writes
 * even with WSL_UTF8=1) and decoded the way the real runner decodes it. Exit code -1 is what wsl.exe
 * returns for its own errors (0xFFFFFFFF).
 */
final class FakeWsl implements CommandRunner {
    /** A distro: wsl's version (1/2), its state column, the hostvirt in it (null: not ours), its images. */
    static final class Distro {
        final String name;
        final int wslVersion;
        String state = "Stopped";
        String hostvirt;
        int images;

        Distro(String name, int wslVersion, String hostvirt, int images) {
            this.name = name;
            this.wslVersion = wslVersion;
            this.hostvirt = hostvirt;
            this.images = images;
        }
    }

    /** What a tarball holds: the hostvirt version in /opt/hostvirt/VERSION and the images under /var/lib/hostvirt. */
    record Tarball(String hostvirt, int images) {
    }

    boolean present = true;
    String status = "wsl-status-en-new.txt";
    int statusExit = 0;
    String version = "wsl-version-en.txt";
    int versionExit = 0;
    /** When set, --import answers this sample with exit -1 (no VM can start). */
    String importFailure;
    /** Fail only imports of this tarball (an upgrade whose new rootfs is bad). */
    String badTarball;
    final Map<String, Distro> distros = new LinkedHashMap<>();
    final Map<String, Tarball> tarballs = new LinkedHashMap<>();
    final List<List<String>> calls = new ArrayList<>();

    static String sample(String name) {
        try {
            return Files.readString(Path.of(FakeWsl.class.getResource("/windows/" + (name.contains("/") ? name : "samples/" + name)).toURI()),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Reading<CommandOutput> run(List<String> argv) {
        calls.add(List.copyOf(argv));
        if (!present) {
            return Reading.absent();
        }
        List<String> a = argv.subList(1, argv.size());
        return switch (a.get(0)) {
            case "--status" -> status.endsWith("-raw-fr-error.txt") ? raw(statusExit, goQuoted(sample(status)))
                    : answer(statusExit, sample(status));
            case "--version" -> answer(versionExit, sample(version));
            case "--list" -> list();
            case "--import" -> importDistro(a.get(1), a.get(3));
            case "--export" -> {
                Distro d = distros.get(a.get(1));
                tarballs.put(a.get(2), new Tarball(d.hostvirt, d.images));
                yield answer(0, "");
            }
            case "--unregister" -> {
                distros.remove(a.get(1));
                yield answer(0, "");
            }
            case "--terminate" -> {
                distros.get(a.get(1)).state = "Stopped";
                yield answer(0, "");
            }
            case "--distribution" -> exec(a.get(1), a.subList(a.indexOf("--exec") + 1, a.size()));
            default -> answer(-1, "Invalid command line option: " + a.get(0));
        };
    }

    private Reading<CommandOutput> list() {
        if (distros.isEmpty()) {
            return answer(-1, sample("wsl-no-distros-en.txt"));
        }
        // The column layout of wsl-list-verbose-es.txt (headers and states stay English on every language).
        StringBuilder sb = new StringBuilder("  NAME          STATE           VERSION\n");
        boolean first = true;
        for (Distro d : distros.values()) {
            sb.append(first ? "* " : "  ").append(String.format("%-13s %-15s %d%n", d.name, d.state, d.wslVersion));
            first = false;
        }
        return answer(0, sb.toString());
    }

    private Reading<CommandOutput> importDistro(String name, String tarball) {
        if (importFailure != null) {
            return answer(-1, sample(importFailure));
        }
        if (distros.keySet().stream().anyMatch(n -> n.equalsIgnoreCase(name))) {
            return answer(-1, "A distribution with the supplied name already exists.\nError code: Wsl/Service/RegisterDistro/ERROR_ALREADY_EXISTS");
        }
        Tarball t = tarballs.get(tarball);
        if (t == null || tarball.equals(badTarball)) {
            return answer(-1, "The system cannot find the file specified.\nError code: Wsl/Service/RegisterDistro/ERROR_FILE_NOT_FOUND");
        }
        distros.put(name, new Distro(name, 2, t.hostvirt(), t.images()));
        return answer(0, "The operation completed successfully.");
    }

    private Reading<CommandOutput> exec(String name, List<String> argv) {
        Distro d = distros.values().stream().filter(x -> x.name.equalsIgnoreCase(name)).findFirst().orElse(null);
        if (d == null) {
            return answer(-1, "There is no distribution with the supplied name.\nError code: Wsl/Service/WSL_E_DISTRO_NOT_FOUND");
        }
        d.state = "Running";
        String program = argv.get(0);
        if (program.equals("/bin/cat") && argv.get(1).equals(WslSettings.VERSION_FILE)) {
            return d.hostvirt == null ? linux(1, "", "/bin/cat: /opt/hostvirt/VERSION: No such file or directory\n")
                    : linux(0, d.hostvirt + "\n", "");
        }
        if (program.equals(WslSettings.HOSTVIRT_IN_DISTRO) && d.hostvirt != null) {
            if (argv.get(1).equals("--version")) {
                return linux(0, "hostvirt " + d.hostvirt + "\n", "");
            }
            if (argv.get(1).equals("images")) {
                StringBuilder ids = new StringBuilder();
                for (int i = 0; i < d.images; i++) {
                    ids.append(String.format("%012x%n", 0xabc000 + i));
                }
                return linux(0, ids.toString(), "");
            }
        }
        if (program.equals("/bin/tar") && argv.contains("-xpf")) {
            Tarball t = byLinuxPath(argv.get(argv.indexOf("-xpf") + 1));
            if (t == null) {
                return linux(2, "", "tar: cannot open: No such file or directory\n");
            }
            d.images = t.images();
            return linux(0, "", "");
        }
        if (program.equals("/bin/rm")) {
            tarballs.keySet().removeIf(k -> linuxPath(k).equals(argv.get(2)));
            return linux(0, "", "");
        }
        return linux(127, "", "exec: " + program + ": not found\n");
    }

    private Tarball byLinuxPath(String p) {
        return tarballs.entrySet().stream().filter(e -> linuxPath(e.getKey()).equals(p)).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    /** The fake's own idea of drvfs: C:\a\b is /mnt/c/a/b. */
    static String linuxPath(String windows) {
        return "/mnt/" + Character.toLowerCase(windows.charAt(0)) + windows.substring(2).replace('\\', '/');
    }

    /** wsl.exe's own messages: UTF-16LE with CR LF. */
    private static Reading<CommandOutput> answer(int exit, String text) {
        byte[] utf16 = text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_16LE);
        String decoded = ProcessCommandRunner.decode(utf16);
        return Reading.present(exit == 0 ? new CommandOutput(exit, decoded, "") : new CommandOutput(exit, decoded, ""));
    }

    /** Bytes exactly as wsl.exe wrote them, decoded as the real runner decodes. */
    private static Reading<CommandOutput> raw(int exit, byte[] bytes) {
        return Reading.present(new CommandOutput(exit, ProcessCommandRunner.decode(bytes), ""));
    }

    /**
     * The bytes inside the Go %q string of wsl-l-utf16-raw-fr-error.txt (tailscale's log line):
     * \r \n \xNN escapes, everything else literal.
     */
    static byte[] goQuoted(String sampleText) {
        // The sample is cut short: its closing quote may be missing.
        int start = sampleText.indexOf('"') + 1;
        int end = sampleText.lastIndexOf('"') >= start ? sampleText.lastIndexOf('"') : sampleText.strip().length();
        String q = sampleText.substring(start, end);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < q.length(); i++) {
            char c = q.charAt(i);
            if (c != '\\') {
                out.write(c);
                continue;
            }
            char e = q.charAt(++i);
            switch (e) {
                case 'r' -> out.write('\r');
                case 'n' -> out.write('\n');
                case 'x' -> {
                    out.write(Integer.parseInt(q.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> out.write(e);
            }
        }
        return out.toByteArray();
    }

    /** A Linux program's output passes through wsl.exe as the program wrote it (UTF-8). */
    private static Reading<CommandOutput> linux(int exit, String out, String err) {
        return Reading.present(new CommandOutput(exit, out, err));
    }

    long count(String... prefix) {
        return calls.stream().filter(c -> c.size() > prefix.length
                && c.subList(1, 1 + prefix.length).equals(List.of(prefix))).count();
    }
}
