package dev.hostvirt.report;

import dev.hostvirt.facts.SourceNote;
import dev.hostvirt.i18n.Messages;
import dev.hostvirt.rules.Finding;
import dev.hostvirt.rules.Status;
import dev.hostvirt.rules.TargetResult;
import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The human report, in the spirit of virt-host-validate: one aligned line per check grouped by
 * target, what was read under each check that did not pass, then one verdict line per target and
 * the fixes, numbered, each once.
 */
public final class TextReport {
    private final Messages messages;
    private final Style style;
    private final boolean verbose;

    public TextReport(Messages messages, Style style, boolean verbose) {
        this.messages = messages;
        this.style = style;
        this.verbose = verbose;
    }

    public void print(Report report, PrintWriter out) {
        out.println(style.bold(header(report.platform())));
        int width = 0;
        for (TargetResult t : report.targets()) {
            width = Math.max(width, t.target().length());
        }
        Set<String> fixes = new LinkedHashSet<>();
        for (TargetResult t : report.targets()) {
            out.println();
            out.println(style.bold(t.target()));
            for (Finding f : t.findings()) {
                printFinding(f, out);
                if (f.fix() != null && (f.status() == Status.FAIL || f.status() == Status.WARN)) {
                    fixes.add(messages.render(f.fix()));
                }
            }
        }
        out.println();
        out.println(style.bold(messages.get("report.verdicts")));
        for (TargetResult t : report.targets()) {
            String name = padRight(t.target(), width);
            out.println("  " + name + "  " + style.verdict(t.verdict(), messages.get("report.verdict." + t.verdict().id()))
                    + counts(t));
        }
        if (!fixes.isEmpty()) {
            out.println();
            out.println(style.bold(messages.get("report.fixes")));
            int i = 1;
            for (String fix : fixes) {
                out.println("  " + i++ + ". " + indentContinuation(fix, "     "));
            }
        }
        out.flush();
    }

    private void printFinding(Finding f, PrintWriter out) {
        String status = padRight(f.status().name(), 4);
        out.println("  " + style.status(f.status(), status) + "  " + messages.render(f.title()));
        boolean explain = f.status() != Status.PASS || verbose;
        if (explain && f.detail() != null) {
            out.println("        " + indentContinuation(messages.render(f.detail()), "        "));
        }
        if (verbose) {
            out.println("        [" + f.id() + "]"
                    + (f.sources().isEmpty() ? "" : " " + SourceNote.localize(String.join(", ", f.sources()), messages)));
        }
    }

    private String counts(TargetResult t) {
        long fail = t.findings().stream().filter(f -> f.status() == Status.FAIL).count();
        long warn = t.findings().stream().filter(f -> f.status() == Status.WARN).count();
        long skip = t.findings().stream().filter(f -> f.status() == Status.SKIP).count();
        StringBuilder sb = new StringBuilder();
        if (fail > 0) {
            sb.append(messages.get("report.count.fail", fail));
        }
        if (warn > 0) {
            sb.append(sb.length() > 0 ? ", " : "").append(messages.get("report.count.warn", warn));
        }
        if (skip > 0) {
            sb.append(sb.length() > 0 ? ", " : "").append(messages.get("report.count.skip", skip));
        }
        return sb.length() == 0 ? "" : "  (" + sb + ")";
    }

    private String header(Map<String, String> platform) {
        StringBuilder sb = new StringBuilder(messages.get("report.header"));
        String name = platform.getOrDefault("name", platform.get("os"));
        sb.append(' ').append(name);
        for (String key : new String[] {"version", "kernel", "build", "arch", "hypervisor", "container"}) {
            String v = platform.get(key);
            if (v != null && !v.isBlank() && !v.equals(name) && !v.equals("none")) {
                boolean unnamed = v.equals("?") || v.equals("unknown");
                sb.append(", ").append(unnamed ? messages.get("report.platform." + key + ".unknown")
                        : messages.get("report.platform." + key, v));
            }
        }
        return sb.toString();
    }

    /** Plain padding: java.util.Formatter would load the locale's number data to print a report. */
    private static String padRight(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    private static String indentContinuation(String text, String indent) {
        return text.replace("\n", "\n" + indent);
    }
}
