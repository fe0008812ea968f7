package dev.hostvirt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hostvirt.HostvirtException;
import dev.hostvirt.engine.Engine;
import dev.hostvirt.engine.Json;
import dev.hostvirt.engine.bundle.ExecRequest;
import dev.hostvirt.engine.container.ContainerControl;
import dev.hostvirt.engine.container.ContainerFilter;
import dev.hostvirt.engine.container.ContainerRecord;
import dev.hostvirt.engine.image.ImageInspection;
import dev.hostvirt.engine.image.ImageRecord;
import dev.hostvirt.i18n.Messages;
import dev.hostvirt.i18n.Text;
import dev.hostvirt.report.Columns;
import dev.hostvirt.report.GoTemplateFormat;
import dev.hostvirt.report.GoTime;
import dev.hostvirt.report.HumanDuration;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The container lifecycle commands: ps, logs, stop, rm, exec, inspect. */
public final class ContainerCommands {
    private ContainerCommands() {
    }

    static ContainerControl control(EngineOptions o, CliEnvironment env) {
        Engine engine = o.engine(env);
        return new ContainerControl(engine, EngineOptions.runtimes(engine, env), env.clock());
    }

    @Command(name = "ps", sortOptions = false, usageHelpAutoWidth = true)
    public static final class Ps extends EngineSubcommand {
        @Option(names = {"-a", "--all"}, descriptionKey = "ps.all")
        boolean all;
        @Option(names = {"-q", "--quiet"}, descriptionKey = "ps.quiet")
        boolean quiet;
        @Option(names = {"-f", "--filter"}, paramLabel = "KEY=VALUE", descriptionKey = "ps.filter")
        List<String> filters = new ArrayList<>();
        @Option(names = "--format", paramLabel = "TEMPLATE", descriptionKey = "ps.format")
        String format;
        @Option(names = {"-l", "--latest"}, descriptionKey = "ps.latest")
        boolean latest;
        @Option(names = "--no-trunc", descriptionKey = "ps.noTrunc")
        boolean noTrunc;
        @Option(names = "--json", descriptionKey = "ps.json")
        boolean json;

        Ps(CliEnvironment env) {
            super(env);
        }

        @Override
        public Integer call() {
            Engine engine = engineOptions.engine(env);
            ContainerControl control = new ContainerControl(engine, EngineOptions.runtimes(engine, env), env.clock());
            ContainerFilter filter = ContainerFilter.parse(filters, image -> imageId(engine, image));
            boolean podmanJson = format != null && FormatOption.wholeJson(format);
            GoTemplateFormat template = format == null || format.isEmpty() || podmanJson ? null : FormatOption.template(format, false);
            // podman's: a status filter and --latest look at stopped containers too
            List<ContainerRecord> list = control.list(all || latest || filter.namesStatus()).stream().filter(filter).toList();
            if (latest && !list.isEmpty()) {
                list = list.subList(0, 1); // newest first
            }
            Instant now = env.clock().instant();
            PrintWriter out = env.out();
            if (json) {
                ArrayNode array = Json.array();
                for (ContainerRecord r : list) {
                    array.add(control.store().toJson(r).put("shortId", r.shortId()).put("statusText", status(r, now)));
                }
                out.println(Json.writeString(array, true));
            } else if (podmanJson) { // --format before -q, as podman's (`ps -q --format '{{.Names}}'` printed IDs)
                ArrayNode array = Json.array();
                list.forEach(r -> array.add(podmanJson(r, now, control.pidOf(r))));
                out.println(Json.writeIndentedAsGo(array, "    ")); // podman's layout, for line-based greps
            } else if (template != null) {
                FormatOption.printEach(template, list.stream().map(r -> fields(r, now, noTrunc, control.pidOf(r))).toList(), out);
            } else if (quiet) {
                list.forEach(r -> out.println(noTrunc ? r.id() : r.shortId()));
            } else {
                Columns table = new Columns("CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "NAMES");
                for (ContainerRecord r : list) {
                    table.add(noTrunc ? r.id() : r.shortId(), r.image(), command(r, noTrunc), HumanDuration.ago(r.created(), now),
                            status(r, now), r.name());
                }
                table.print(out);
            }
            out.flush();
            return ExitCodes.OK;
        }

        /** The image an ancestor filter names, by its ID; empty when the store has none (or several) by that name. */
        private static Optional<String> imageId(Engine engine, String image) {
            try {
                return engine.images().lookup(image).map(i -> i.config().toString());
            } catch (HostvirtException ambiguousOrInvalid) {
                return Optional.empty();
            }
        }

        /**
         * What a ps template reads, named as podman's ps structure names it (docs/engine.md lists them):
         * {@code .ID} and {@code .ImageID} short and {@code .Command} cut as in the table, unless --no-trunc;
         * {@code .State} the bare state, as docker's and podman's since 4.6 (4.3 printed the status there).
         */
        static ObjectNode fields(ContainerRecord r, Instant now, boolean noTrunc, long pid) {
            ObjectNode n = Json.object();
            String imageHex = r.imageId().startsWith("sha256:") ? r.imageId().substring(7) : r.imageId();
            n.put("ID", noTrunc ? r.id() : r.shortId()).put("Names", r.name()).put("Image", r.image())
                    .put("ImageID", noTrunc || imageHex.length() < 12 ? imageHex : imageHex.substring(0, 12))
                    .put("Command", command(r, noTrunc)).put("CreatedAt", GoTime.of(r.created(), ZoneId.systemDefault()))
                    .put("CreatedHuman", HumanDuration.ago(r.created(), now)).put("RunningFor", HumanDuration.ago(r.created(), now))
                    .put("Status", status(r, now)).put("State", r.status())
                    .put("ExitCode", r.reportedExitCode()).put("Exited", "exited".equals(r.status()))
                    .put("AutoRemove", r.autoRemove()).put("Pid", pid)
                    .put("StartedAt", epochSeconds(r.created())).put("ExitedAt", epochSeconds(r.finishedAt()));
            n.set("Created", n.get("CreatedAt"));
            return n;
        }

        /** {@code ps --format json}: podman's keys, those hostvirt knows. */
        static ObjectNode podmanJson(ContainerRecord r, Instant now, long pid) {
            ObjectNode n = Json.object();
            n.put("AutoRemove", r.autoRemove());
            ArrayNode cmd = n.putArray("Command");
            r.command().forEach(cmd::add);
            n.put("CreatedAt", HumanDuration.ago(r.created(), now)).put("Exited", "exited".equals(r.status()))
                    .put("ExitedAt", epochSeconds(r.finishedAt())).put("ExitCode", r.reportedExitCode())
                    .put("Id", r.id()).put("Image", r.image())
                    .put("ImageID", r.imageId().startsWith("sha256:") ? r.imageId().substring(7) : r.imageId());
            n.putArray("Names").add(r.name());
            n.put("Pid", pid).put("StartedAt", epochSeconds(r.created()));
            n.put("State", r.status()).put("Status", status(r, now)).put("Created", epochSeconds(r.created()));
            return n;
        }

        /** Unix seconds, or Go's zero time's (podman's -62135596800) when there is none. */
        private static long epochSeconds(String timestamp) {
            try {
                return Instant.parse(timestamp).getEpochSecond();
            } catch (RuntimeException none) {
                return -62135596800L;
            }
        }
    }

    /** The command as ps shows it: cut to 20 characters as podman does ("echo aaaaaaaaaaaa..."), unless noTrunc. */
    static String command(ContainerRecord r, boolean noTrunc) {
        String cmd = String.join(" ", r.command());
        return noTrunc || cmd.length() <= 20 ? cmd : cmd.substring(0, 17) + "...";
    }

    /**
     * Each name found (or the error for the first that is not) before any is acted on, as podman
     * does: `stop a missing b` stopped a and left b running.
     */
    static void everyOneExists(ContainerControl c, List<String> names) {
        names.forEach(n -> c.store().find(n));
    }

    /**
     * The containers stop or rm acts on: every one with --all (by full ID, as podman names them then),
     * else those named; names with --all, or neither, are refused as podman refuses them (125).
     */
    static List<String> allOrNamed(ContainerControl c, boolean all, List<String> named) {
        if (all && !named.isEmpty()) {
            throw new HostvirtException(Text.of("engine.error.container.allWithNames"), ExitCodes.ENGINE_ERROR);
        }
        if (!all && named.isEmpty()) {
            throw new HostvirtException(Text.of("engine.error.container.noneNamed"), ExitCodes.ENGINE_ERROR);
        }
        return all ? c.store().list().stream().map(ContainerRecord::id).toList() : named;
    }

    /** podman's STATUS column: "Up 5 seconds", "Exited (137) 2 minutes ago", "Created". */
    static String status(ContainerRecord r, Instant now) {
        if ("running".equals(r.status())) {
            String up = HumanDuration.since(r.created(), now);
            return up == null ? "Up" : "Up " + up;
        }
        if ("exited".equals(r.status())) {
            String code = "Exited (" + (r.exitCode() == null ? "?" : r.exitCode()) + ")";
            String since = HumanDuration.since(r.finishedAt(), now);
            return since == null ? code : code + " " + since + " ago";
        }
        return "Created";
    }

    @Command(name = "logs", sortOptions = false, usageHelpAutoWidth = true)
    public static final class Logs extends EngineSubcommand {
        @Option(names = {"-f", "--follow"}, descriptionKey = "logs.follow")
        boolean follow;
        @Option(names = {"-n", "--tail"}, paramLabel = "LINES", descriptionKey = "logs.tail")
        Long tail;
        @Option(names = {"-t", "--timestamps"}, descriptionKey = "logs.timestamps")
        boolean timestamps;
        @Parameters(paramLabel = "CONTAINER", descriptionKey = "container")
        String container;

        Logs(CliEnvironment env) {
            super(env);
        }

        @Override
        public Integer call() throws IOException {
            control(engineOptions, env).logs(container, follow, tail, timestamps, env.stdio(), env.out(), env.err());
            return ExitCodes.OK;
        }
    }

    @Command(name = "stop", sortOptions = false, usageHelpAutoWidth = true)
    public static final class Stop extends EngineSubcommand {
        @Option(names = {"-a", "--all"}, descriptionKey = "stop.all")
        boolean all;
        @Option(names = {"-t", "--time"}, paramLabel = "SECONDS", descriptionKey = "stop.time")
        int seconds = 10;
        @Parameters(paramLabel = "CONTAINER", arity = "0..*", descriptionKey = "container")
        List<String> containers = new ArrayList<>();

        Stop(CliEnvironment env) {
            super(env);
        }

        @Override
        public Integer call() {
            if (seconds < -1) {
                // -1 waits for ever, as docker's; -2 killed at once, the opposite of what it seemed to ask
                throw new HostvirtException(Text.of("engine.error.stop.time", seconds), ExitCodes.ENGINE_ERROR);
            }
            ContainerControl c = control(engineOptions, env);
            List<String> containers = allOrNamed(c, all, this.containers);
            everyOneExists(c, containers);
            // Each one stopped is named, as podman does, before the first failure is reported.
            RuntimeException first = null;
            Messages m = Messages.forLocale(env.locale());
            for (ContainerControl.Stopped r : c.stopAll(containers, seconds)) {
                if (r.signalIgnored() != 0) {
                    // As podman warns: the container did not act on its stop signal, and lost its chance to finish cleanly.
                    env.err().println("hostvirt: " + m.get("engine.warning.stop.killed", r.name(), r.signalIgnored(), seconds));
                }
                if (r.failure() == null) {
                    env.out().println(r.name());
                } else if (first == null) {
                    first = r.failure();
                }
            }
            env.out().flush();
            if (first != null) {
                throw first;
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "rm", sortOptions = false, usageHelpAutoWidth = true)
    public static final class Rm extends EngineSubcommand {
        @Option(names = {"-a", "--all"}, descriptionKey = "rm.all")
        boolean all;
        @Option(names = {"-f", "--force"}, descriptionKey = "rm.force")
        boolean force;
        @Parameters(paramLabel = "CONTAINER", arity = "0..*", descriptionKey = "container")
        List<String> containers = new ArrayList<>();

        Rm(CliEnvironment env) {
            super(env);
        }

        /**
         * As podman and docker: every container that can go goes, and each one that cannot is
         * named on stderr; the exit code is 125 for an ambiguous ID prefix, else 2 when one was
         * running (without -f), else 1 when one does not exist. With -f missing ones are skipped quietly, so that {@code rm -f NAME} is
         * "make sure it is gone". Names are resolved first, so that two names of one container
         * ({@code rm -f ID name}) remove it once, and with -f a container another rm took meanwhile
         * counts as removed. Any other failure stops at that container, as before.
         */
        @Override
        public Integer call() throws IOException {
            ContainerControl c = control(engineOptions, env);
            List<String> containers = allOrNamed(c, all, this.containers);
            // with --all, one another rm takes meanwhile is not missing: it was not named
            boolean quietlyMissing = force || all;
            Messages m = Messages.forLocale(env.locale());
            Map<String, String> byId = new LinkedHashMap<>();
            boolean missing = false;
            boolean ambiguous = false;
            for (String name : containers) {
                Optional<ContainerRecord> found;
                try {
                    found = c.store().lookup(name);
                } catch (HostvirtException ambiguousPrefix) {
                    // an ID prefix several containers share: named, and the others still go (podman's 125)
                    env.err().println("hostvirt: " + ambiguousPrefix.message(m));
                    ambiguous = true;
                    continue;
                }
                if (found.isPresent()) {
                    byId.putIfAbsent(found.get().id(), name);
                } else if (!quietlyMissing) {
                    env.err().println("hostvirt: " + m.get("engine.error.container.noSuch", name));
                    missing = true;
                }
            }
            boolean running = false;
            for (Map.Entry<String, String> e : byId.entrySet()) {
                Optional<ContainerRecord> now = c.store().lookup(e.getKey());
                if (now.isEmpty()) {
                    // another rm took it meanwhile: gone, as asked with -f; missing, as podman says, without
                    if (!quietlyMissing) {
                        env.err().println("hostvirt: " + m.get("engine.error.container.noSuch", e.getValue()));
                        missing = true;
                    }
                    continue;
                }
                if (!force && "running".equals(c.refresh(now.get()).status())) {
                    env.err().println("hostvirt: " + m.get("engine.error.container.running", e.getValue()));
                    running = true;
                    continue;
                }
                try {
                    c.remove(e.getKey(), force);
                } catch (HostvirtException failed) {
                    if (c.store().lookup(e.getKey()).isPresent()) {
                        throw failed;
                    }
                    // taken by another rm between the look and the removal: as above
                    if (!quietlyMissing) {
                        env.err().println("hostvirt: " + m.get("engine.error.container.noSuch", e.getValue()));
                        missing = true;
                    }
                    continue;
                }
                env.out().println(e.getValue());
            }
            env.out().flush();
            env.err().flush();
            return ambiguous ? ExitCodes.ENGINE_ERROR : running ? ExitCodes.IN_USE : missing ? ExitCodes.NO_SUCH : ExitCodes.OK;
        }
    }

    @Command(name = "exec", sortOptions = false, usageHelpAutoWidth = true,
            modelTransformer = StopAtPositional.class)
    public static final class ExecCmd extends EngineSubcommand implements ContainerCodeCommand {
        @Option(names = {"-i", "--interactive"}, descriptionKey = "run.interactive")
        boolean interactive;
        @Option(names = {"-t", "--tty"}, descriptionKey = "run.tty")
        boolean tty;
        @Option(names = {"-d", "--detach"}, descriptionKey = "exec.detach")
        boolean detach;
        @Option(names = {"-e", "--env"}, paramLabel = "KEY=VALUE", descriptionKey = "run.env")
        List<String> envs = new ArrayList<>();
        @Option(names = {"-u", "--user"}, paramLabel = "USER[:GROUP]", descriptionKey = "run.user")
        String user;
        @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", descriptionKey = "run.workdir")
        String workdir;
        @Parameters(index = "0", paramLabel = "CONTAINER", descriptionKey = "container")
        String container;
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "CMD", descriptionKey = "exec.cmd")
        List<String> args = new ArrayList<>();

        ExecCmd(CliEnvironment env) {
            super(env);
        }

        @Override
        public Integer call() throws IOException {
            List<String> resolved = new ArrayList<>();
            Map<String, String> callerEnv = env.callerEnv();
            envs.forEach(e -> RunCommand.addEnv(resolved, e, callerEnv));
            String dir = workdir == null || workdir.isEmpty() ? null : workdir; // '': the container's, as run's and podman's
            int code = control(engineOptions, env).exec(container, new ExecRequest(args, resolved, user, dir, interactive && !detach, tty),
                    detach, env.stdio(), env.out(), env.err());
            env.out().flush();
            env.err().flush();
            return code;
        }
    }

    @Command(name = "inspect", sortOptions = false, usageHelpAutoWidth = true)
    public static final class Inspect extends EngineSubcommand {
        @Option(names = {"-f", "--format"}, paramLabel = "TEMPLATE", descriptionKey = "inspect.format")
        String format;
        @Parameters(paramLabel = "NAME", arity = "1..*", descriptionKey = "inspect.name")
        List<String> names = new ArrayList<>();

        Inspect(CliEnvironment env) {
            super(env);
        }

        /**
         * As podman: containers, else images, by name or ID; a JSON array of all that were found (or
         * one line per object with --format), and each name found as neither named on stderr, 125.
         */
        @Override
        public Integer call() throws IOException {
            return print(env, engineOptions.engine(env), names, format, false);
        }

        /** inspect, or {@code image inspect} ({@code imagesOnly}): what both print. */
        static int print(CliEnvironment env, Engine engine, List<String> names, String format, boolean imagesOnly) throws IOException {
            // podman's: "json" (or nothing) is the whole document
            GoTemplateFormat template = format == null || format.isEmpty() || FormatOption.wholeJson(format) ? null
                    : FormatOption.template(format, true);
            ContainerControl c = imagesOnly ? null : new ContainerControl(engine, EngineOptions.runtimes(engine, env), env.clock());
            Messages m = Messages.forLocale(env.locale());
            ArrayNode found = Json.array();
            List<String> missing = new ArrayList<>();
            for (String name : names) {
                Optional<ObjectNode> doc = document(engine, c, name);
                doc.ifPresentOrElse(found::add, () -> missing.add(name));
            }
            if (template == null) {
                env.out().println(Json.writeIndentedAsGo(found));
            } else {
                FormatOption.printEach(template, found, env.out());
            }
            env.out().flush();
            for (String name : missing) {
                env.err().println("hostvirt: " + m.get(imagesOnly ? "engine.error.image.unknown" : "engine.error.inspect.noSuchObject", name));
            }
            env.err().flush();
            return missing.isEmpty() ? ExitCodes.OK : ExitCodes.ENGINE_ERROR;
        }

        private static Optional<ObjectNode> document(Engine engine, ContainerControl c, String name) throws IOException {
            if (c != null && c.store().lookup(name).isPresent()) {
                return Optional.of(c.inspect(name));
            }
            Optional<ImageRecord> image = engine.images().lookup(name);
            if (image.isEmpty()) {
                return Optional.empty();
            }
            List<ImageRecord> same = engine.images().list().stream().filter(r -> r.config().equals(image.get().config())).toList();
            JsonNode config = Json.read(Files.readAllBytes(engine.blobs().path(image.get().config())));
            return Optional.of(ImageInspection.of(image.get(), same, config));
        }
    }
}
