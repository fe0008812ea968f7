package dev.hostvirt.cli;

import dev.hostvirt.i18n.Messages;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;

/**
 * Picocli's parse errors in the user's language. Picocli writes them in English only; the common ones
 * (an unknown option or argument, a missing parameter or option value, an option given twice, a typo
 * of a command) are rebuilt here from the exception's data, never from its English text. Any other
 * keeps picocli's message.
 */
final class ParameterErrors {
    private ParameterErrors() {
    }

    /** The one-line reason, without the "hostvirt: " prefix; {@code args} is the whole command line. */
    static String message(ParameterException ex, String[] args, Messages m) {
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            List<String> unmatched = u.getUnmatched();
            if (unmatched.get(0).startsWith("-")) {
                // Only the options: the rest are most likely their values or the arguments they displaced
                // (`inspect --format '{{.Id}}' c` named 'c' an unknown option).
                unmatched = unmatched.stream().filter(a -> a.startsWith("-")).toList();
            }
            boolean one = unmatched.size() == 1;
            String key = unmatched.get(0).startsWith("-")
                    ? (one ? "cli.error.unknownOption" : "cli.error.unknownOptions")
                    : (one ? "cli.error.unexpectedArgument" : "cli.error.unexpectedArguments");
            return m.get(key, quoted(unmatched));
        }
        if (ex instanceof CommandLine.MissingParameterException missing && !missing.getMissing().isEmpty()) {
            ArgSpec first = missing.getMissing().get(0);
            if (first instanceof PositionalParamSpec p) {
                return m.get("cli.error.missingParameter", "'" + p.paramLabel() + "'");
            }
            if (first instanceof OptionSpec o) {
                return named(args, o)
                        ? m.get("cli.error.missingValue", "'" + o.longestName() + "'", o.paramLabel())
                        : m.get("cli.error.missingOption", "'" + o.longestName() + "'");
            }
        }
        if (ex instanceof CommandLine.OverwrittenOptionException o && o.getOverwritten() instanceof OptionSpec spec) {
            return m.get("cli.error.givenTwice", "'" + spec.longestName() + "'");
        }
        if (ex.getArgSpec() instanceof OptionSpec o && ex.getValue() != null) {
            // picocli's own words, which stayed English under --lang es, for the other value types.
            Class<?> type = o.type();
            String option = "'" + o.longestName() + "'";
            String value = "'" + ex.getValue() + "'";
            if (type.isEnum()) {
                List<String> allowed = new java.util.ArrayList<>();
                if (o.completionCandidates() != null) {
                    o.completionCandidates().forEach(allowed::add);
                }
                return m.get("cli.error.notOneOf", option, value, String.join(", ", allowed));
            }
            if (type == boolean.class || type == Boolean.class) {
                return m.get("cli.error.notABoolean", option, value);
            }
            if (java.util.Map.class.isAssignableFrom(type)) {
                return m.get("cli.error.notKeyValue", option, value);
            }
        }
        if (ex.getCause() != null && ex.getArgSpec() != null && ex.getValue() != null) {
            // A value picocli could not convert ("'abc' is not a double"): say what a number looks like.
            Class<?> type = ex.getArgSpec().type();
            String name = ex.getArgSpec() instanceof OptionSpec o ? o.longestName() : ex.getArgSpec().paramLabel();
            if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
                return m.get("cli.error.notAWholeNumber", "'" + name + "'", "'" + ex.getValue() + "'");
            }
            if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
                return m.get("cli.error.notANumber", "'" + name + "'", "'" + ex.getValue() + "'");
            }
            if ("--lang".equals(name)) {
                return m.get("cli.error.language", "'" + ex.getValue() + "'");
            }
        }
        return ex.getMessage();
    }

    /** "Did you mean ...", translated; empty when picocli has no suggestion. */
    static String suggestions(ParameterException ex, Messages m) {
        if (!(ex instanceof CommandLine.UnmatchedArgumentException u)) {
            return "";
        }
        List<String> suggestions = u.getSuggestions();
        if (suggestions.isEmpty()) {
            return "";
        }
        boolean command = !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-");
        List<String> shown = new ArrayList<>();
        String prefix = command ? ex.getCommandLine().getCommandSpec().qualifiedName() + " " : "";
        for (String s : suggestions) {
            shown.add(prefix + s);
        }
        // picocli's own words: "Did you mean: hostvirt check or hostvirt switch?"; here a list.
        return m.get(command ? "cli.error.didYouMean" : "cli.error.possibleOptions", String.join(", ", shown));
    }

    /** "Run 'hostvirt run --help' for usage." */
    static String usageHint(ParameterException ex, Messages m) {
        return m.get("cli.error.seeHelp", ex.getCommandLine().getCommandSpec().qualifiedName() + " --help");
    }

    /** Whether the option appears among the arguments (so it was given without its value). */
    private static boolean named(String[] args, OptionSpec o) {
        for (String arg : args) {
            for (String name : o.names()) {
                if (arg.equals(name) || arg.startsWith(name + "=")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String quoted(List<String> values) {
        List<String> q = new ArrayList<>();
        for (String v : values) {
            q.add("'" + v + "'");
        }
        return String.join(", ", q);
    }
}
