package dev.hostvirt.cli;

import java.util.Enumeration;
import java.util.ResourceBundle;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.IHelpSectionRenderer;

/**
 * Picocli wraps the usage help with java.text.BreakIterator's line rules, which also break inside a word:
 * after '.', ':', '-' or '%' and before '[' ("docker." | "io/library/busybox", "C:" | "\Users",
 * "/etc/modprobe." | "d/hostvirt-kvm.conf"). A path cut in two cannot be copied from the terminal. So the
 * help texts reach picocli with each ASCII punctuation mark inside a word replaced by a private-use
 * stand-in (a letter to BreakIterator, one column wide like the original), and every rendered section gets
 * the originals back: lines break only at spaces, at any terminal width. The synopsis, which picocli builds
 * from option names, is wrapped at spaces by {@link SpaceWrappedHelp}.
 */
final class UnbreakableWords {
    private static final char STAND_IN_BASE = '\uE000';

    private UnbreakableWords() {
    }

    /** Gives {@code root} and its subcommands the help texts, words guarded, and help that restores them. */
    static void install(CommandLine root, ResourceBundle texts) {
        root.setResourceBundle(new Guarded(texts));
        root.setHelpFactory(SpaceWrappedHelp::new);
        restoreInEverySection(root);
    }

    private static void restoreInEverySection(CommandLine line) {
        line.getHelpSectionMap().replaceAll((key, renderer) -> restoring(renderer));
        line.getSubcommands().values().forEach(UnbreakableWords::restoreInEverySection);
    }

    private static IHelpSectionRenderer restoring(IHelpSectionRenderer renderer) {
        return help -> restore(renderer.render(help));
    }

    /**
     * {@code text} with its words glued. Left as they are: whitespace, "%n" (String.format's line break),
     * and words holding picocli's markup ("@|bold ...|@") or variables ("${...}"), which picocli must read.
     */
    static String guard(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            int end = i;
            while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
                end++;
            }
            if (end == i) {
                out.append(text.charAt(i++));
            } else {
                String word = text.substring(i, end);
                out.append(word.contains("@|") || word.contains("|@") || word.contains("${") ? word : guardWord(word));
                i = end;
            }
        }
        return out.toString();
    }

    private static String guardWord(String word) {
        StringBuilder out = new StringBuilder(word.length());
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            char next = i + 1 < word.length() ? word.charAt(i + 1) : ' ';
            if (c == '%' && next == 'n') {
                out.append("%n");
                i++;
            } else if (c == '%' && next == '%') {
                out.append((char) (STAND_IN_BASE + '%')); // what String.format would print
                i++;
            } else {
                out.append(c > ' ' && c < 0x7f && !Character.isLetterOrDigit(c) ? (char) (STAND_IN_BASE + c) : c);
            }
        }
        return out.toString();
    }

    static String restore(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(c > STAND_IN_BASE + ' ' && c < STAND_IN_BASE + 0x7f ? (char) (c - STAND_IN_BASE) : c);
        }
        return out.toString();
    }

    /** The help texts as picocli reads them. An exit code's number and its ':' stay: picocli splits there. */
    private static final class Guarded extends ResourceBundle {
        private final ResourceBundle texts;

        Guarded(ResourceBundle texts) {
            this.texts = texts;
        }

        @Override
        protected Object handleGetObject(String key) {
            if (!texts.containsKey(key)) {
                return null;
            }
            String text = texts.getString(key);
            int colon = text.indexOf(':');
            if (key.contains("exitCodeList.") && colon > 0) {
                return text.substring(0, colon + 1) + guard(text.substring(colon + 1));
            }
            return guard(text);
        }

        @Override
        public Enumeration<String> getKeys() {
            return texts.getKeys();
        }

        @Override
        protected Set<String> handleKeySet() {
            return texts.keySet();
        }
    }
}
