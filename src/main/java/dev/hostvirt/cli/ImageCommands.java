package dev.hostvirt.cli;

import static dev.hostvirt.cli.OptionBinding.bound;

import dev.hostvirt.HostvirtException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hostvirt.engine.Engine;
import dev.hostvirt.engine.Json;
import dev.hostvirt.engine.container.ContainerControl;
import dev.hostvirt.engine.container.ContainerRecord;
import dev.hostvirt.engine.container.ContainerStore;
import dev.hostvirt.engine.image.ImageConfig;
import dev.hostvirt.engine.image.ImageImporter;
import dev.hostvirt.engine.image.ImageNames;
import dev.hostvirt.engine.image.ImageRecord;
import dev.hostvirt.engine.image.ImageRef;
import dev.hostvirt.engine.image.ImageStore;
import dev.hostvirt.engine.image.Platform;
import dev.hostvirt.engine.layer.LayerStore;
import dev.hostvirt.engine.layer.UnpackEvents;
import dev.hostvirt.engine.store.ContentStore;
import dev.hostvirt.i18n.Messages;
import dev.hostvirt.i18n.Text;
import dev.hostvirt.report.Columns;
import dev.hostvirt.report.GoTemplateFormat;
import dev.hostvirt.report.GoTime;
import dev.hostvirt.report.HumanDuration;
import dev.hostvirt.report.progress.TerminalImageProgress;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code hostvirt image import|rm|ls}, declared in code: picocli's reflection of their annotations
 * cost every image command ~39 ms (image ls: 127 -> 89 ms once declared in code).
 * {@code hostvirt images} is the same as {@code image ls}.
 */
public final class ImageCommands implements EngineCommand, Runnable, DeclaredInCode {
    private final CliEnvironment env;
    private CommandSpec spec;

    ImageCommands(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public CommandSpec spec(IFactory factory) {
        spec = CommandSpec.wrapWithoutInspection(this, factory).name("image");
        StandardHelpOptions.INSTANCE.addTo(spec);
        spec.addSubcommand("import", new CommandLine(new Import(env).spec(factory), factory));
        spec.addSubcommand("rm", new CommandLine(new Rm(env).spec(factory), factory));
        spec.addSubcommand("ls", new CommandLine(new Ls(env).spec(factory), factory));
        spec.addSubcommand("inspect", new CommandLine(new Inspect(env).spec(factory), factory));
        return DeclaredInCode.withUsage(spec, false);
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                Messages.forLocale(env.locale()).get("engine.error.subcommand.image"));
    }

    /** One or more IMAGE arguments (picocli resets the list to null before a parse: empty here). */
    private static PositionalParamSpec imageNames(java.util.function.Supplier<List<String>> get,
            java.util.function.Consumer<List<String>> set) {
        return bound(PositionalParamSpec.builder().index("0..*").arity("1..*").required(true).type(List.class)
                .auxiliaryTypes(String.class).paramLabel("IMAGE").descriptionKey("image.rm.image"),
                get, v -> set.accept(v == null ? new ArrayList<>() : v));
    }

    /** An image subcommand: its own options, then the engine's options and the help options. */
    private abstract static class Subcommand implements EngineCommand, Callable<Integer>, DeclaredInCode {
        final CliEnvironment env;
        final EngineOptions engineOptions = new EngineOptions();

        Subcommand(CliEnvironment env) {
            this.env = env;
        }

        CommandSpec finish(CommandSpec s) {
            engineOptions.addTo(s);
            StandardHelpOptions.INSTANCE.addTo(s);
            return DeclaredInCode.withUsage(s, false);
        }
    }

    /** How an image listing prints: -q, --json, --format, --no-trunc. */
    record Listing(boolean quiet, boolean json, String format, boolean noTrunc) {
    }

    /** The images as podman lists them; CREATED as long ago as the image's config says, N/A when it says nothing. */
    static void list(List<ImageRecord> images, PrintWriter out, Listing how, Instant now) {
        boolean podmanJson = how.format() != null && FormatOption.wholeJson(how.format());
        GoTemplateFormat template = how.format() == null || how.format().isEmpty() || podmanJson ? null
                : FormatOption.template(how.format(), false);
        if (how.json()) {
            ArrayNode all = Json.array();
            for (ImageRecord r : images) {
                ObjectNode n = all.addObject();
                n.put("id", r.config().toString()).put("shortId", r.shortId()).put("ref", r.ref())
                        .put("repository", ImageNames.repository(r.ref())).put("tag", ImageNames.tag(r.ref()))
                        .put("manifest", r.manifest().toString());
                if (HumanDuration.known(r.created())) {
                    n.put("created", r.created());
                } else {
                    n.putNull("created");
                }
            }
            out.println(Json.writeString(all, true));
        } else if (how.quiet()) {
            images.stream().map(r -> id(r, how.noTrunc())).distinct().forEach(out::println); // an ID once, whatever its names: for xargs image rm
        } else if (podmanJson) {
            ArrayNode all = Json.array();
            images.forEach(r -> all.add(podmanJson(r)));
            out.println(Json.writeIndentedAsGo(all, "    ")); // podman's layout, for line-based greps
        } else if (template != null) {
            FormatOption.printEach(template, images.stream().map(r -> fields(r, now, how.noTrunc())).toList(), out);
        } else {
            table(images, out, how.noTrunc(), now);
        }
        out.flush();
    }

    /** IMAGE ID as podman shows it: 12 digits, or all of them after "sha256:" with --no-trunc. */
    private static String id(ImageRecord r, boolean noTrunc) {
        return noTrunc ? r.config().toString() : r.shortId();
    }

    /**
     * What an images template reads, named as podman's images structure names it (docs/engine.md lists
     * them); {@code .Digest} is the manifest's, {@code .CreatedAt} as Go prints a time, both empty and
     * {@code .CreatedSince} N/A when the image's config says no date.
     */
    static ObjectNode fields(ImageRecord r, Instant now, boolean noTrunc) {
        boolean dated = HumanDuration.known(r.created());
        String since = dated ? HumanDuration.ago(r.created(), now) : "N/A";
        return Json.object().put("Repository", ImageNames.repository(r.ref())).put("Tag", ImageNames.tag(r.ref()))
                .put("ID", id(r, noTrunc)).put("Id", r.config().hex()).put("Digest", r.manifest().toString())
                .put("CreatedAt", dated ? GoTime.of(r.created(), ZoneId.systemDefault()) : "")
                .put("CreatedSince", since).put("Created", since);
    }

    /** {@code images --format json}: podman's keys, those hostvirt knows; one object per name, as the table. */
    static ObjectNode podmanJson(ImageRecord r) {
        ObjectNode n = Json.object().put("Id", r.config().hex());
        ArrayNode digests = n.putArray("RepoDigests");
        if (r.index() != null) { // first, as podman lists them
            digests.add(ImageNames.repository(r.ref()) + "@" + r.index());
        }
        digests.add(ImageNames.repository(r.ref()) + "@" + r.manifest());
        n.putArray("Names").add(r.ref());
        n.put("Digest", r.manifest().toString());
        if (HumanDuration.known(r.created())) {
            n.put("Created", Instant.parse(r.created()).getEpochSecond()).put("CreatedAt", r.created());
        }
        return n;
    }

    /**
     * The images named {@code reference} ({@code REPOSITORY} for any of its tags, or
     * {@code REPOSITORY:TAG}), as docker's {@code images busybox}; all of them for null.
     */
    static List<ImageRecord> matching(List<ImageRecord> all, String reference) {
        if (reference == null) {
            return all;
        }
        if (ImageNames.isId(reference)) {
            // An ID means that image here too, never a name written the same way (run, rmi, inspect).
            String lower = reference.toLowerCase(java.util.Locale.ROOT);
            String id = lower.startsWith("sha256:") ? lower : "sha256:" + lower;
            return all.stream().filter(r -> r.config().toString().startsWith(id)).toList();
        }
        dev.hostvirt.engine.registry.ImageReference wanted = ImageNames.parse(reference)
                .orElseThrow(() -> new HostvirtException(Text.of("engine.error.image.reference", reference), ExitCodes.ENGINE_ERROR));
        String last = reference.substring(reference.lastIndexOf('/') + 1);
        boolean tagged = last.contains(":") || last.contains("@");
        String stored = ImageNames.stored(wanted);
        return all.stream().filter(r -> tagged ? r.ref().equals(stored) : ImageNames.repository(r.ref()).equals(wanted.name())).toList();
    }

    static void table(List<ImageRecord> images, PrintWriter out, boolean noTrunc, Instant now) {
        Columns table = new Columns("REPOSITORY", "TAG", "IMAGE ID", "CREATED");
        for (ImageRecord r : images) {
            String created = HumanDuration.known(r.created()) ? HumanDuration.ago(r.created(), now) : "N/A";
            table.add(ImageNames.repository(r.ref()), ImageNames.tag(r.ref()), id(r, noTrunc), created);
        }
        table.print(out);
        out.flush();
    }

    static final class Import extends Subcommand {
        private String name;
        private String platform;
        private Path source;

        Import(CliEnvironment env) {
            super(env);
        }

        @Override
        public CommandSpec spec(IFactory factory) {
            CommandSpec s = CommandSpec.wrapWithoutInspection(this, factory).name("import");
            s.addOption(bound(OptionSpec.builder("--name").type(String.class).paramLabel("REF").descriptionKey("image.import.name"),
                    () -> name, v -> name = v));
            s.addOption(bound(OptionSpec.builder("--platform").type(String.class).paramLabel("OS/ARCH[/VARIANT]")
                    .descriptionKey("image.import.platform"), () -> platform, v -> platform = v));
            s.addPositional(bound(PositionalParamSpec.builder().index("0").arity("1").required(true).type(Path.class)
                    .paramLabel("FILE|DIR").descriptionKey("image.import.source"), () -> source, v -> source = v));
            return finish(s);
        }

        @Override
        public Integer call() throws IOException {
            Engine engine = engineOptions.engine(env);
            if (name != null) {
                ImageRef.parse(name);
                if (dev.hostvirt.engine.registry.ImageReference.parse(name).digest() != null) {
                    // A digest names content, it cannot be given to an image: it was dropped without a word.
                    throw new HostvirtException(Text.of("engine.error.image.nameWithDigest", name), ExitCodes.ENGINE_ERROR);
                }
            }
            Platform p = platform == null ? Platform.host() : Platform.parse(platform);
            Messages m = Messages.forLocale(env.locale());
            Consumer<Text> warn = w -> env.err().println("hostvirt: " + m.get("engine.warning", w));
            // Progress on a terminal only: logs and pipes get the result lines alone, as before.
            TerminalImageProgress progress = env.errTerminal() ? new TerminalImageProgress(env.err(), m, env.clock(), warn, env.errColumns()) : null;
            UnpackEvents events = progress != null ? progress : warn::accept; // warnings clear the progress line first
            ImageImporter importer = new ImageImporter(engine.images());
            // Claimed from the first blob to the naming: another import's or an image rm's clean-up
            // meanwhile would take this import's blobs, named by no image yet, for unused.
            try (ContentStore.Writing claim = engine.blobs().writing()) {
                // Each image is unpacked (every DiffID checked) before any name is recorded, so a refused
                // layer, or a kill at any point, leaves every name on what it named before. The names used
                // to move first and be put back on a refusal: a kill while unpacking left the name on an
                // image no run could use, and the one it named before without a name.
                List<ImageRecord> got = importer.importFrom(env.workingDirectory().resolve(source), name, p,
                        progress != null ? progress : (done, total) -> { }, r -> {
                            ImageConfig cfg = engine.images().config(r.config());
                            Platform built = new Platform(cfg.os().isEmpty() ? p.os() : cfg.os(),
                                    cfg.architecture().isEmpty() ? p.architecture() : cfg.architecture(), "");
                            notRunnable(built, p).ifPresent(asked -> events.warn(Text.of("engine.warning.arch", r.ref(), built, asked)));
                            try {
                                engine.rootfs().prepareAhead(r, events);
                            } catch (IOException io) {
                                if (outOfSpace(io)) {
                                    throw io;
                                }
                                // The archive was read whole: what failed is this image's unpack (a link loop in a
                                // layer), which was told as "cannot read ARCHIVE as an image archive or layout".
                                throw new HostvirtException(Text.of("engine.error.import.unpack", r.ref(), firstLine(io)), 125, io);
                            }
                            if (progress != null) {
                                progress.finish();
                                progress.resume();
                            }
                        });
                // Said once all of them are named.
                for (ImageRecord r : got) {
                    env.out().println(m.get("engine.image.imported", r.ref(), r.shortId()));
                }
            } catch (IOException unreadable) {
                if (outOfSpace(unreadable)) {
                    // the store's disk, not the archive: it was "cannot read ARCHIVE ...: No space left on device"
                    throw new HostvirtException(Text.of("engine.error.import.noSpace", engine.stateDir()), 125, unreadable);
                }
                // A truncated or corrupt archive, or JSON that does not parse: the user's input, not a bug
                // (it was "internal error", exit 70). The reader's own first line says what it met.
                throw new HostvirtException(Text.of("engine.error.import.unreadable", source, firstLine(unreadable)), 125);
            } finally {
                if (progress != null) {
                    progress.finish();
                }
                // The claim is closed by now (before catch and finally run): what this import stored that
                // no image names goes, a docker archive's VERSION and json files, or all of a refused or
                // truncated archive (they stayed until the next image rm). Other unnamed blobs, such as an
                // interrupted pull's complete layers, are left to image rm.
                engine.images().collectUnused(importer.touched());
            }
            env.out().flush();
            return ExitCodes.OK;
        }
    }

    /**
     * What an image built for {@code built} was not made for, when it cannot run here: the platform
     * asked for, else Linux (the only OS hostvirt runs; {@code --platform windows/amd64} took a
     * Windows image without a word). Variants are not compared: the config seldom says one.
     */
    static Optional<Platform> notRunnable(Platform built, Platform asked) {
        if (!built.os().equals(asked.os()) || !built.architecture().equals(asked.architecture())) {
            return Optional.of(new Platform(asked.os(), asked.architecture(), ""));
        }
        return built.os().equals("linux") ? Optional.empty() : Optional.of(new Platform("linux", asked.architecture(), ""));
    }

    private static String firstLine(IOException e) {
        return String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    }

    /**
     * ENOSPC, as the JDK words it: strerror's text, which the JDK has no exception of its own for. That
     * text is in the user's language where the locale is installed ("No queda espacio en el
     * dispositivo"), so the system's own wording is asked for (strerror(ENOSPC), 28 on Linux and macOS)
     * besides English.
     */
    static boolean outOfSpace(Throwable e) {
        String local = systemWordsForNoSpace();
        for (Throwable t = e; t != null; t = t.getCause()) {
            String said = String.valueOf(t.getMessage());
            if (said.contains("No space left on device") || (!local.isEmpty() && said.contains(local))) {
                return true;
            }
        }
        return false;
    }

    private static final int ENOSPC = 28;

    private static String systemWordsForNoSpace() {
        try {
            String words = com.sun.jna.NativeLibrary.getProcess().getFunction("strerror").invokeString(new Object[] {ENOSPC}, false);
            return words == null ? "" : words;
        } catch (RuntimeException | LinkageError noLibc) {
            return "";
        }
    }

    /** {@code image inspect}: images only, as podman's; the same output as {@code inspect} gives an image. */
    static final class Inspect extends Subcommand {
        private String format;
        private List<String> images = new ArrayList<>();

        Inspect(CliEnvironment env) {
            super(env);
        }

        @Override
        public CommandSpec spec(IFactory factory) {
            CommandSpec s = CommandSpec.wrapWithoutInspection(this, factory).name("inspect");
            s.addOption(bound(OptionSpec.builder("-f", "--format").type(String.class).paramLabel("TEMPLATE")
                    .descriptionKey("inspect.format"), () -> format, v -> format = v));
            s.addPositional(imageNames(() -> images, v -> images = v));
            return finish(s);
        }

        @Override
        public Integer call() throws IOException {
            return ContainerCommands.Inspect.print(env, engineOptions.engine(env), images, format, true);
        }
    }

    static class Rm extends Subcommand {
        private boolean force;
        private List<String> images = new ArrayList<>();

        Rm(CliEnvironment env) {
            super(env);
        }

        /** Its name: {@code hostvirt rmi} is the same command by another name. */
        CommandSpec named(CommandSpec s) {
            return s.name("rm");
        }

        @Override
        public CommandSpec spec(IFactory factory) {
            CommandSpec s = named(CommandSpec.wrapWithoutInspection(this, factory));
            s.addOption(bound(OptionSpec.builder("-f", "--force").type(boolean.class).initialValue(false)
                    .descriptionKey("image.rm.force"), () -> force, v -> force = v));
            s.addPositional(imageNames(() -> images, v -> images = v));
            return finish(s);
        }

        @Override
        public Integer call() throws IOException {
            Engine engine = engineOptions.engine(env);
            Messages m = Messages.forLocale(env.locale());
            // Exclusively, from the check of who uses an image to the clean-up: a run between its unpack
            // and its saved container record would not be seen as a user, and lose its layers.
            int code;
            try (LayerStore.Hold exclusive = engine.rootfs().holdExclusively()) {
                code = remove(engine, m);
            }
            env.out().flush();
            env.err().flush();
            return code;
        }

        /**
         * As podman: every image that can go goes, and each one that cannot is named on stderr; the
         * exit code is 2 when one is in use (without -f), else 1 when one does not exist (-f skips
         * those quietly). Anything else (an ID of several names without -f) stops there.
         */
        private int remove(Engine engine, Messages m) throws IOException {
            boolean missing = false;
            boolean used = false;
            Set<String> present = new HashSet<>();
            for (String i : images) {
                if (engine.images().lookup(i).isPresent()) {
                    present.add(i);
                }
            }
            for (String i : images) {
                ImageRecord target = engine.images().lookup(i).orElse(null);
                if (target == null) {
                    // not there; or there at first, and an earlier argument (its ID, say) took it
                    if (!force && !present.contains(i)) {
                        env.err().println("hostvirt: " + m.get("engine.error.image.unknown", i));
                        missing = true;
                    }
                    continue;
                }
                // An ID names every tag of the image: podman and docker want -f to untag them all at once.
                boolean byName = ImageNames.nameIn(i).filter(target.ref()::equals).isPresent();
                long names = engine.images().list().stream().filter(r -> r.config().equals(target.config())).count();
                if (!byName && names > 1 && !force) {
                    throw new HostvirtException(Text.of("engine.error.image.manyNames", i, names), 125);
                }
                // One name of several goes: the image stays under the others, and so do its containers (only
                // untagged, as podman does). Before, -f killed and removed containers run by another name.
                boolean imageGoes = !byName || names == 1;
                List<ContainerRecord> users = !imageGoes ? List.of() : new ContainerControl(engine, null, env.clock()).store().list()
                        .stream().filter(c -> c.imageId().equals(target.config().toString())).toList();
                if (!users.isEmpty() && !force) {
                    env.err().println("hostvirt: " + m.get("engine.error.image.inUse", i, users.get(0).name()));
                    used = true;
                    continue;
                }
                for (ContainerRecord c : users) {
                    new ContainerControl(engine, EngineOptions.runtimes(engine, env), env.clock()).remove(c.id(), true);
                }
                ImageStore.Removal removal = engine.images().remove(i);
                for (ImageRecord r : removal.removed()) {
                    env.out().println(m.get("engine.image.untagged", r.ref()));
                }
                if (engine.images().list().stream().noneMatch(r -> r.config().equals(target.config()))) {
                    env.out().println(m.get("engine.image.deleted", target.config().hex())); // no name left: gone, as podman says
                }
                if (removal.unusedBlobsKept()) {
                    env.err().println("hostvirt: " + m.get("engine.image.blobsKept"));
                }
                engine.rootfs().collectGarbage(engine.images().list(), inUse(engine));
            }
            return used ? ExitCodes.IN_USE : missing ? ExitCodes.NO_SUCH : ExitCodes.OK;
        }

        /** What every container's root is made of (its "lowers" file), kept whatever images remain. */
        private Set<String> inUse(Engine engine) throws IOException {
            Set<String> names = new HashSet<>();
            ContainerStore store = new ContainerControl(engine, null, env.clock()).store();
            for (ContainerRecord c : store.list()) {
                Path lowers = store.dirOf(c.id()).resolve("lowers");
                if (Files.isRegularFile(lowers)) {
                    names.addAll(Files.readAllLines(lowers));
                }
            }
            return names;
        }
    }

    static class Ls extends Subcommand {
        private boolean quiet;
        private boolean json;
        private String format;
        private boolean noTrunc;
        private String reference;

        Ls(CliEnvironment env) {
            super(env);
        }

        /** Its name and aliases: {@code hostvirt images} is the same command by another name. */
        CommandSpec named(CommandSpec s) {
            return s.name("ls").aliases("list");
        }

        @Override
        public CommandSpec spec(IFactory factory) {
            CommandSpec s = named(CommandSpec.wrapWithoutInspection(this, factory));
            s.addOption(bound(OptionSpec.builder("-q", "--quiet").type(boolean.class).initialValue(false)
                    .descriptionKey("images.quiet"), () -> quiet, v -> quiet = v));
            // podman's -a adds intermediate images, which hostvirt never keeps: taken, so that the
            // `rmi $(images -aq)` of podman's scripts works, and it lists what images lists.
            s.addOption(bound(OptionSpec.builder("-a", "--all").type(boolean.class).initialValue(false)
                    .descriptionKey("images.all"), () -> false, v -> { }));
            s.addOption(bound(OptionSpec.builder("--format").type(String.class).paramLabel("TEMPLATE")
                    .descriptionKey("images.format"), () -> format, v -> format = v));
            s.addOption(bound(OptionSpec.builder("--no-trunc").type(boolean.class).initialValue(false)
                    .descriptionKey("images.noTrunc"), () -> noTrunc, v -> noTrunc = v));
            s.addOption(bound(OptionSpec.builder("--json").type(boolean.class).initialValue(false)
                    .descriptionKey("images.json"), () -> json, v -> json = v));
            s.addPositional(bound(PositionalParamSpec.builder().index("0").arity("0..1").type(String.class)
                    .paramLabel("REPOSITORY[:TAG]").descriptionKey("images.reference"), () -> reference, v -> reference = v));
            return finish(s);
        }

        @Override
        public Integer call() {
            list(matching(engineOptions.engine(env).images().list(), reference), env.out(), new Listing(quiet, json, format, noTrunc),
                    env.clock().instant());
            return ExitCodes.OK;
        }
    }

    /** {@code hostvirt images}: the same as {@code hostvirt image ls}. */
    static final class Images extends Ls {
        Images(CliEnvironment env) {
            super(env);
        }

        @Override
        CommandSpec named(CommandSpec s) {
            return s.name("images");
        }
    }

    /** {@code hostvirt rmi}: the same as {@code hostvirt image rm}, as podman's and docker's. */
    static final class Rmi extends Rm {
        Rmi(CliEnvironment env) {
            super(env);
        }

        @Override
        CommandSpec named(CommandSpec s) {
            return s.name("rmi");
        }
    }
}
