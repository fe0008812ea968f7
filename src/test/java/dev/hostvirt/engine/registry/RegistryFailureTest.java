package dev.hostvirt.engine.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.engine.store.ContentStore;
import dev.hostvirt.engine.store.Digest;
import dev.hostvirt.engine.store.FileContentStore;
import dev.hostvirt.i18n.Messages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real registry that serves a corrupted blob, and one that dies in the middle of a blob. */
class RegistryFailureTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void needsTheRegistry() {
        assumeTrue(LocalRegistry.available(), "docker-registry is not installed (apt-get install docker-registry; CI installs it)");
    }

    private static ImagePuller puller(ContentStore store, PullListener listener) {
        return new ImagePuller(store, i -> { }, RegistryOptions.defaults().withTlsVerify(false), r -> Optional.empty(), listener);
    }

    @Test
    void aBlobWhoseContentDoesNotMatchItsDigestIsRefusedAndNothingIsStored() throws Exception {
        Path scratch = Files.createDirectories(tmp.resolve("scratch"));
        byte[] tar = TestImages.busyboxTar(scratch);
        TestImages.Blob layer = TestImages.gzipLayer(tar);
        TestImages.Image image = TestImages.image("amd64", "", List.of(layer), List.of(tar));
        try (LocalRegistry registry = LocalRegistry.plain(tmp.resolve("registry"))) {
            registry.push("hostvirt/bad", "1", image);
            // Flip bytes in the registry's own copy: it serves files as they are, so the client gets
            // a blob of the right size whose content no longer hashes to its digest.
            Digest d = layer.digest();
            Path data = tmp.resolve("registry/storage/docker/registry/v2/blobs/sha256/" + d.hex().substring(0, 2) + "/" + d.hex() + "/data");
            byte[] bytes = Files.readAllBytes(data);
            bytes[bytes.length / 2] ^= 0x5a;
            Files.write(data, bytes);
            String actual = Digest.sha256(TestImages.sha256(bytes)).toString();

            TempDirContentStore store = new TempDirContentStore(tmp.resolve("store"));
            RecordingListener events = new RecordingListener();
            HostvirtException e = assertThrows(HostvirtException.class,
                    () -> puller(store, events).pull(ImageReference.parse(registry.address() + "/hostvirt/bad:1"), Platform.parse("linux/amd64")));
            assertEquals(125, e.exitCode());
            assertTrue(e.getMessage().startsWith("blob from " + registry.address() + " refused, nothing was stored: "), e.getMessage());
            assertTrue(e.getMessage().contains("expected " + d), e.getMessage());
            assertTrue(e.getMessage().contains("got " + actual), e.getMessage());
            String spanish = e.message(Messages.forLocale(Messages.SPANISH));
            assertTrue(spanish.startsWith("blob de " + registry.address() + " rechazado, no se guardó nada: "), spanish);
            assertFalse(store.has(d), "the corrupt layer is not stored");
            assertFalse(store.has(image.manifest().digest()), "no manifest points at missing layers");
            assertTrue(store.partials().isEmpty(), "no partial file left");
            assertTrue(events.failed.contains(d), "the corrupt layer is reported failed");
            store.verifyAll();
        }
    }

    @Test
    void aPullInterruptedMidBlobLeavesNothingHalfVisibleAndResumesFromCompleteBlobs() throws Exception {
        Path scratch = Files.createDirectories(tmp.resolve("scratch"));
        byte[] small = TestImages.tar(scratch, Map.of("etc/hostname", "small\n".getBytes()));
        byte[] big = TestImages.randomTar(scratch, 48 << 20, 7);
        TestImages.Blob smallLayer = TestImages.gzipLayer(small);
        TestImages.Blob bigLayer = TestImages.plainLayer(big);
        TestImages.Image image = TestImages.image("amd64", "", List.of(smallLayer, bigLayer), List.of(small, big));
        try (LocalRegistry registry = LocalRegistry.plain(tmp.resolve("registry"))) {
            registry.push("hostvirt/big", "1", image);
            Digest bigDigest = bigLayer.digest();
            ImageReference ref = ImageReference.parse(registry.address() + "/hostvirt/big:1");
            TempDirContentStore store = new TempDirContentStore(tmp.resolve("store"));

            AtomicBoolean killed = new AtomicBoolean();
            PullListener killer = killAfter(registry, bigDigest, 1 << 20, killed);
            HostvirtException e = assertThrows(HostvirtException.class, () -> puller(store, killer).pull(ref, Platform.parse("linux/amd64")));
            assertTrue(killed.get(), "the registry was stopped in the middle of the big layer");
            assertEquals(125, e.exitCode());
            // Whichever download noticed first reports it: the big layer mid-stream, or another one opening.
            assertTrue(e.getMessage().matches("download of sha256:[0-9a-f]{64} from " + java.util.regex.Pattern.quote(registry.address()) + " failed \\(.*"),
                    e.getMessage());
            assertTrue(e.getMessage().endsWith("run the pull again to resume where it stopped"), e.getMessage());
            assertFalse(store.has(bigLayer.digest()), "the half-downloaded layer is not visible");
            assertFalse(store.has(image.manifest().digest()));
            assertTrue(store.partials().isEmpty(), "no partial file left behind");
            Set<Digest> completeBefore = new HashSet<>();
            for (String s : store.blobs()) {
                completeBefore.add(Digest.parse(s));
            }

            registry.start();
            RecordingListener resumed = new RecordingListener();
            PulledImage pulled = puller(store, resumed).pull(ref, Platform.parse("linux/amd64"));
            assertEquals(image.manifest().digest(), pulled.manifestDigest());
            assertEquals(completeBefore, resumed.skipped, "exactly the blobs complete before are reused");
            assertTrue(resumed.done.contains(bigLayer.digest()));
            assertEquals(bigLayer.bytes().length, Files.size(store.path(bigLayer.digest())));
            store.verifyAll();
        }
    }

    @Test
    void theEnginesStoreResumesACutBlobWithARangeRequestFromWhereItBroke() throws Exception {
        Path scratch = Files.createDirectories(tmp.resolve("scratch"));
        byte[] big = TestImages.randomTar(scratch, 48 << 20, 11);
        TestImages.Blob bigLayer = TestImages.plainLayer(big);
        TestImages.Image image = TestImages.image("amd64", "", List.of(bigLayer), List.of(big));
        try (LocalRegistry registry = LocalRegistry.plain(tmp.resolve("registry"))) {
            registry.push("hostvirt/resume", "1", image);
            Digest bigDigest = bigLayer.digest();
            ImageReference ref = ImageReference.parse(registry.address() + "/hostvirt/resume:1");
            FileContentStore store = new FileContentStore(tmp.resolve("engine-store"));

            AtomicBoolean killed = new AtomicBoolean();
            PullListener killer = killAfter(registry, bigDigest, 8 << 20, killed);
            assertThrows(HostvirtException.class, () -> puller(store, killer).pull(ref, Platform.parse("linux/amd64")));
            assertTrue(killed.get());
            assertFalse(store.has(bigDigest), "the cut layer is not visible");
            Path partial = tmp.resolve("engine-store/tmp/sha256-" + bigDigest.hex() + ".partial");
            long kept = Files.size(partial);
            assertTrue(kept > (8 << 20), "what arrived before the cut is kept: " + kept);

            registry.start();
            java.util.concurrent.atomic.AtomicLong firstReport = new java.util.concurrent.atomic.AtomicLong(-1);
            PullListener watcher = new PullListener() {
                @Override
                public void blobProgress(Descriptor blob, long bytes) {
                    if (blob.digest().equals(bigDigest)) {
                        firstReport.compareAndSet(-1, bytes);
                    }
                }
            };
            PulledImage pulled = puller(store, watcher).pull(ref, Platform.parse("linux/amd64"));
            assertEquals(image.manifest().digest(), pulled.manifestDigest());
            assertTrue(firstReport.get() > kept, "the registry served the rest from byte " + kept
                    + " on (Range): the first position reported was " + firstReport.get());
            assertTrue(firstReport.get() < bigLayer.bytes().length);
            assertEquals(bigLayer.bytes().length, Files.size(store.path(bigDigest)));
            assertEquals(bigDigest, FileContentStoreDigest.of(store.path(bigDigest)));
            assertFalse(Files.exists(partial));
        }
    }

    /** Stops the registry, as a crash would, once {@code bytes} of {@code digest} have arrived. */
    private static PullListener killAfter(LocalRegistry registry, Digest digest, long bytes, AtomicBoolean killed) {
        return new PullListener() {
            @Override
            public void blobProgress(Descriptor blob, long received) {
                if (blob.digest().equals(digest) && received > bytes && killed.compareAndSet(false, true)) {
                    try {
                        registry.kill();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
    }

    /** The sha256 of a stored file, computed here rather than trusted from the store. */
    private static final class FileContentStoreDigest {
        static Digest of(Path file) throws Exception {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            try (java.io.InputStream in = Files.newInputStream(file)) {
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = in.read(buf)) > 0) {
                    md.update(buf, 0, n);
                }
            }
            return Digest.ofRaw("sha256", md.digest());
        }
    }
}
