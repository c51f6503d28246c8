package io.runload.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority for TLS tests: it issues a broker certificate for
 * {@code localhost}/{@code 127.0.0.1} and client certificates, and writes them as PEM files and
 * PKCS12 stores, the formats RunLoad's Kafka clients accept.
 */
public final class TestCertificates {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final KeyPair caKeys;
    private final X509Certificate ca;

    private TestCertificates(KeyPair caKeys, X509Certificate ca) {
        this.caKeys = caKeys;
        this.ca = ca;
    }

    /** One identity: a private key and its certificate, issued by the CA. */
    public record Identity(PrivateKey key, X509Certificate certificate, X509Certificate issuer) {}

    public static TestCertificates newAuthority() {
        KeyPair keys = rsa();
        X500Name name = new X500Name("CN=RunLoad Test CA");
        X509v3CertificateBuilder builder = builder(name, name, keys);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new TestCertificates(keys, sign(builder, keys.getPrivate()));
    }

    /** A certificate for a server reachable as localhost and 127.0.0.1. */
    public Identity server(String commonName) {
        return issue(commonName, true);
    }

    /** A client certificate (mTLS). */
    public Identity client(String commonName) {
        return issue(commonName, false);
    }

    /** The CA certificate as a PEM file: a truststore for clients and brokers. */
    public Path writeCaPem(Path file) throws IOException {
        return Files.writeString(file, pem("CERTIFICATE", encoded(ca)));
    }

    /** A PEM keystore: the PKCS#8 private key (unencrypted) followed by the certificate chain. */
    public static Path writeKeyPem(Identity identity, Path file) throws IOException {
        return Files.writeString(
                file,
                pem("PRIVATE KEY", identity.key().getEncoded())
                        + pem("CERTIFICATE", encoded(identity.certificate()))
                        + pem("CERTIFICATE", encoded(identity.issuer())));
    }

    /** A PKCS12 keystore with the identity's key and chain, store and key sharing the password. */
    public static Path writePkcs12(Identity identity, Path file, String password) throws IOException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("identity", identity.key(), password.toCharArray(), new Certificate[] {
                identity.certificate(), identity.issuer()
            });
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, password.toCharArray());
            }
            return file;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot write PKCS12 store " + file, e);
        }
    }

    private Identity issue(String commonName, boolean server) {
        KeyPair keys = rsa();
        X509v3CertificateBuilder builder =
                builder(new X500Name("CN=RunLoad Test CA"), new X500Name("CN=" + commonName), keys);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            if (server) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1")
                }));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new Identity(keys.getPrivate(), sign(builder, caKeys.getPrivate()), ca);
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(
                issuer,
                BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(2))),
                subject,
                keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) {
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer)));
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign a test certificate", e);
        }
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
