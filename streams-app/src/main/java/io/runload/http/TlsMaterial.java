package io.runload.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** Key stores and SSL contexts from the TLS settings: a PKCS#12/JKS file, or PEM files. */
final class TlsMaterial {
    private static final Pattern PEM_KEY =
            Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    /** Password of the in-memory key store built from PEM files; it never leaves this process. */
    private static final char[] IN_MEMORY = "runload".toCharArray();

    private TlsMaterial() {}

    static SslContextFactory.Server serverContext(HttpServerSettings.Tls tls) {
        SslContextFactory.Server factory = new SslContextFactory.Server();
        try {
            if (tls.keyStore().isPresent()) {
                Path path = tls.keyStore().get();
                KeyStore store = KeyStore.getInstance(path.toString().endsWith(".jks") ? "JKS" : "PKCS12");
                try (InputStream in = Files.newInputStream(path)) {
                    store.load(in, tls.keyStorePassword().toCharArray());
                }
                factory.setKeyStore(store);
                factory.setKeyStorePassword(tls.keyStorePassword());
            } else {
                factory.setKeyStore(fromPem(
                        tls.certificatePem().orElseThrow(), tls.privateKeyPem().orElseThrow()));
                factory.setKeyStorePassword(new String(IN_MEMORY));
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot load the TLS key material: " + e.getMessage(), e);
        }
        factory.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        // SNI host checks would refuse clients that connect by IP address, which peers in a cluster often do.
        factory.setSniRequired(false);
        return factory;
    }

    /** The context relays to peers use: the configured CA certificates, or the JDK's trust store. */
    static SSLContext clientContext(HttpServerSettings.Tls tls) {
        try {
            if (tls.trustPem().isEmpty()) {
                return SSLContext.getDefault();
            }
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (Certificate c : certificates(tls.trustPem().get())) {
                trust.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot load the TLS trust certificates: " + e.getMessage(), e);
        }
    }

    static KeyStore fromPem(Path certificatePem, Path privateKeyPem) throws IOException, GeneralSecurityException {
        List<Certificate> chain = certificates(certificatePem);
        if (chain.isEmpty()) {
            throw new GeneralSecurityException("no certificate in " + certificatePem);
        }
        Matcher m = PEM_KEY.matcher(Files.readString(privateKeyPem, StandardCharsets.US_ASCII));
        if (!m.find()) {
            throw new GeneralSecurityException(privateKeyPem + " holds no unencrypted PKCS#8 key (BEGIN PRIVATE KEY); "
                    + "convert with: openssl pkcs8 -topk8 -nocrypt");
        }
        PKCS8EncodedKeySpec spec =
                new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(m.group(1)));
        PrivateKey key = null;
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                key = KeyFactory.getInstance(algorithm).generatePrivate(spec);
                break;
            } catch (GeneralSecurityException wrongAlgorithm) {
                // Try the next: PKCS#8 names the algorithm inside, but KeyFactory wants it up front.
            }
        }
        if (key == null) {
            throw new GeneralSecurityException(privateKeyPem + " holds a key that is not RSA, EC or Ed25519");
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("runload", key, IN_MEMORY, chain.toArray(Certificate[]::new));
        return store;
    }

    private static List<Certificate> certificates(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            return new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
        }
    }
}
