package dev.hostvirt.cli;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.i18n.Text;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A text file an option names (--env-file, --security-opt seccomp=FILE), read whole before anything
 * is made. Not only regular files: {@code --env-file <(pass show app)} (a pipe) keeps secrets out of
 * argv, as podman allows. Reading stops past {@link #LIMIT}: /dev/zero must not exhaust the heap.
 */
final class OptionFile {
    /** Far above any real environment or seccomp profile; what is above it is not one. */
    static final int LIMIT = 8 * 1024 * 1024;

    private OptionFile() {
    }

    /**
     * @param named the option's value as the user gave it (for messages)
     * @param path the file, resolved against hostvirt's working directory
     * @param option the option, as the messages name it
     */
    static String read(String named, Path path, String option) throws IOException {
        if (Files.isDirectory(path)) {
            throw new HostvirtException(Text.of("engine.error.run.optionFileDirectory", option, named), 125);
        }
        if (!Files.exists(path)) {
            throw new HostvirtException(Text.of("engine.error.run.optionFileMissing", option, named), 125);
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            bytes = in.readNBytes(LIMIT + 1);
        }
        if (bytes.length > LIMIT) {
            throw new HostvirtException(Text.of("engine.error.run.optionFileTooLarge", option, named, LIMIT / (1024 * 1024)), 125);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new HostvirtException(Text.of("engine.error.run.optionFileNotUtf8", option, named), 125);
        }
    }
}
