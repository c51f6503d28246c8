package io.runload.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Bearer JWTs checked against a JWKS served on loopback: signature, issuer, audience and expiry. */
class JwtAuthenticationTest extends HttpServerFixture {
    private static final String ISSUER = "https://id.example/realms/runners";
    private static final String AUDIENCE = "runload-api";

    @Test
    void onlyATokenSignedByTheIssuersKeyForThisAudienceAndNotExpiredIsAccepted() throws Exception {
        RSAKey signing = new RSAKeyGenerator(2048).keyID("k1").generate();
        RSAKey impostor = new RSAKeyGenerator(2048).keyID("k1").generate();
        byte[] jwks = new JWKSet(signing.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        HttpServer keyServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        keyServer.createContext("/jwks.json", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(jwks);
            }
        });
        keyServer.start();
        closeables.add(() -> keyServer.stop(0));
        URI jwksUrl = URI.create("http://127.0.0.1:" + keyServer.getAddress().getPort() + "/jwks.json");

        String apiKey = "key-for-a-script-0123456789abcdef";
        ApiAccess access = new ApiAccess(
                HttpServerSettings.AuthMode.KEYS,
                Optional.of(new ApiKeyFile(write("keys", ApiKeyFile.line("script", apiKey) + "\n"), Clock.systemUTC())),
                Optional.of(new JwtVerifier(new JwtVerifier.Settings(jwksUrl, ISSUER, AUDIENCE))),
                Optional.empty());
        int port = server(HttpServerSettings.loopback(0), access).port();

        Instant now = Instant.now();
        String valid = sign(signing, claims(ISSUER, AUDIENCE, now.plusSeconds(600)));
        assertThat(status(port, valid)).isEqualTo(200);
        assertThat(status(port, apiKey)).as("API keys still work next to JWTs").isEqualTo(200);

        assertThat(status(port, sign(signing, claims(ISSUER, AUDIENCE, now.minusSeconds(600)))))
                .as("expired")
                .isEqualTo(401);
        assertThat(status(port, sign(signing, claims(ISSUER, "another-api", now.plusSeconds(600)))))
                .as("audience")
                .isEqualTo(401);
        assertThat(status(port, sign(signing, claims("https://evil.example", AUDIENCE, now.plusSeconds(600)))))
                .as("issuer")
                .isEqualTo(401);
        assertThat(status(port, sign(impostor, claims(ISSUER, AUDIENCE, now.plusSeconds(600)))))
                .as("other key")
                .isEqualTo(401);
        assertThat(status(
                        port,
                        sign(
                                signing,
                                new JWTClaimsSet.Builder()
                                        .issuer(ISSUER)
                                        .audience(AUDIENCE)
                                        .subject("u")
                                        .build())))
                .as("no expiry")
                .isEqualTo(401);
        assertThat(status(port, new PlainJWT(claims(ISSUER, AUDIENCE, now.plusSeconds(600))).serialize()))
                .as("alg none")
                .isEqualTo(401);
        String[] parts = valid.split("\\.", -1);
        String tampered = parts[0] + "."
                + java.util.Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(claims(ISSUER, AUDIENCE, now.plusSeconds(600))
                                .toString()
                                .replace("runner-1", "runner-2")
                                .getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        assertThat(status(port, tampered)).as("claims changed after signing").isEqualTo(401);
    }

    private int status(int port, String token) throws Exception {
        return send(port, "GET", "/api/athletes/a1/runs", "Bearer " + token).statusCode();
    }

    // Nimbus's claims builder takes java.util.Date only.
    @SuppressWarnings("JavaUtilDate")
    private static JWTClaimsSet claims(String issuer, String audience, Instant expiry) {
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject("runner-1")
                .expirationTime(Date.from(expiry))
                .issueTime(new Date())
                .build();
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
