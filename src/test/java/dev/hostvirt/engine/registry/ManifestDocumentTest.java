package dev.hostvirt.engine.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hostvirt.HostvirtException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ManifestDocumentTest {
    private static final String A = "sha256:" + "a".repeat(64);
    private static final String B = "sha256:" + "b".repeat(64);
    private static final String C = "sha256:" + "c".repeat(64);
    private static final String D = "sha256:" + "d".repeat(64);
    private static final String E = "sha256:" + "e".repeat(64);

    private ManifestDocument parse(String body, String contentType) {
        return ManifestDocument.parse(body.replace('\'', '"').getBytes(StandardCharsets.UTF_8), contentType);
    }

    // Shape of docker.io/library/busybox's manifest list (Docker media types, arm variants, an attestation).
    private static final String DOCKER_LIST = "{'schemaVersion':2,'mediaType':'application/vnd.docker.distribution.manifest.list.v2+json',"
            + "'manifests':["
            + "{'mediaType':'application/vnd.docker.distribution.manifest.v2+json','digest':'" + A + "','size':528,'platform':{'architecture':'amd64','os':'linux'}},"
            + "{'mediaType':'application/vnd.docker.distribution.manifest.v2+json','digest':'" + B + "','size':528,'platform':{'architecture':'arm','os':'linux','variant':'v6'}},"
            + "{'mediaType':'application/vnd.docker.distribution.manifest.v2+json','digest':'" + C + "','size':528,'platform':{'architecture':'arm64','os':'linux','variant':'v8'}},"
            + "{'mediaType':'application/vnd.oci.image.manifest.v1+json','digest':'" + D + "','size':566,'platform':{'architecture':'unknown','os':'unknown'}}"
            + "]}";

    @Test
    void selectsThePlatformFromADockerManifestList() {
        ManifestDocument.Index index = assertInstanceOf(ManifestDocument.Index.class, parse(DOCKER_LIST, "application/json"));
        assertEquals(A, index.select(Platform.parse("linux/amd64")).orElseThrow().digest().toString());
        assertEquals(C, index.select(Platform.parse("linux/arm64")).orElseThrow().digest().toString());
        assertEquals(C, index.select(Platform.parse("linux/aarch64/v8")).orElseThrow().digest().toString());
        // An arm v7 CPU runs the v6 image when there is no v7 one.
        assertEquals(B, index.select(Platform.parse("linux/arm/v7")).orElseThrow().digest().toString());
        assertTrue(index.select(Platform.parse("linux/arm/v5")).isEmpty());
        assertTrue(index.select(Platform.parse("linux/s390x")).isEmpty());
        assertEquals(java.util.List.of("linux/amd64", "linux/arm/v6", "linux/arm64"), index.platforms());
    }

    @Test
    void attestationEntriesMatchOnlyALiteralUnknownRequest() {
        ManifestDocument.Index index = (ManifestDocument.Index) parse(DOCKER_LIST, null);
        assertTrue(index.select(new Platform("unknown", "unknown", "")).isPresent(),
                "the host platform is never unknown/unknown, so a default pull cannot pick an attestation");
        assertTrue(index.select(Platform.parse("linux/ppc64le")).isEmpty());
    }

    @Test
    void readsAnOciIndexWithoutMediaTypeFieldFromItsContentType() {
        String body = "{'schemaVersion':2,'manifests':[{'mediaType':'application/vnd.oci.image.manifest.v1+json','digest':'" + A
                + "','size':1,'platform':{'architecture':'amd64','os':'linux'}}]}";
        ManifestDocument d = parse(body, "application/vnd.oci.image.index.v1+json");
        assertEquals(MediaTypes.OCI_INDEX, assertInstanceOf(ManifestDocument.Index.class, d).mediaType());
        assertInstanceOf(ManifestDocument.Index.class, parse(body, null), "the shape tells an index apart");
    }

    @Test
    void readsOciAndDockerImageManifests() {
        String oci = "{'schemaVersion':2,'mediaType':'application/vnd.oci.image.manifest.v1+json',"
                + "'config':{'mediaType':'application/vnd.oci.image.config.v1+json','digest':'" + A + "','size':100},"
                + "'layers':[{'mediaType':'application/vnd.oci.image.layer.v1.tar+gzip','digest':'" + B + "','size':2000},"
                + "{'mediaType':'application/vnd.oci.image.layer.v1.tar+zstd','digest':'" + C + "','size':3000}]}";
        ManifestDocument.Image image = assertInstanceOf(ManifestDocument.Image.class, parse(oci, null));
        assertEquals(A, image.config().digest().toString());
        assertEquals(2, image.layers().size());
        assertEquals("application/vnd.oci.image.layer.v1.tar+zstd", image.layers().get(1).mediaType());
        assertEquals(3000, image.layers().get(1).size());

        String docker = oci.replace("application/vnd.oci.image.manifest.v1+json", MediaTypes.DOCKER_MANIFEST);
        assertEquals(MediaTypes.DOCKER_MANIFEST, ((ManifestDocument.Image) parse(docker, null)).mediaType());
    }

    @Test
    void refusesSchema1AndUnknownTypesAndBadDigests() {
        HostvirtException s1 = assertThrows(HostvirtException.class, () -> parse("{'schemaVersion':1,'name':'x','fsLayers':[]}", null));
        assertTrue(s1.getMessage().contains("schema 1"));
        assertEquals(125, s1.exitCode());
        assertThrows(HostvirtException.class, () -> parse("{'mediaType':'text/html'}", null));
        assertThrows(HostvirtException.class, () -> parse("<html>", "text/html"));
        assertThrows(HostvirtException.class, () -> parse("[1,2]", null));
        String traversal = "{'schemaVersion':2,'mediaType':'application/vnd.oci.image.manifest.v1+json',"
                + "'config':{'digest':'sha256:../../../etc/passwd','size':1},'layers':[]}";
        assertThrows(HostvirtException.class, () -> parse(traversal, null));
        String noSize = "{'schemaVersion':2,'mediaType':'application/vnd.oci.image.manifest.v1+json','config':{'digest':'" + E + "'},'layers':[]}";
        assertThrows(HostvirtException.class, () -> parse(noSize, null));
    }
}
