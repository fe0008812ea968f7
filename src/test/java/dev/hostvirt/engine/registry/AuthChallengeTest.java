package dev.hostvirt.engine.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AuthChallengeTest {
    @Test
    void readsDockerHubsBearerChallenge() {
        // The header registry-1.docker.io sends for an anonymous manifest GET.
        AuthChallenge c = AuthChallenge.parse("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                + "scope=\"repository:library/nginx:pull\"").orElseThrow();
        assertEquals("bearer", c.scheme());
        assertEquals("https://auth.docker.io/token", c.param("realm"));
        assertEquals("registry.docker.io", c.param("service"));
        assertEquals("repository:library/nginx:pull", c.param("scope"));
    }

    @Test
    void readsBasicChallengeOfAnHtpasswdRegistry() {
        AuthChallenge c = AuthChallenge.parse("Basic realm=\"basic-realm\"").orElseThrow();
        assertEquals("basic", c.scheme());
        assertEquals("basic-realm", c.param("realm"));
    }

    @Test
    void toleratesSpacingUnquotedValuesAndEscapes() {
        AuthChallenge c = AuthChallenge.parse("BEARER  realm=https://x/t , service = reg, error=\"say \\\"hi\\\"\"").orElseThrow();
        assertEquals("bearer", c.scheme());
        assertEquals("https://x/t", c.param("realm"));
        assertEquals("reg", c.param("service"));
        assertEquals("say \"hi\"", c.param("error"));
        assertEquals("", c.param("scope"));
    }

    @Test
    void oddHeadersAreEmptyNotErrors() {
        assertTrue(AuthChallenge.parse(null).isEmpty());
        assertTrue(AuthChallenge.parse("").isEmpty());
        assertTrue(AuthChallenge.parse("   ").isEmpty());
        assertTrue(AuthChallenge.parse("\"quoted\" x").isEmpty());
        assertEquals("negotiate", AuthChallenge.parse("Negotiate").orElseThrow().scheme());
        assertEquals("x", AuthChallenge.parse("Bearer realm=\"x").orElseThrow().param("realm"));
    }
}
