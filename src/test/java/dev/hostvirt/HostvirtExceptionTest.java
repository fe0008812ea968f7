package dev.hostvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.hostvirt.i18n.Messages;
import dev.hostvirt.i18n.Text;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** A translated failure stays translated when it is re-coded or nested in another one. */
class HostvirtExceptionTest {
    private static final Messages SPANISH = Messages.forLocale(Messages.SPANISH);

    @Test
    void aNestedFailureIsRenderedInTheReadersLanguageWithTheOuterOne() {
        HostvirtException store = new HostvirtException(Text.of("engine.error.store.mismatch", "sha256:aa", "sha256:bb"), 125);
        HostvirtException pull = new HostvirtException(Text.of("pull.error.blobRefused", "127.0.0.1:5000", store.asArgument()), 125, store);
        assertEquals("blob from 127.0.0.1:5000 refused, nothing was stored: blob digest mismatch: expected sha256:aa, got sha256:bb",
                pull.getMessage());
        assertEquals("blob de 127.0.0.1:5000 rechazado, no se guardó nada: el digest del blob no coincide: se esperaba sha256:aa, "
                + "se obtuvo sha256:bb", pull.message(SPANISH));
        assertSame(store, pull.getCause());
    }

    @Test
    void anEnglishOnlyFailureNestsAsItsText() {
        assertEquals("disk on fire", new HostvirtException("disk on fire", 125).asArgument());
    }

    @Test
    void reCodingKeepsTheTranslationAndTheCause() {
        IOException io = new IOException("boom");
        HostvirtException usage = new HostvirtException(Text.of("pull.error.policy", "sometimes"), 2, io);
        HostvirtException engine = usage.withExitCode(125);
        assertEquals(125, engine.exitCode());
        assertEquals("invalid --pull value 'sometimes': expected missing, always or never", engine.getMessage());
        assertEquals("valor de --pull 'sometimes' no válido: se esperaba missing, always o never", engine.message(SPANISH));
        assertSame(io, engine.getCause());
        HostvirtException plain = new HostvirtException("plain English", 2).withExitCode(125);
        assertEquals("plain English", plain.message(SPANISH));
        assertEquals(125, plain.exitCode());
    }
}
