package io.runload.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runload.testing.LoopbackPorts;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.apache.kafka.streams.state.HostInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** HTTPS on the API listener from PEM files or a PKCS#12 key store, and relays to peers over it. */
class TlsTest extends HttpServerFixture {
    record Generated(X509Certificate certificate, KeyPair keys, Path certPem, Path keyPem) {}

    Generated selfSigned(String name) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair keys = generator.generateKeyPair();
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                new X500Name("CN=" + name),
                BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minusSeconds(60)),
                Date.from(now.plus(Duration.ofDays(1))),
                new X500Name("CN=" + name),
                keys.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")
        }));
        X509Certificate cert = new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        Path certPem = dir.resolve(name + ".crt");
        Path keyPem = dir.resolve(name + ".key");
        Files.writeString(certPem, pem("CERTIFICATE", cert.getEncoded()));
        Files.writeString(keyPem, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
        return new Generated(cert, keys, certPem, keyPem);
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    static HttpClient trusting(Path caPem) {
        SSLContext context = TlsMaterial.clientContext(new HttpServerSettings.Tls(
                Optional.empty(), "", Optional.empty(), Optional.empty(), Optional.of(caPem)));
        return HttpClient.newBuilder()
                .sslContext(context)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @Test
    void theApiIsServedOverHttpsFromPemFilesToAClientTrustingTheCertificate() throws Exception {
        Generated g = selfSigned("runload-a");
        HttpServerSettings.Tls tls = new HttpServerSettings.Tls(
                Optional.empty(), "", Optional.of(g.certPem()), Optional.of(g.keyPem()), Optional.of(g.certPem()));
        int port = server(HttpServerSettings.loopback(0).withTls(Optional.of(tls)), ApiAccess.open())
                .port();

        HttpResponse<String> r = trusting(g.certPem())
                .send(
                        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/api/athletes/a1/runs"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"athleteId\":\"a1\"");
        assertSecurityHeaders(r, "https");

        // A client that does not trust the certificate is refused during the handshake.
        Generated other = selfSigned("someone-else");
        assertThatThrownBy(() -> trusting(other.certPem())
                        .send(
                                HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/health/live"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(SSLHandshakeException.class);
        // Plain HTTP on the TLS port gets no data.
        assertThat(rawStatus(port, "GET /api/athletes/a1/runs HTTP/1.1\r\nHost: x\r\n\r\n"))
                .isIn(-1, 400);
    }

    @Test
    void aPkcs12KeyStoreWorksTooAndPeersRelayOverHttps() throws Exception {
        Generated g = selfSigned("runload-b");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(
                "runload", g.keys().getPrivate(), "changeit".toCharArray(), new java.security.cert.Certificate[] {
                    g.certificate()
                });
        Path p12 = dir.resolve("runload.p12");
        try (OutputStream out = Files.newOutputStream(p12)) {
            store.store(out, "changeit".toCharArray());
        }
        HttpServerSettings.Tls tls = new HttpServerSettings.Tls(
                Optional.of(p12), "changeit", Optional.empty(), Optional.empty(), Optional.of(g.certPem()));
        assertThat(tls.toString()).doesNotContain("changeit");

        // B owns a1; A relays to it over HTTPS, trusting B's certificate.
        StubStores storesB = new StubStores();
        int portB = LoopbackPorts.one();
        HostInfo hostB = new HostInfo("127.0.0.1", portB);
        HttpServerSettings settingsB = HttpServerSettings.loopback(portB).withTls(Optional.of(tls));
        server(
                settingsB,
                ApiAccess.open(),
                storesB,
                hostB,
                ownership(hostB),
                PeerQueryClient.forSettings(settingsB, Optional.empty()));
        int portA = LoopbackPorts.one();
        HttpServerSettings settingsA = HttpServerSettings.loopback(portA).withTls(Optional.of(tls));
        server(
                settingsA,
                ApiAccess.open(),
                new StubStores(),
                new HostInfo("127.0.0.1", portA),
                ownership(hostB),
                PeerQueryClient.forSettings(settingsA, Optional.empty()));

        HttpResponse<String> r = trusting(g.certPem())
                .send(
                        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + portA + "/api/athletes/a1/runs"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue(PeerQueryClient.SERVED_BY_HEADER)).hasValue("127.0.0.1:" + portB);
        assertThat(storesB.calls).containsExactly("runs a1 stale=false");
    }

    @Test
    void anEncryptedOrMissingPemKeyIsAOneLineError() throws Exception {
        Generated g = selfSigned("runload-c");
        Path rsaKey = dir.resolve("rsa.key");
        Files.writeString(rsaKey, "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n");
        HttpServerSettings.Tls tls = new HttpServerSettings.Tls(
                Optional.empty(), "", Optional.of(g.certPem()), Optional.of(rsaKey), Optional.empty());
        assertThatThrownBy(() -> TlsMaterial.serverContext(tls))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    }
}
