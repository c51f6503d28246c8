package io.runload.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.runload.testing.LoopbackPorts;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

/** API keys (missing, wrong, rotated) and relays between instances signed with the peer secret. */
class ApiAuthenticationTest extends HttpServerFixture {
    static final String ALICE = "k1-3b0c6f7a9e2d41c8b5a6f0e1d2c3b4a5";
    static final String BOB = "k2-9f8e7d6c5b4a39281706f5e4d3c2b1a0";

    /** A clock tests move by hand, so a key file's re-check interval passes without sleeping. */
    static final class MovableClock extends Clock {
        volatile Instant now = Instant.parse("2026-12-01T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    @Test
    void theApiNeedsAValidKeyWhileManagementAndTheDashboardFilesDoNot() throws Exception {
        MovableClock clock = new MovableClock();
        Path keys = write("api-keys", "# name:sha256\n" + ApiKeyFile.line("alice", ALICE) + "\n");
        ApiAccess access = new ApiAccess(
                HttpServerSettings.AuthMode.KEYS, Optional.of(new ApiKeyFile(keys, clock)), Optional.empty());
        int port = server(HttpServerSettings.loopback(0), access).port();

        for (String auth : new String[] {
            null,
            "Bearer",
            "Bearer ",
            "Basic YWxpY2U6eA==",
            "Bearer " + BOB,
            "Bearer " + ALICE + "x",
            ALICE,
            "Bearer " + ApiKeyFile.line("alice", ALICE).substring(6)
        }) {
            for (String path : List.of(
                    "/api/athletes",
                    "/api/athletes/a1/runs",
                    "/api/athletes/nobody/runs",
                    "/api/athletes/a1/nothing")) {
                HttpResponse<String> r = send(port, "GET", path, auth);
                assertThat(r.statusCode()).as(auth + " " + path).isEqualTo(401);
                assertThat(r.body()).as(auth + " " + path).doesNotContain("a1").doesNotContain("athletes\"");
                assertThat(r.headers().firstValue("WWW-Authenticate").orElse(""))
                        .as(auth + " " + path)
                        .startsWith("Bearer realm=\"runload\"");
                assertSecurityHeaders(r, path);
            }
        }
        assertThat(send(port, "GET", "/api/athletes/a1/runs", "Bearer " + BOB)
                        .headers()
                        .firstValue("WWW-Authenticate"))
                .hasValue("Bearer realm=\"runload\", error=\"invalid_token\"");
        HttpResponse<String> ok = send(port, "GET", "/api/athletes/a1/runs", "Bearer " + ALICE);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("\"athleteId\":\"a1\"");
        assertThat(send(port, "GET", "/api/athletes/a1/runs", "bearer " + ALICE).statusCode())
                .isEqualTo(200);
        assertThat(send(port, "GET", "/api/athletes", "Bearer " + ALICE).body()).contains("a1");

        for (String open : List.of("/health/live", "/health/ready", "/metrics", "/", "/dashboard.js")) {
            assertThat(send(port, "GET", open, null).statusCode()).as(open).isEqualTo(200);
        }
    }

    @Test
    void aRotatedKeyFileTakesEffectWithoutARestart() throws Exception {
        MovableClock clock = new MovableClock();
        Path keys = write("api-keys", ApiKeyFile.line("alice", ALICE) + "\n");
        ApiAccess access = new ApiAccess(
                HttpServerSettings.AuthMode.KEYS, Optional.of(new ApiKeyFile(keys, clock)), Optional.empty());
        int port = server(HttpServerSettings.loopback(0), access).port();
        assertThat(send(port, "GET", "/api/athletes/a1/runs", "Bearer " + ALICE).statusCode())
                .isEqualTo(200);
        assertThat(send(port, "GET", "/api/athletes/a1/runs", "Bearer " + BOB).statusCode())
                .isEqualTo(401);

        // Rotation step 1: bob's key is added next to alice's.
        Files.writeString(keys, ApiKeyFile.line("alice", ALICE) + "\n" + ApiKeyFile.line("bob", BOB) + "\n");
        Files.setLastModifiedTime(keys, FileTime.from(Instant.now().plusSeconds(5)));
        clock.advance(ApiKeyFile.RECHECK.plusMillis(1));
        assertThat(send(port, "GET", "/api/athletes/a1/runs", "Bearer " + BOB).statusCode())
                .isEqualTo(200);
        assertThat(send(port, "GET", "/api/athletes/a1/runs", "Bearer " + ALICE).statusCode())
                .isEqualTo(200);

        // Step 2: alice's key is withdrawn.
        Files.writeString(keys, ApiKeyFile.line("bob", BOB) + "\n");
        Files.setLastModifiedTime(keys, FileTime.from(Instant.now().plusSeconds(10)));
        assertThat(send(port, "GET", "/api/athletes/a1/runs", "Bearer " + ALICE).statusCode())
                .as("not re-checked before the interval")
                .isEqualTo(200);
        clock.advance(ApiKeyFile.RECHECK.plusMillis(1));
        assertThat(send(port, "GET", "/api/athletes/a1/runs", "Bearer " + ALICE).statusCode())
                .isEqualTo(401);
        assertThat(send(port, "GET", "/api/athletes/a1/runs", "Bearer " + BOB).statusCode())
                .isEqualTo(200);

        // A broken file keeps the last good keys instead of locking everyone out (or letting everyone in).
        Files.writeString(keys, "bob:" + BOB + "\n");
        Files.setLastModifiedTime(keys, FileTime.from(Instant.now().plusSeconds(15)));
        clock.advance(ApiKeyFile.RECHECK.plusMillis(1));
        assertThat(send(port, "GET", "/api/athletes/a1/runs", "Bearer " + BOB).statusCode())
                .isEqualTo(200);
        assertThat(send(port, "GET", "/api/athletes/a1/runs", "Bearer " + ALICE).statusCode())
                .isEqualTo(401);
    }

    @Test
    void theKeyFileStoresOnlyHashes() throws Exception {
        String line = ApiKeyFile.line("alice", ALICE);
        assertThat(line).doesNotContain(ALICE).matches("alice:[0-9a-f]{64}");
        // SHA-256 of "abc" (FIPS 180-2, appendix B.1).
        assertThat(ApiKeyFile.line("t", "abc"))
                .isEqualTo("t:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        Path keys =
                write("keys", "  # comment\n\n" + line.toUpperCase(Locale.ROOT).replace("ALICE", "alice") + "\n");
        ApiKeyFile file = new ApiKeyFile(keys, Clock.systemUTC());
        assertThat(file.size()).isEqualTo(1);
        assertThat(file.nameOf(ALICE)).hasValue("alice");
        assertThat(file.nameOf(BOB)).isEmpty();
    }

    @Test
    void forwardedIsHonouredOnlyOnASignedRelayBetweenInstances() throws Exception {
        MovableClock clock = new MovableClock();
        clock.now = Instant.now();
        Path secret = write("peer-secret", "a-shared-secret-of-some-length-42\n");
        Path keys = write("api-keys", ApiKeyFile.line("alice", ALICE) + "\n");
        PeerSignature signature = new PeerSignature(secret, clock);

        // B owns athlete a1 and answers relays; A routes a1 to B.
        StubStores storesB = new StubStores();
        int portB = LoopbackPorts.one();
        HostInfo hostB = new HostInfo("127.0.0.1", portB);
        HttpServerSettings settingsB = HttpServerSettings.loopback(portB);
        server(
                settingsB,
                new ApiAccess(
                        HttpServerSettings.AuthMode.KEYS,
                        Optional.of(new ApiKeyFile(keys, clock)),
                        Optional.of(signature)),
                storesB,
                hostB,
                ownership(hostB),
                new PeerQueryClient(Duration.ofMillis(500), Duration.ofSeconds(2)));

        StubStores storesA = new StubStores();
        int portA = LoopbackPorts.one();
        HostInfo hostA = new HostInfo("127.0.0.1", portA);
        server(
                HttpServerSettings.loopback(portA),
                new ApiAccess(
                        HttpServerSettings.AuthMode.KEYS,
                        Optional.of(new ApiKeyFile(keys, clock)),
                        Optional.of(signature)),
                storesA,
                hostA,
                ownership(hostB),
                new PeerQueryClient(
                        Duration.ofMillis(500), Duration.ofSeconds(2), Optional.empty(), Optional.of(signature)));

        // A client's request through A is relayed to B, signed, and answered from B's active copy.
        HttpResponse<String> viaA = send(portA, "GET", "/api/athletes/a1/runs", "Bearer " + ALICE);
        assertThat(viaA.statusCode()).isEqualTo(200);
        assertThat(viaA.headers().firstValue(PeerQueryClient.SERVED_BY_HEADER)).hasValue("127.0.0.1:" + portB);
        assertThat(storesB.calls).containsExactly("runs a1 stale=false");
        assertThat(storesA.calls).isEmpty();

        // Unsigned, the forwarded header needs a key like any request, and is then ignored: B routes as usual.
        storesB.calls.clear();
        HttpResponse<String> unsigned = CLIENT.send(
                java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create("http://127.0.0.1:" + portB + "/api/athletes/a1/runs"))
                        .header(PeerQueryClient.FORWARDED_HEADER, "standby")
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(401);
        HttpResponse<String> withKey = CLIENT.send(
                java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create("http://127.0.0.1:" + portB + "/api/athletes/a1/runs"))
                        .header(PeerQueryClient.FORWARDED_HEADER, "standby")
                        .header("Authorization", "Bearer " + ALICE)
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(withKey.statusCode()).isEqualTo(200);
        assertThat(storesB.calls).containsExactly("runs a1 stale=false");

        // A forged or replayed-elsewhere signature is no better.
        storesB.calls.clear();
        String forOtherPath = signature.sign("standby", "/api/athletes/a2/runs");
        String fromOtherSecret = new PeerSignature(write("other", "another-secret-of-enough-length\n"), clock)
                .sign("standby", "/api/athletes/a1/runs");
        String tooOld = signature.sign("standby", "/api/athletes/a1/runs");
        for (String forged : new String[] {forOtherPath, fromOtherSecret, "1." + "0".repeat(64), "garbage"}) {
            HttpResponse<String> r = CLIENT.send(
                    java.net.http.HttpRequest.newBuilder(
                                    java.net.URI.create("http://127.0.0.1:" + portB + "/api/athletes/a1/runs"))
                            .header(PeerQueryClient.FORWARDED_HEADER, "standby")
                            .header(PeerSignature.HEADER, forged)
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(forged).isEqualTo(401);
        }
        clock.advance(PeerSignature.MAX_SKEW.plusSeconds(1));
        assertThat(signature.verify(tooOld, "standby", "/api/athletes/a1/runs")).isFalse();
        assertThat(storesB.calls).isEmpty();

        // A correctly signed relay asking for the standby copy is honoured without an API key.
        HttpResponse<String> signed = CLIENT.send(
                java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create("http://127.0.0.1:" + portB + "/api/athletes/a1/runs"))
                        .header(PeerQueryClient.FORWARDED_HEADER, "standby")
                        .header(PeerSignature.HEADER, signature.sign("standby", "/api/athletes/a1/runs"))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(signed.statusCode()).isEqualTo(200);
        assertThat(storesB.calls).containsExactly("runs a1 stale=true");
    }
}
