package dev.hostvirt.engine.forward;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Re-reads the arguments picocli already accepted, with the command's own model, so that a
 * forwarder can rewrite option values (paths) or option names (docker's spelling) without a second
 * hand-written grammar: which options take a value, short clusters ({@code -dv X}), {@code --opt=value},
 * {@code --}, and run/exec's "everything after the image is the container's command" (stopAtPositional).
 * Values are emitted as {@code --long=value} or {@code -s value}, which picocli, docker and podman all read.
 */
public final class ArgWalker {
    /** Decides what each option and positional becomes. Return the tokens to emit (none to drop it). */
    public interface Rewriter {
        List<String> option(OptionSpec option, String name, String value);

        List<String> positional(int index, String value);
    }

    private ArgWalker() {
    }

    public static List<String> rewrite(List<String> args, CommandSpec spec, Rewriter rewriter) {
        List<String> out = new ArrayList<>();
        int positional = 0;
        boolean stopAtPositional = spec.parser().stopAtPositional();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                out.add(a);
                for (int j = i + 1; j < args.size(); j++) {
                    out.addAll(rewriter.positional(positional++, args.get(j)));
                }
                break;
            }
            if (!a.startsWith("-") || a.equals("-")) {
                out.addAll(rewriter.positional(positional++, a));
                if (stopAtPositional) {
                    for (int j = i + 1; j < args.size(); j++) {
                        out.add(args.get(j));
                    }
                    break;
                }
                continue;
            }
            int eq = a.indexOf('=');
            String name = eq > 0 ? a.substring(0, eq) : a;
            OptionSpec opt = spec.findOption(name);
            if (opt != null) {
                String value = null;
                if (eq > 0) {
                    value = a.substring(eq + 1);
                } else if (takesValue(opt) && i + 1 < args.size() && consumesNext(opt, args.get(i + 1))) {
                    value = args.get(++i);
                }
                out.addAll(rewriter.option(opt, name, value));
                continue;
            }
            if (!a.startsWith("--") && a.length() > 2) {
                i = cluster(args, i, spec, rewriter, out);
                continue;
            }
            out.add(a);
        }
        return out;
    }

    /** Whether {@code args} give the command the option {@code longName} (not a container's argument of that spelling). */
    public static boolean hasOption(List<String> args, CommandSpec spec, String longName) {
        boolean[] found = {false};
        rewrite(args, spec, new Rewriter() {
            @Override
            public List<String> option(OptionSpec option, String name, String value) {
                found[0] |= option.longestName().equals(longName);
                return List.of();
            }

            @Override
            public List<String> positional(int index, String value) {
                return List.of();
            }
        });
        return found[0];
    }

    /** -dv X or -vX: flags until the first option that takes a value, which gets the rest or the next token. */
    private static int cluster(List<String> args, int i, CommandSpec spec, Rewriter rewriter, List<String> out) {
        String a = args.get(i);
        for (int k = 1; k < a.length(); k++) {
            String name = "-" + a.charAt(k);
            OptionSpec opt = spec.findOption(name);
            if (opt == null) {
                out.add(a);
                return i;
            }
            if (takesValue(opt) && opt.arity().min() > 0) {
                String value = k + 1 < a.length() ? a.substring(k + 1) : (i + 1 < args.size() ? args.get(++i) : null);
                out.addAll(rewriter.option(opt, name, value));
                return i;
            }
            out.addAll(rewriter.option(opt, name, null));
        }
        return i;
    }

    private static boolean takesValue(OptionSpec opt) {
        return opt.arity().max() > 0;
    }

    /**
     * picocli's rule for an option whose value is optional (arity 0..1): a boolean takes only
     * true/false; any other type takes the next argument unless it looks like an option.
     */
    private static boolean consumesNext(OptionSpec opt, String next) {
        if (opt.arity().min() > 0) {
            return true;
        }
        boolean bool = opt.type() == boolean.class || opt.type() == Boolean.class;
        return bool ? isBoolean(next) : !next.startsWith("-");
    }

    private static boolean isBoolean(String s) {
        return s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false");
    }

    /** The usual way to emit an option and its value. */
    public static List<String> emit(String name, String value) {
        if (value == null) {
            return List.of(name);
        }
        return name.startsWith("--") ? List.of(name + "=" + value) : List.of(name, value);
    }
}
