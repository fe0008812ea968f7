package dev.hostvirt.engine.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.engine.store.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pulls from a real registry (Debian's docker-registry) started on 127.0.0.1 by the test, with images
 * the test builds from busybox-static and pushes through the registry's HTTP API.
 */
class RegistryPullTest {
    @TempDir
    static Path shared;
    static LocalRegistry registry;
    static TestImages.Image single;
    static TestImages.Index multi;
    static TestImages.Image docker;
    static TestImages.Index dockerList;

    @TempDir
    Path storeDir;

    @BeforeAll
    static void startRegistryAndPush() throws Exception {
        if (!LocalRegistry.available()) {
            return; // every test then skips, with the reason, in needsTheRegistry()
        }
        registry = LocalRegistry.plain(shared.resolve("registry"));
        Path scratch = Files.createDirectories(shared.resolve("scratch"));
        byte[] busybox = TestImages.busyboxTar(scratch);
        byte[] extra = TestImages.tar(scratch, java.util.Map.of("etc/motd", "hello from hostvirt\n".getBytes()));
        TestImages.Blob gz = TestImages.gzipLayer(busybox);
        TestImages.Blob zst = TestImages.zstdLayer(scratch, extra);
        single = TestImages.image("amd64", "", List.of(gz, zst), List.of(busybox, extra));
        registry.push("hostvirt/single", "1.0", single);

        byte[] armOnly = TestImages.tar(scratch, java.util.Map.of("etc/arch", "arm64\n".getBytes()));
        TestImages.Image amd = TestImages.image("amd64", "", List.of(gz), List.of(busybox));
        TestImages.Image arm = TestImages.image("arm64", "v8", List.of(TestImages.zstdLayer(scratch, armOnly)), List.of(armOnly));
        multi = TestImages.index(MediaTypes.OCI_INDEX, List.of(amd, arm),
                List.of(new String[] {"linux", "amd64"}, new String[] {"linux", "arm64", "v8"}));
        registry.push("hostvirt/multi", "latest", multi);

        docker = TestImages.dockerImage(gz, busybox);
        dockerList = TestImages.index(MediaTypes.DOCKER_LIST, List.of(docker), List.<String[]>of(new String[] {"linux", "amd64"}));
        registry.push("hostvirt/docker", "v2", dockerList);
    }

    @BeforeEach
    void needsTheRegistry() {
        assumeTrue(LocalRegistry.available(), "docker-registry is not installed (apt-get install docker-registry; CI installs it)");
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    private ImagePuller puller(TempDirContentStore store, List<PulledImage> sink, PullListener listener) {
        return new ImagePuller(store, sink::add, RegistryOptions.defaults().withTlsVerify(false), r -> Optional.empty(), listener);
    }

    private ImageReference ref(String rest) {
        return ImageReference.parse(registry.address() + "/" + rest);
    }

    private static final Platform AMD64 = Platform.parse("linux/amd64");

    @Test
    void pullsASinglePlatformImageWithAGzipAndAZstdLayer() throws Exception {
        TempDirContentStore store = new TempDirContentStore(storeDir);
        List<PulledImage> pulled = new ArrayList<>();
        RecordingListener events = new RecordingListener();
        List<Integer> claimsWhenNamed = new ArrayList<>();
        PulledImage image = new ImagePuller(store, i -> {
            claimsWhenNamed.add(store.openClaims());
            pulled.add(i);
        }, RegistryOptions.defaults().withTlsVerify(false), r -> Optional.empty(), events).pull(ref("hostvirt/single:1.0"), AMD64);
        // Every blob was written, and the image named, under one writing claim, which is closed now.
        assertEquals(List.of(1), claimsWhenNamed);
        assertEquals(0, store.unclaimedWrites());
        assertEquals(0, store.openClaims());

        assertEquals(single.manifest().digest(), image.manifestDigest());
        assertEquals(single.config().digest(), image.configDigest());
        assertNull(image.indexDigest());
        assertEquals("linux/amd64", image.platform().toString());
        assertEquals(List.of("application/vnd.oci.image.layer.v1.tar+gzip", "application/vnd.oci.image.layer.v1.tar+zstd"),
                image.layers().stream().map(Descriptor::mediaType).toList());
        assertEquals(List.of(image), pulled, "the image index is told once, after the blobs are stored");
        for (TestImages.Blob b : single.blobs()) {
            assertTrue(store.has(b.digest()), "stored " + b.digest());
            assertEquals(b.bytes().length, Files.size(store.path(b.digest())));
        }
        assertTrue(store.has(single.manifest().digest()), "the manifest itself is stored by digest");
        assertEquals(3, events.done.size());
        assertTrue(store.partials().isEmpty());
        store.verifyAll();
    }

    @Test
    void layersAlreadyPresentAreSkipped() throws Exception {
        TempDirContentStore store = new TempDirContentStore(storeDir);
        puller(store, new ArrayList<>(), PullListener.NONE).pull(ref("hostvirt/single:1.0"), AMD64);
        RecordingListener again = new RecordingListener();
        puller(store, new ArrayList<>(), again).pull(ref("hostvirt/single:1.0"), AMD64);
        assertEquals(Set.of(single.config().digest(), single.layers().get(0).digest(), single.layers().get(1).digest()), again.skipped);
        assertTrue(again.done.isEmpty(), "nothing downloaded twice");
    }

    @Test
    void pullsByDigest() throws Exception {
        TempDirContentStore store = new TempDirContentStore(storeDir);
        Digest d = single.manifest().digest();
        PulledImage image = puller(store, new ArrayList<>(), PullListener.NONE).pull(ref("hostvirt/single@" + d), AMD64);
        assertEquals(d, image.manifestDigest());
        assertNull(image.reference().tag());
    }

    @Test
    void pullByAnUnknownDigestFailsWithExit125() {
        TempDirContentStore store = new TempDirContentStore(storeDir);
        HostvirtException e = assertThrows(HostvirtException.class, () -> puller(store, new ArrayList<>(), PullListener.NONE)
                .pull(ref("hostvirt/single@sha256:" + "0".repeat(64)), AMD64));
        assertEquals(125, e.exitCode());
        assertTrue(e.getMessage().contains("not found in registry " + registry.address()), e.getMessage());
    }

    @Test
    void selectsThePlatformFromATwoPlatformOciIndex() throws Exception {
        TempDirContentStore store = new TempDirContentStore(storeDir);
        PulledImage arm = puller(store, new ArrayList<>(), PullListener.NONE).pull(ref("hostvirt/multi"), Platform.parse("linux/arm64"));
        assertEquals(multi.images().get(1).manifest().digest(), arm.manifestDigest());
        assertEquals(multi.index().digest(), arm.indexDigest());
        assertEquals("linux/arm64", arm.platform().toString());
        assertFalse(store.has(multi.images().get(0).layers().get(0).digest()), "the other platform's layers are not fetched");

        PulledImage amd = puller(store, new ArrayList<>(), PullListener.NONE).pull(ref("hostvirt/multi"), AMD64);
        assertEquals(multi.images().get(0).manifest().digest(), amd.manifestDigest());
        assertTrue(store.has(multi.index().digest()));
    }

    @Test
    void pullByTheIndexDigestStillSelectsThePlatform() throws Exception {
        TempDirContentStore store = new TempDirContentStore(storeDir);
        PulledImage arm = puller(store, new ArrayList<>(), PullListener.NONE)
                .pull(ref("hostvirt/multi@" + multi.index().digest()), Platform.parse("linux/arm64/v8"));
        assertEquals(multi.images().get(1).manifest().digest(), arm.manifestDigest());
        assertEquals(multi.index().digest(), arm.indexDigest());
    }

    @Test
    void aPlatformTheIndexLacksIsAClearError() {
        TempDirContentStore store = new TempDirContentStore(storeDir);
        HostvirtException e = assertThrows(HostvirtException.class, () -> puller(store, new ArrayList<>(), PullListener.NONE)
                .pull(ref("hostvirt/multi"), Platform.parse("linux/s390x")));
        assertEquals(125, e.exitCode());
        assertTrue(e.getMessage().contains("no image for platform linux/s390x"), e.getMessage());
        assertTrue(e.getMessage().contains("linux/amd64, linux/arm64"), e.getMessage());
    }

    @Test
    void pullsADockerManifestListAndDockerV2Manifest() throws Exception {
        TempDirContentStore store = new TempDirContentStore(storeDir);
        PulledImage image = puller(store, new ArrayList<>(), PullListener.NONE).pull(ref("hostvirt/docker:v2"), AMD64);
        assertEquals(docker.manifest().digest(), image.manifestDigest());
        assertEquals(dockerList.index().digest(), image.indexDigest());
        assertEquals("application/vnd.docker.image.rootfs.diff.tar.gzip", image.layers().get(0).mediaType());
    }

    @Test
    void aMismatchingPlatformInASinglePlatformImageIsAWarning() throws Exception {
        TempDirContentStore store = new TempDirContentStore(storeDir);
        RecordingListener events = new RecordingListener();
        puller(store, new ArrayList<>(), events).pull(ref("hostvirt/single:1.0"), Platform.parse("linux/arm64"));
        assertEquals(List.of("image platform (linux/amd64) does not match the expected platform (linux/arm64)"), events.warnings);
    }

    @Test
    void httpsIsTheDefaultSoAPlainHttpRegistryNeedsTlsVerifyFalse() {
        TempDirContentStore store = new TempDirContentStore(storeDir);
        ImagePuller strict = new ImagePuller(store, i -> { }, RegistryOptions.defaults(), r -> Optional.empty(), PullListener.NONE);
        HostvirtException e = assertThrows(HostvirtException.class, () -> strict.pull(ref("hostvirt/single:1.0"), AMD64));
        assertEquals(125, e.exitCode());
        assertTrue(e.getMessage().contains("answered plain HTTP to an HTTPS request; use --tls-verify=false"), e.getMessage());
        ImagePuller listed = new ImagePuller(store, i -> { },
                new RegistryOptions(true, Set.of(registry.address()), null, null, Optional.empty(), 3), r -> Optional.empty(), PullListener.NONE);
        assertEquals(single.manifest().digest(), listed.pull(ref("hostvirt/single:1.0"), AMD64).manifestDigest(),
                "a registry listed as insecure in hostvirt's config works without --tls-verify=false");
    }

    @Test
    void twoPullsOfTheSameImageAtOnceLeaveAConsistentStore() throws Exception {
        TempDirContentStore store = new TempDirContentStore(storeDir);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<PulledImage> pull = () -> puller(store, new ArrayList<>(), PullListener.NONE).pull(ref("hostvirt/single:1.0"), AMD64);
            Future<PulledImage> a = pool.submit(pull);
            Future<PulledImage> b = pool.submit(pull);
            assertEquals(a.get().manifestDigest(), b.get().manifestDigest());
        } finally {
            pool.shutdownNow();
        }
        store.verifyAll();
        assertTrue(store.partials().isEmpty());
        assertEquals(4, store.blobs().size(), "manifest, config and two layers, each once");
    }

    @Test
    void pullByTagAndDigestUsesTheDigest() throws Exception {
        TempDirContentStore store = new TempDirContentStore(storeDir);
        Digest arm = multi.images().get(1).manifest().digest();
        // The tag says "latest" (an index) but the digest names the arm64 manifest itself.
        PulledImage image = puller(store, new ArrayList<>(), PullListener.NONE).pull(ref("hostvirt/multi:latest@" + arm), AMD64);
        assertEquals(arm, image.manifestDigest());
    }
}
