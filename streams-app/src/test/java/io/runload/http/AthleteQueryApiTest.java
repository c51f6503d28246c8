package io.runload.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.runload.http.AthleteViews.AlertsView;
import io.runload.http.AthleteViews.LoadView;
import io.runload.http.AthleteViews.RunsView;
import io.runload.http.AthleteViews.WeekView;
import io.runload.http.AthleteViews.WeeklyVolumeView;
import io.runload.metrics.RunLoadMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The API's contract and its routing decisions, with a scripted view of ownership, an in-memory
 * reader for "this instance" and real HTTP peers (or a dead port) for the others.
 */
class AthleteQueryApiTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final HostInfo SELF = new HostInfo("127.0.0.1", 1);

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final ScriptedReader reader = new ScriptedReader();
    private KeyQueryMetadata owner = new KeyQueryMetadata(SELF, Set.of(), 3);
    private Collection<HostInfo> hosts = List.of(SELF);

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    @Test
    void answersFromLocalStoresWithIsoDatesWhenThisInstanceOwnsTheAthlete() throws Exception {
        int port = serve(SELF);
        HttpResponse<String> r = get(port, "/api/athletes/a1/weekly-volume?weeks=3", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode body = ApiJson.MAPPER.readTree(r.body());
        assertThat(body.at("/weeks/0/weekStart").asText()).isEqualTo("2026-11-16");
        assertThat(body.at("/weeks/0/updatedAt").asText()).isEqualTo("2026-11-20T07:30:00Z");
        assertThat(reader.calls).containsExactly("weeklyVolume a1 3 partition=3 stale=false");
        assertThat(r.headers().firstValue(PeerQueryClient.SERVED_BY_HEADER)).hasValue("127.0.0.1:1");
    }

    @Test
    void badParametersAre400AndUnknownAthletesAndResources404WithJsonErrors() throws Exception {
        int port = serve(SELF);
        for (String path : List.of(
                "/api/athletes/a1/weekly-volume?weeks=0",
                "/api/athletes/a1/weekly-volume?weeks=abc",
                "/api/athletes/a1/weekly-volume?weeks=105",
                "/api/athletes/a1/alerts?limit=-1",
                "/api/athletes/a1/runs?limit=501",
                "/api/athletes/a1/load?days=57",
                "/api/athletes/a%00b/runs")) {
            HttpResponse<String> r = get(port, path, null);
            assertThat(r.statusCode()).as(path).isEqualTo(400);
            assertThat(ApiJson.MAPPER.readTree(r.body()).get("error").asText())
                    .as(path)
                    .startsWith("bad_");
        }
        HttpResponse<String> unknown = get(port, "/api/athletes/nobody/runs", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(ApiJson.MAPPER.readTree(unknown.body()).get("error").asText())
                .isEqualTo("unknown_athlete");
        assertThat(get(port, "/api/athletes/a1/heart-rate", null).statusCode()).isEqualTo(404);
        assertThat(get(port, "/api/athletes/a1/runs/extra", null).statusCode()).isEqualTo(404);
        assertThat(reader.calls).containsExactly("runs nobody 20 partition=3 stale=false");
    }

    @Test
    void defaultsMatchTheDocumentedSizes() throws Exception {
        int port = serve(SELF);
        get(port, "/api/athletes/a1/weekly-volume", null);
        get(port, "/api/athletes/a1/load", null);
        get(port, "/api/athletes/a1/alerts", null);
        get(port, "/api/athletes/a1/runs", null);
        assertThat(reader.calls)
                .containsExactly(
                        "weeklyVolume a1 12 partition=3 stale=false",
                        "load a1 42 partition=3 stale=false",
                        "alerts a1 50 partition=3 stale=false",
                        "runs a1 20 partition=3 stale=false");
    }

    @Test
    void unreadableStoresAnswer503WithRetryAfter() throws Exception {
        int port = serve(SELF);
        reader.unavailable = true;
        HttpResponse<String> r = get(port, "/api/athletes/a1/runs", null);
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(ApiJson.MAPPER.readTree(r.body()).get("error").asText()).isEqualTo("unavailable");
        owner = KeyQueryMetadata.NOT_AVAILABLE;
        reader.unavailable = false;
        assertThat(get(port, "/api/athletes/a1/runs", null).statusCode()).isEqualTo(503);
    }

    @Test
    void aKeyOwnedElsewhereIsRelayedAndTheOwnersAnswerReturnedAsIs() throws Exception {
        Peer owning = peer(200, "{\"athleteId\":\"a1\",\"runs\":[]}");
        owner = new KeyQueryMetadata(owning.host, Set.of(), 1);
        int port = serve(SELF);
        HttpResponse<String> r = get(port, "/api/athletes/a%2B1/runs?limit=5", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"athleteId\":\"a1\",\"runs\":[]}");
        assertThat(owning.seen).containsExactly("active /api/athletes/a%2B1/runs?limit=5");
        assertThat(r.headers().firstValue(PeerQueryClient.SERVED_BY_HEADER)).hasValue(owning.name());
        assertThat(reader.calls).isEmpty();
    }

    @Test
    void whenTheOwnerIsDownAStandbyAnswersFromItsPossiblyStaleCopy() throws Exception {
        HostInfo dead = new HostInfo("127.0.0.1", deadPort());
        Peer standby = peer(200, "{\"from\":\"standby\"}");
        owner = new KeyQueryMetadata(dead, Set.of(standby.host), 2);
        int port = serve(SELF);
        HttpResponse<String> r = get(port, "/api/athletes/a1/alerts", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"from\":\"standby\"}");
        assertThat(standby.seen).containsExactly("standby /api/athletes/a1/alerts");
    }

    @Test
    void whenTheOwnerIsRestoringThisInstancesStandbyCopyAnswers() throws Exception {
        Peer restoring = peer(503, "{\"error\":\"unavailable\"}");
        owner = new KeyQueryMetadata(restoring.host, Set.of(SELF), 2);
        int port = serve(SELF);
        HttpResponse<String> r = get(port, "/api/athletes/a1/load", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(restoring.seen).containsExactly("active /api/athletes/a1/load");
        assertThat(reader.calls).containsExactly("load a1 42 partition=2 stale=true");
    }

    @Test
    void whenNoCopyCanAnswerTheClientGets503() throws Exception {
        owner = new KeyQueryMetadata(
                new HostInfo("127.0.0.1", deadPort()), Set.of(new HostInfo("127.0.0.1", deadPort())), 0);
        int port = serve(SELF);
        HttpResponse<String> r = get(port, "/api/athletes/a1/runs", null);
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void aRelayedRequestIsAnsweredLocallyAndNeverRelayedAgain() throws Exception {
        Peer other = peer(200, "{}");
        owner = new KeyQueryMetadata(other.host, Set.of(), 1);
        int port = serve(SELF);
        HttpResponse<String> r = get(port, "/api/athletes/a1/runs", "active");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(other.seen).isEmpty();
        assertThat(reader.calls).containsExactly("runs a1 20 partition=1 stale=false");
        get(port, "/api/athletes/a1/runs", "standby");
        assertThat(reader.calls).last().isEqualTo("runs a1 20 partition=1 stale=true");
    }

    @Test
    void withoutApplicationServerTheInstanceAnswersAloneFromAllItsPartitions() throws Exception {
        owner = KeyQueryMetadata.NOT_AVAILABLE;
        int port = serve(HostInfo.unavailable());
        assertThat(get(port, "/api/athletes/a1/runs", null).statusCode()).isEqualTo(200);
        assertThat(reader.calls).containsExactly("runs a1 20 partition=null stale=false");
    }

    @Test
    void theAthleteListMergesEveryInstanceAndSaysWhenOneIsMissing() throws Exception {
        Peer other = peer(200, "{\"athletes\":[\"c3\",\"a1\"],\"complete\":true}");
        hosts = List.of(SELF, other.host);
        int port = serve(SELF);
        JsonNode all = ApiJson.MAPPER.readTree(get(port, "/api/athletes", null).body());
        assertThat(all.get("athletes").toString()).isEqualTo("[\"a1\",\"b2\",\"c3\"]");
        assertThat(all.get("complete").asBoolean()).isTrue();
        assertThat(other.seen).containsExactly("active /api/athletes");

        JsonNode local =
                ApiJson.MAPPER.readTree(get(port, "/api/athletes", "active").body());
        assertThat(local.get("athletes").toString()).isEqualTo("[\"a1\",\"b2\"]");

        hosts = List.of(SELF, new HostInfo("127.0.0.1", deadPort()));
        JsonNode partial =
                ApiJson.MAPPER.readTree(get(port, "/api/athletes", null).body());
        assertThat(partial.get("complete").asBoolean()).isFalse();
        assertThat(partial.get("athletes").toString()).isEqualTo("[\"a1\",\"b2\"]");
    }

    @Test
    void onlyGetIsAllowed() throws Exception {
        int port = serve(SELF);
        HttpResponse<String> r = CLIENT.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/athletes/a1/runs"))
                        .POST(HttpRequest.BodyPublishers.ofString("x"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(405);
    }

    private int serve(HostInfo self) throws IOException {
        StoreOwnership ownership = new StoreOwnership() {
            @Override
            public KeyQueryMetadata ownerOf(String athleteId) {
                return owner;
            }

            @Override
            public Collection<HostInfo> hostsWithStores() {
                return hosts;
            }
        };
        RunLoadHttpServer server = new RunLoadHttpServer(
                HttpServerSettings.loopback(0),
                RunLoadMetrics.prometheus(),
                () -> KafkaStreams.State.RUNNING,
                Optional.of(new ApiRoutes(
                        new AthleteQueryApi(
                                reader,
                                ownership,
                                self,
                                new PeerQueryClient(Duration.ofMillis(500), Duration.ofSeconds(2))),
                        ApiAccess.open())));
        server.start();
        closeables.add(server);
        return server.port();
    }

    private static HttpResponse<String> get(int port, String path, String forwarded) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (forwarded != null) {
            b.header(PeerQueryClient.FORWARDED_HEADER, forwarded);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Another instance: records what it was asked and how, and answers with a fixed response. */
    private final class Peer {
        final HostInfo host;
        final List<String> seen = new CopyOnWriteArrayList<>();

        Peer(int status, String body) throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            server.createContext("/", exchange -> {
                seen.add(exchange.getRequestHeaders().getFirst(PeerQueryClient.FORWARDED_HEADER) + " "
                        + exchange.getRequestURI().getRawPath()
                        + (exchange.getRequestURI().getRawQuery() == null
                                ? ""
                                : "?" + exchange.getRequestURI().getRawQuery()));
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", ApiResponse.JSON);
                exchange.sendResponseHeaders(status, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            server.start();
            closeables.add(() -> server.stop(0));
            host = new HostInfo("127.0.0.1", server.getAddress().getPort());
        }

        String name() {
            return host.host() + ":" + host.port();
        }
    }

    private Peer peer(int status, String body) throws IOException {
        return new Peer(status, body);
    }

    /** A port nobody listens on: bound, then released. */
    private static int deadPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** "This instance": knows athletes a1 and b2, records each read and its scope. */
    private static final class ScriptedReader implements AthleteStateReader {
        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile boolean unavailable;

        private <T> Optional<T> answer(String what, String id, int size, Scope scope, T value) {
            calls.add(
                    what + " " + id + " " + size + " partition=" + scope.partition() + " stale=" + scope.allowStale());
            if (unavailable) {
                throw new StoreUnavailableException("restoring");
            }
            return id.equals("a1") || id.equals("b2") ? Optional.of(value) : Optional.empty();
        }

        @Override
        public Optional<WeeklyVolumeView> weeklyVolume(String athleteId, int weeks, Scope scope) {
            WeekView week = new WeekView(
                    LocalDate.parse("2026-11-16"),
                    "UTC",
                    LocalDate.parse("2026-11-20"),
                    8000,
                    3000,
                    1,
                    70,
                    8000,
                    3000,
                    1,
                    70,
                    0,
                    null,
                    10,
                    20,
                    -3,
                    1.2,
                    null,
                    null,
                    1.0,
                    Instant.parse("2026-11-20T07:30:00Z"));
            return answer("weeklyVolume", athleteId, weeks, scope, new WeeklyVolumeView(athleteId, List.of(week)));
        }

        @Override
        public Optional<LoadView> load(String athleteId, int days, Scope scope) {
            return answer("load", athleteId, days, scope, new LoadView(athleteId, "UTC", null, List.of()));
        }

        @Override
        public Optional<AlertsView> alerts(String athleteId, int limit, Scope scope) {
            return answer("alerts", athleteId, limit, scope, new AlertsView(athleteId, List.of()));
        }

        @Override
        public Optional<RunsView> runs(String athleteId, int limit, Scope scope) {
            return answer("runs", athleteId, limit, scope, new RunsView(athleteId, List.of()));
        }

        @Override
        public List<String> athletes() {
            if (unavailable) {
                throw new StoreUnavailableException("restoring");
            }
            return List.of("a1", "b2");
        }
    }
}
