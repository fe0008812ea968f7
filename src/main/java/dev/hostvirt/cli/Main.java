package dev.hostvirt.cli;

import dev.hostvirt.host.Host;
import dev.hostvirt.i18n.Messages;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.nio.file.Path;
import picocli.CommandLine;

/** Entry point: builds the configured command line and exits with its code. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        StartupWarmUp.start(args);
        OutputFailure stdout = new OutputFailure(new FileOutputStream(FileDescriptor.out), 1);
        OutputFailure stderr = new OutputFailure(new FileOutputStream(FileDescriptor.err), 2);
        CliEnvironment env = CliEnvironment.system(stdout, stderr);
        if (EarlyProbing.worthIt(args)) {
            Host live = EarlyProbing.start();
            env = env.withLiveHost(() -> live);
        }
        String lang = language(args, env);
        if (lang != null && LanguageOption.speaks(lang)) {
            // one it does not speak is refused by the parser, in the user's own language
            env = env.withLocale(java.util.Locale.forLanguageTag(lang.replace('_', '-')));
        }
        CommandLine line = CommandLineFactory.create(env, args);
        int code = garbledByTheLocale(args, System.getProperty("sun.jnu.encoding", ""))
                ? refuseGarbled(line, args, env)
                : line.execute(args);
        Messages messages = Messages.forLocale(env.locale());
        code = stdout.exitCode(code, env.out(), env.err(), line, messages, Path.of("/proc/self/fd"));
        code = stderr.exitCode(code, env.err(), env.err(), line, messages, Path.of("/proc/self/fd"));
        System.out.flush();
        System.err.flush();
        // halt, not exit: hostvirt registers no shutdown hooks, and since JDK 21 Runtime.exit asks
        // System.Logger whether to log the exit, which starts the platform's logging (java.util.logging,
        // service lookups, method-handle spinning): ~9 ms of every command's exit.
        Runtime.getRuntime().halt(code);
    }

    /**
     * Whether the JVM read the arguments in an encoding that lost some of them: started in the C or
     * POSIX locale without linux/hostvirt (which gives the JVM a UTF-8 character type), every byte
     * above 127 became U+FFFD, and `java -jar hostvirt.jar run img echo ü` ran `echo ??`.
     */
    static boolean garbledByTheLocale(String[] args, String jnuEncoding) {
        if (jnuEncoding.equalsIgnoreCase("UTF-8")) {
            return false;
        }
        for (String a : args) {
            if (a.indexOf('\uFFFD') >= 0) {
                return true;
            }
        }
        return false;
    }

    /** One line saying why, and the code a parameter error of that command gets. */
    private static int refuseGarbled(CommandLine line, String[] args, CliEnvironment env) {
        env.err().println("hostvirt: " + Messages.forLocale(env.locale()).get("cli.error.garbledArguments"));
        env.err().flush();
        String command = Subcommands.requested(args);
        CommandLine sub = command == null ? null : line.getSubcommands().get(command);
        return sub != null && sub.getCommandSpec().userObject() instanceof EngineCommand ? ExitCodes.ENGINE_ERROR : ExitCodes.USAGE;
    }

    /** The --lang given to hostvirt (not to a container), or null. */
    static String language(String[] args, CliEnvironment env) {
        String lang = languageOption(args);
        if (lang != null && LanguageOption.mayBeTheContainers(args)) {
            lang = LanguageOption.ownOf(CommandLineFactory.create(env, args), args, lang);
        }
        return lang;
    }

    /**
     * --lang must be known before parsing, so that the help itself is in that language. The first
     * one given, which may be a container's argument (run and exec: LanguageOption.mayBeTheContainers).
     */
    static String languageOption(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--lang") && i + 1 < args.length) {
                return args[i + 1];
            }
            if (args[i].startsWith("--lang=")) {
                return args[i].substring("--lang=".length());
            }
            if (args[i].equals("--")) {
                break;
            }
        }
        return null;
    }
}
