package dev.hostvirt.engine.registry;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.engine.store.ContentStore;
import dev.hostvirt.engine.store.Digest;
import dev.hostvirt.i18n.Text;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Pulls one image into a {@link ContentStore}: resolves the reference to a manifest (selecting the
 * platform in an index), then streams the config and layers straight into the store while they are
 * hashed, several at once, skipping blobs already stored. Each blob appears in the store only when
 * complete and verified, so an interrupted pull leaves nothing half-visible, and pulling again
 * resumes from the blobs that were complete. The manifests are stored too, by their digests.
 */
public final class ImagePuller {
    private final ContentStore store;
    private final PulledImageSink sink;
    private final RegistryOptions options;
    private final Function<String, Optional<Credentials>> storedCredentials;
    private final PullListener listener;

    /**
     * @param storedCredentials credentials for a registry when none were given on the command line
     *     (normally {@link DockerConfigFile#lookup})
     */
    public ImagePuller(ContentStore store, PulledImageSink sink, RegistryOptions options,
            Function<String, Optional<Credentials>> storedCredentials, PullListener listener) {
        this.store = store;
        this.sink = sink;
        this.options = options;
        this.storedCredentials = storedCredentials;
        this.listener = listener;
    }

    /** Pulls unless {@code policy} says the local copy will do ({@code run --pull=...}). */
    public Optional<PulledImage> ensure(ImageReference reference, Platform platform, PullPolicy policy, boolean presentLocally) {
        return policy.needsPull(reference, presentLocally) ? Optional.of(pull(reference, platform)) : Optional.empty();
    }

    public PulledImage pull(ImageReference reference, Platform platform) {
        Optional<Credentials> credentials = options.credentials().isPresent() ? options.credentials()
                : storedCredentials.apply(reference.registry());
        RegistryClient client = new RegistryClient(reference.registry(), reference.apiHost(), options, credentials);
        String repository = reference.repository();

        RegistryClient.FetchedManifest top = client.manifest(repository, reference.manifestReference());
        ManifestDocument document = ManifestDocument.parse(top.body(), top.contentType());
        Digest indexDigest = null;
        RegistryClient.FetchedManifest chosen = top;
        if (document instanceof ManifestDocument.Index index) {
            Descriptor entry = index.select(platform).orElseThrow(() -> new HostvirtException(Text.of("pull.error.noPlatform", platform, reference,
                    index.platforms().isEmpty() ? Text.of("pull.error.noPlatform.none") : String.join(", ", index.platforms())), 125));
            indexDigest = top.digest();
            chosen = client.manifest(repository, entry.digest().toString());
            document = ManifestDocument.parse(chosen.body(), chosen.contentType());
            if (!(document instanceof ManifestDocument.Image)) {
                throw new HostvirtException(Text.of("pull.error.nestedIndex", reference, platform), 125);
            }
        }
        ManifestDocument.Image image = (ManifestDocument.Image) document;
        listener.resolved(reference, platform, image.layers().size());

        List<Descriptor> blobs = new ArrayList<>();
        blobs.add(image.config());
        Map<Digest, Descriptor> unique = new LinkedHashMap<>();
        for (Descriptor layer : image.layers()) {
            unique.putIfAbsent(layer.digest(), layer);
        }
        blobs.addAll(unique.values());
        PulledImage pulled;
        // Claimed until the image is named: an image rm meanwhile would take these blobs for unused.
        try (ContentStore.Writing claim = store.writing()) {
            fetchAll(client, repository, blobs);

            // Manifests go in last: a stored manifest promises that its blobs are stored too.
            storeBytes(chosen);
            if (indexDigest != null) {
                storeBytes(top);
            }
            Platform actual = configPlatform(image.config().digest());
            if (!actual.os().isEmpty() && (!actual.os().equals(platform.os()) || !actual.architecture().equals(platform.architecture()))) {
                listener.warning(Text.of("pull.warning.platform", actual, platform));
            }
            pulled = new PulledImage(reference, chosen.digest(), indexDigest, image.config().digest(), actual, image.layers());
            sink.pulled(pulled);
        } catch (IOException e) {
            throw new HostvirtException(Text.of("pull.error.storeLock", e.getMessage()), 125, e);
        }
        listener.finished(pulled);
        return pulled;
    }

    private void fetchAll(RegistryClient client, String repository, List<Descriptor> blobs) {
        List<Descriptor> missing = new ArrayList<>();
        for (Descriptor blob : blobs) {
            if (store.has(blob.digest())) {
                listener.blobSkipped(blob);
            } else {
                missing.add(blob);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(options.parallelDownloads(), missing.size()), r -> {
            Thread t = new Thread(r, "hostvirt-pull");
            t.setDaemon(true);
            return t;
        });
        ExecutorCompletionService<Descriptor> done = new ExecutorCompletionService<>(pool);
        List<Future<Descriptor>> futures = new ArrayList<>();
        try {
            for (Descriptor blob : missing) {
                futures.add(done.submit(() -> {
                    fetch(client, repository, blob);
                    return blob;
                }));
            }
            for (int i = 0; i < missing.size(); i++) {
                try {
                    done.take().get();
                } catch (ExecutionException e) {
                    throw unwrap(e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostvirtException(Text.of("pull.error.interrupted"), 125, e);
        } finally {
            // On the first failure the other downloads stop; their partial blobs never become visible.
            futures.forEach(f -> f.cancel(true));
            pool.shutdownNow();
            // Let the other downloads notice (at their next read) and remove their temporary files,
            // so that the pull ends with the store as it will stay.
            try {
                pool.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits before the 2nd and 3rd attempt at a blob whose connection failed (docker and podman retry too). */
    private static final long[] RETRY_DELAYS_MS = {200, 1000};

    private void fetch(RegistryClient client, String repository, Descriptor blob) {
        if (store.has(blob.digest())) {
            // Another pull finished it while this one was resolving.
            listener.blobSkipped(blob);
            return;
        }
        for (int attempt = 0; ; attempt++) {
            listener.blobStarted(blob);
            try {
                fetchOnce(client, repository, blob);
                listener.blobDone(blob);
                return;
            } catch (TransientFailure e) {
                if (attempt >= RETRY_DELAYS_MS.length || Thread.currentThread().isInterrupted()) {
                    listener.blobFailed(blob);
                    throw new HostvirtException(Text.of("pull.error.blobFailed", blob.digest(), client.registry(), e.reason), 125, e.getCause());
                }
                listener.warning(Text.of("pull.warning.retrying", blob.digest(), client.registry(), e.reason));
                try {
                    Thread.sleep(RETRY_DELAYS_MS[attempt]);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    listener.blobFailed(blob);
                    throw new HostvirtException(Text.of("pull.error.interrupted"), 125, interrupted);
                }
            } catch (RuntimeException e) {
                listener.blobFailed(blob);
                throw e;
            }
        }
    }

    /** Why a transfer failed: ours in the user's language (a cut-short blob), else the system's words. */
    private static Object reasonOf(IOException e) {
        if (e instanceof VerifyingInputStream.Truncated t) {
            return t.text;
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** A connection that failed or closed early: worth another try, unlike content that is wrong. */
    private static final class TransientFailure extends Exception {
        private static final long serialVersionUID = 1L;

        /** What went wrong: the system's words (String) or a failure of ours (Text, shown in the user's language). */
        final transient Object reason;

        TransientFailure(Object reason, IOException cause) {
            super(cause);
            this.reason = reason;
        }
    }

    private void fetchOnce(RegistryClient client, String repository, Descriptor blob) throws TransientFailure {
        try {
            // Resumable: bytes kept from a transfer that broke (this pull's earlier attempt, or an
            // interrupted pull before) are asked for no more; the store hashes the whole blob anyway.
            store.writeResumable(blob.digest(), blob.size(), offset -> {
                RegistryClient.BlobStream stream = client.blob(repository, blob.digest(), offset);
                return new ContentStore.Ranged(new VerifyingInputStream(stream.body(), blob, client.registry(), listener,
                        stream.offset()), stream.offset());
            });
        } catch (InterruptedIOException e) {
            throw new HostvirtException(Text.of("pull.error.blobCancelled", blob.digest()), 125, e);
        } catch (IOException e) {
            throw new TransientFailure(reasonOf(e), e);
        } catch (HostvirtException e) {
            if (e.getMessage().contains("expected " + blob.digest())) {
                // The store refused the content (its message names both digests): say where it came from.
                throw new HostvirtException(Text.of("pull.error.blobRefused", client.registry(), e.asArgument()), 125, e);
            }
            if (e.getCause() instanceof IOException io && !(io instanceof InterruptedIOException)) {
                // The registry went away while opening the blob: as resumable as a cut mid-stream.
                throw new TransientFailure(e.asArgument(), io);
            }
            throw e;
        }
    }

    private RuntimeException unwrap(Throwable cause) {
        if (cause instanceof HostvirtException h) {
            return h;
        }
        if (cause instanceof IOException io) {
            return new HostvirtException(Text.of("pull.error.downloadFailed", reasonOf(io)), 125, io);
        }
        if (cause instanceof RuntimeException r) {
            return r;
        }
        return new IllegalStateException(cause);
    }

    private void storeBytes(RegistryClient.FetchedManifest manifest) {
        if (store.has(manifest.digest())) {
            return;
        }
        try {
            store.write(manifest.digest(), manifest.body().length, new ByteArrayInputStream(manifest.body()));
        } catch (IOException e) {
            throw new HostvirtException(Text.of("pull.error.storeManifest", manifest.digest(), e.getMessage()), 125, e);
        }
    }

    /** The platform a config declares (image-spec config.md: os, architecture, variant). */
    private Platform configPlatform(Digest config) {
        try {
            if (Files.size(store.path(config)) > RegistryClient.MAX_MANIFEST_BYTES * 2L) {
                return new Platform("", "", "");
            }
            Map<String, Object> root = JsonValues.object(JsonValues.parse(Files.readAllBytes(store.path(config))));
            return new Platform(JsonValues.string(root, "os", ""), JsonValues.string(root, "architecture", ""),
                    JsonValues.string(root, "variant", ""));
        } catch (IOException e) {
            throw new HostvirtException(Text.of("pull.error.configNotJson", config), 125, e);
        }
    }
}
