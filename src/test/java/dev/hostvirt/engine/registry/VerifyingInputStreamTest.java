package dev.hostvirt.engine.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.engine.store.Digest;
import dev.hostvirt.i18n.Messages;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** A blob cut short or longer than declared: both said in the user's language. */
class VerifyingInputStreamTest {
    private static final Digest DIGEST = Digest.parse("sha256:" + "ab".repeat(32));

    private static InputStream stream(int bytes, long declared) {
        Descriptor blob = new Descriptor("application/octet-stream", DIGEST, declared, null);
        return new VerifyingInputStream(new ByteArrayInputStream(new byte[bytes]), blob, "127.0.0.1:5000", new PullListener() { });
    }

    @Test
    void aBlobCutShortIsAnEofWhoseReasonIsTranslated() throws IOException {
        try (InputStream in = stream(10, 25)) {
            EOFException e = assertThrows(EOFException.class, in::readAllBytes);
            assertEquals("the connection closed after 10 of 25 bytes", e.getMessage());
            assertTrue(e instanceof VerifyingInputStream.Truncated, e.getClass().getName());
            assertEquals("la conexión se cerró tras 10 de 25 bytes",
                    Messages.forLocale(Messages.SPANISH).render(((VerifyingInputStream.Truncated) e).text));
        }
    }

    @Test
    void aBlobLongerThanDeclaredIsRefusedInEitherLanguage() throws IOException {
        try (InputStream in = stream(30, 25)) {
            HostvirtException e = assertThrows(HostvirtException.class, in::readAllBytes);
            assertEquals("blob " + DIGEST + " from 127.0.0.1:5000 is larger than the 25 bytes its manifest declares; refusing it",
                    e.getMessage());
            assertEquals("el blob " + DIGEST + " de 127.0.0.1:5000 supera los 25 bytes que declara su manifiesto; se rechaza",
                    e.message(Messages.forLocale(Messages.SPANISH)));
        }
    }
}
