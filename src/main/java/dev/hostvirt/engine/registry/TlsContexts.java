package dev.hostvirt.engine.registry;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.i18n.Text;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/** The TLS trust a registry connection uses: the system's CAs, plus the user's, or none (insecure). */
final class TlsContexts {
    private TlsContexts() {
    }

    static SSLContext verifying(Path caBundle, Path certDir) {
        try {
            List<Certificate> extra = new ArrayList<>();
            if (caBundle != null) {
                extra.addAll(readPem(caBundle));
            }
            if (certDir != null) {
                if (!Files.isDirectory(certDir)) {
                    throw new HostvirtException(Text.of("pull.error.certDir", certDir), 125);
                }
                try (DirectoryStream<Path> crts = Files.newDirectoryStream(certDir, "*.crt")) {
                    for (Path crt : crts) {
                        extra.addAll(readPem(crt));
                    }
                }
            }
            if (extra.isEmpty()) {
                return SSLContext.getDefault();
            }
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int n = 0;
            for (X509Certificate system : systemTrust().getAcceptedIssuers()) {
                trust.setCertificateEntry("system-" + n++, system);
            }
            for (Certificate c : extra) {
                trust.setCertificateEntry("user-" + n++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), new SecureRandom());
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new HostvirtException(Text.of("pull.error.caLoad", e.getMessage()), 125);
        }
    }

    /**
     * Accepts any certificate and any host name: only for registries the user marked insecure. An
     * X509ExtendedTrustManager, because the JDK checks the host name inside the trust manager.
     */
    static SSLContext trustingAll() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new HostvirtException(Text.of("pull.error.tlsSetup", e.getMessage()), 125);
        }
    }

    private static List<Certificate> readPem(Path file) throws IOException, GeneralSecurityException {
        if (!Files.isRegularFile(file)) {
            throw new HostvirtException(Text.of("pull.error.caBundle.unreadable", file), 125);
        }
        try (InputStream in = Files.newInputStream(file)) {
            List<Certificate> certs = new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
            if (certs.isEmpty()) {
                throw new HostvirtException(Text.of("pull.error.caBundle.empty", file), 125);
            }
            return certs;
        } catch (java.security.cert.CertificateException e) {
            throw new HostvirtException(Text.of("pull.error.caBundle.notPem", file, e.getMessage()), 125);
        }
    }

    private static X509TrustManager systemTrust() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no system X509 trust manager");
    }

    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
