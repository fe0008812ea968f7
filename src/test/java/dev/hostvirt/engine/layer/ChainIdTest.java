package dev.hostvirt.engine.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hostvirt.engine.store.Digest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ChainIDs as image-spec config.md defines them (values from Python's hashlib), whichever SHA-256 computes them. */
class ChainIdTest {
    private static Digest d(char c) {
        return Digest.parse("sha256:" + String.valueOf(c).repeat(64));
    }

    @Test
    void theChainOfOneLayerIsItsDiffIdAndEachNextOneHashesTheChainSoFar() {
        assertEquals(d('a'), RootfsCache.chainId(List.of(d('a'))));
        assertEquals(Digest.parse("sha256:ccd722928bd92476ba1745586fed6e45a102504185ad88cd89e01ff116fd146c"),
                RootfsCache.chainId(List.of(d('a'), d('b'))));
        assertEquals(Digest.parse("sha256:c1377126441fb2f5ec2c21ae2a60255331d639e830f0ee1b40a36e52d4c40588"),
                RootfsCache.chainId(List.of(d('a'), d('b'), d('c'))));
        assertEquals(Digest.parse("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
                RootfsCache.chainId(List.of()), "no layers: the digest of nothing");
    }
}
