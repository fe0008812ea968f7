package dev.hostvirt.cli;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.engine.Engine;
import dev.hostvirt.engine.container.ContainerControl;
import dev.hostvirt.engine.container.ContainerRecord;
import dev.hostvirt.engine.container.ContainerStore;
import dev.hostvirt.engine.image.ImageImporter;
import dev.hostvirt.engine.image.ImageNames;
import dev.hostvirt.engine.image.ImageRecord;
import dev.hostvirt.engine.image.ImageRef;
import dev.hostvirt.engine.image.Platform;
import dev.hostvirt.engine.layer.LayerStore;
import dev.hostvirt.i18n.Messages;
import dev.hostvirt.i18n.Text;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code hostvirt image import|rm|ls} and {@code hostvirt images}. */
@Command(name = "image", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        subcommands = {ImageCommands.Import.class, ImageCommands.Rm.class, ImageCommands.Ls.class})
public final class ImageCommands implements EngineCommand, Runnable {
    @Spec
    CommandSpec spec;
    private final CliEnvironment env;

    ImageCommands(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                Messages.forLocale(env.locale()).get("engine.error.subcommand.image"));
    }

    static void table(List<ImageRecord> images, PrintWriter out, boolean quiet) {
        if (!quiet) {
            out.println(String.format("%-40s  %-16s  %-12s  %s", "REPOSITORY", "TAG", "IMAGE ID", "CREATED"));
        }
        for (ImageRecord r : images) {
            if (quiet) {
                out.println(r.shortId());
                continue;
            }
            out.println(String.format("%-40s  %-16s  %-12s  %s", ImageNames.repository(r.ref()), ImageNames.tag(r.ref()),
                    r.shortId(), r.created()));
        }
        out.flush();
    }

    @Command(name = "import", sortOptions = false, usageHelpAutoWidth = true)
    public static final class Import extends EngineSubcommand {
        @Option(names = "--name", paramLabel = "REF", descriptionKey = "image.import.name")
        String name;
        @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]", descriptionKey = "image.import.platform")
        String platform;
        @Parameters(paramLabel = "FILE|DIR", descriptionKey = "image.import.source")
        Path source;

        Import(CliEnvironment env) {
            super(env);
        }

        @Override
        public Integer call() throws IOException {
            Engine engine = engineOptions.engine(env);
            if (name != null) {
                ImageRef.parse(name);
            }
            Platform p = platform == null ? Platform.host() : Platform.parse(platform);
            Messages m = Messages.forLocale(env.locale());
            List<ImageRecord> got = new ImageImporter(engine.images()).importFrom(env.workingDirectory().resolve(source), name, p);
            for (ImageRecord r : got) {
                String arch = Platform.normalizeArch(engine.images().config(r.config()).architecture());
                if (!arch.isEmpty() && !arch.equals(p.architecture())) {
                    env.err().println("hostvirt: " + m.get("engine.warning", m.get("engine.warning.arch", r.ref(), arch, p.architecture())));
                }
                engine.rootfs().prepareAhead(r, w -> env.err().println("hostvirt: " + m.get("engine.warning", w)));
                env.out().println(m.get("engine.image.imported", r.ref(), r.shortId()));
            }
            env.out().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "rm", sortOptions = false, usageHelpAutoWidth = true)
    public static final class Rm extends EngineSubcommand {
        @Option(names = {"-f", "--force"}, descriptionKey = "image.rm.force")
        boolean force;
        @Parameters(paramLabel = "IMAGE", arity = "1..*", descriptionKey = "image.rm.image")
        List<String> images;

        Rm(CliEnvironment env) {
            super(env);
        }

        @Override
        public Integer call() throws IOException {
            Engine engine = engineOptions.engine(env);
            Messages m = Messages.forLocale(env.locale());
            // Exclusively, from the check of who uses an image to the clean-up: a run between its unpack
            // and its saved container record would not be seen as a user, and lose its layers.
            try (LayerStore.Hold exclusive = engine.rootfs().holdExclusively()) {
                remove(engine, m);
            }
            env.out().flush();
            return ExitCodes.OK;
        }

        private void remove(Engine engine, Messages m) throws IOException {
            for (String i : images) {
                ImageRecord target = engine.images().find(i);
                List<ContainerRecord> users = new ContainerControl(engine, null, env.clock()).store().list().stream()
                        .filter(c -> c.imageId().equals(target.config().toString())).toList();
                if (!users.isEmpty() && !force) {
                    throw new HostvirtException(Text.of("engine.error.image.inUse", i, users.get(0).name()), 125);
                }
                for (ContainerRecord c : users) {
                    new ContainerControl(engine, EngineOptions.runtime(engine, env, null), env.clock()).remove(c.id(), true);
                }
                for (ImageRecord r : engine.images().remove(i)) {
                    env.out().println(m.get("engine.image.untagged", r.ref()));
                }
                engine.rootfs().collectGarbage(engine.images().list(), inUse(engine));
            }
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

    @Command(name = "ls", aliases = "list", sortOptions = false, usageHelpAutoWidth = true)
    public static final class Ls extends EngineSubcommand {
        @Option(names = {"-q", "--quiet"}, descriptionKey = "images.quiet")
        boolean quiet;

        Ls(CliEnvironment env) {
            super(env);
        }

        @Override
        public Integer call() {
            table(engineOptions.engine(env).images().list(), env.out(), quiet);
            return ExitCodes.OK;
        }
    }

    /** {@code hostvirt images}: the same as {@code hostvirt image ls}. */
    @Command(name = "images", sortOptions = false, usageHelpAutoWidth = true)
    public static final class Images extends EngineSubcommand {
        @Option(names = {"-q", "--quiet"}, descriptionKey = "images.quiet")
        boolean quiet;

        Images(CliEnvironment env) {
            super(env);
        }

        @Override
        public Integer call() {
            table(engineOptions.engine(env).images().list(), env.out(), quiet);
            return ExitCodes.OK;
        }
    }
}
