package dev.hostvirt.cli;

import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Help whose synopsis wraps only at spaces. Picocli's breaks where java.text.BreakIterator allows, so an
 * option could be cut inside ("[--platform=OS/ARCH" | "[/VARIANT]]", or after "[--"); the option names are
 * picocli's own, out of reach of {@link UnbreakableWords}. Same layout otherwise: the command name after the
 * heading, continuation lines one column right of it.
 */
final class SpaceWrappedHelp extends Help {
    SpaceWrappedHelp(CommandSpec spec, ColorScheme scheme) {
        super(spec, scheme);
    }

    @Override
    protected String insertSynopsisCommandName(int headingLength, Ansi.Text details) {
        String name = commandSpec().qualifiedName();
        int nameEnd = headingLength + name.length();
        int width = commandSpec().usageMessage().width();
        String plain = details.plainString();
        String newLine = System.lineSeparator();
        StringBuilder out = new StringBuilder(colorScheme().commandText(name).toString());
        int lineStart = 0;
        int lineEnd = 0;
        int column = nameEnd;
        int i = 0;
        while (i < plain.length()) {
            int wordStart = i;
            while (wordStart < plain.length() && plain.charAt(wordStart) == ' ') {
                wordStart++;
            }
            int wordEnd = plain.indexOf(' ', wordStart);
            wordEnd = wordEnd < 0 ? plain.length() : wordEnd;
            if (wordStart == wordEnd) {
                break;
            }
            boolean lineEmpty = lineEnd == lineStart;
            if (!lineEmpty && column + (wordEnd - lineEnd) > width) {
                out.append(details.substring(lineStart, lineEnd)).append(newLine).append(" ".repeat(nameEnd + 1));
                lineStart = wordStart;
                column = nameEnd + 1;
                lineEmpty = true;
            }
            column += wordEnd - (lineEmpty ? lineStart : lineEnd);
            lineEnd = wordEnd;
            i = wordEnd;
        }
        return out.append(details.substring(lineStart, lineEnd)).append(newLine).toString();
    }
}
