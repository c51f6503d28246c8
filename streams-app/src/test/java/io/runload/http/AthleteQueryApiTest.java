package io.runload.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.runload.avro.IntensityClass;
import io.runload.avro.Sport;
import io.runload.domain.FormOutlook;
import io.runload.domain.LedgerRun;
import io.runload.domain.TrainingLedger;
import io.runload.http.AthleteViews.AlertsView;
import io.runload.http.AthleteViews.GuidanceView;
import io.runload.http.AthleteViews.LoadView;
import io.runload.http.AthleteViews.ProfileAppliedView;
import io.runload.http.AthleteViews.RunExplanationView;
import io.runload.http.AthleteViews.RunView;
import io.runload.http.AthleteViews.RunsView;
import io.runload.http.AthleteViews.WeekExplanationView;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
import org.junit.jupiter.api.io.TempDir;

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
        assertThat(get(port, "/api/athletes/a1/runs/r1/extra", null).statusCode())
                .isEqualTo(404);
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
    void guidanceGivesEachFigureWithWhatItIsBasedOn() throws Exception {
        int port = serve(SELF);
        HttpResponse<String> r = get(port, "/api/athletes/a1/guidance", null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode g = ApiJson.MAPPER.readTree(r.body());
        assertThat(g.get("today").asText()).isEqualTo("2026-11-20");
        // The one run (12 km, 60 min, 19 Nov) is the 30-day longest: 12 km × 1.1 = 13.2 km, 60 × 1.1 = 66 min.
        JsonNode longest = g.get("longestNextRun");
        assertThat(longest.get("basedOnRunId").asText()).isEqualTo("r1");
        assertThat(longest.get("basedOnDate").asText()).isEqualTo("2026-11-19");
        assertThat(longest.get("lookbackFrom").asText()).isEqualTo("2026-10-21");
        assertThat(longest.get("limitDistanceMeters").asDouble()).isCloseTo(13_200, within(1e-6));
        assertThat(longest.get("limitMinutes").asDouble()).isCloseTo(66, within(1e-9));
        assertThat(longest.get("unavailable").isNull()).isTrue();
        assertThat(longest.get("rule").asText()).contains("10%").contains("30 days");
        // Load 100 yesterday from zero: CTL 2.352831, ATL 13.312210; rest gives R = −9.242587 tomorrow.
        // Default band −30..−10: (−9.242587 + 30) / 0.109594 = 189.403, (−9.242587 + 10) / 0.109594 = 6.911.
        JsonNode load = g.get("todayLoad");
        assertThat(load.get("formLow").asDouble()).isEqualTo(-30);
        assertThat(load.get("formHigh").asDouble()).isEqualTo(-10);
        assertThat(load.get("ctlYesterday").asDouble()).isCloseTo(2.352831, within(1e-6));
        assertThat(load.get("atlYesterday").asDouble()).isCloseTo(13.312210, within(1e-6));
        assertThat(load.get("highestLoad").asDouble()).isCloseTo(189.403, within(1e-3));
        assertThat(load.get("lowestLoad").asDouble()).isCloseTo(6.911, within(1e-3));
        // Form today −10.959 < −10; tomorrow at rest −9.24 ≥ −10: one day, back on 21 Nov.
        JsonNode rest = g.get("rest");
        assertThat(rest.get("threshold").asDouble()).isEqualTo(-10);
        assertThat(rest.get("restDays").asInt()).isEqualTo(1);
        assertThat(rest.get("formBackOn").asText()).isEqualTo("2026-11-21");
        // The Monday week from 16 Nov holds the one run: 2,700 easy of 3,600 s = 0.75.
        JsonNode easy = g.get("weekEasyShare");
        assertThat(easy.get("weekStart").asText()).isEqualTo("2026-11-16");
        assertThat(easy.get("share").asDouble()).isCloseTo(0.75, within(1e-12));
        assertThat(easy.get("target").asDouble()).isEqualTo(0.80);
        assertThat(reader.calls).containsExactly("guidance a1 -30.0..-10.0 recovered=-10.0 partition=3 stale=false");
    }

    @Test
    void theGuidanceBandAndThresholdComeFromTheQuery() throws Exception {
        int port = serve(SELF);
        JsonNode g = ApiJson.MAPPER.readTree(
                get(port, "/api/athletes/a1/guidance?formLow=-20&formHigh=0&recoveredTsb=-5", null)
                        .body());
        // R = −9.242587: up to (−9.242587 + 20) / 0.109594 = 98.157; rest already gives ≤ 0, so from 0.
        assertThat(g.at("/todayLoad/highestLoad").asDouble()).isCloseTo(98.157, within(1e-3));
        assertThat(g.at("/todayLoad/lowestLoad").asDouble()).isZero();
        // After today at rest: CTL 2.297473, ATL 11.540061. Form each day at rest:
        // 1: −9.2426; 2: 2.243418 − 10.003824 = −7.7604; 3: 2.190634 − 8.672094 = −6.4815;
        // 4: 2.139092 − 7.517646 = −5.3786; 5: 2.088763 − 6.516881 = −4.4281 ≥ −5.
        assertThat(g.at("/rest/restDays").asInt()).isEqualTo(5);
        assertThat(g.at("/rest/formBackOn").asText()).isEqualTo("2026-11-25");
        for (String bad : List.of(
                "formLow=-10&formHigh=-30",
                "formLow=abc",
                "formHigh=NaN",
                "recoveredTsb=1e9",
                "formLow=-10&formHigh=-10")) {
            HttpResponse<String> r = get(port, "/api/athletes/a1/guidance?" + bad, null);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(ApiJson.MAPPER.readTree(r.body()).get("error").asText())
                    .as(bad)
                    .isEqualTo("bad_parameter");
        }
    }

    @Test
    void guidanceWithoutRunsSaysSoInsteadOfInventingNumbers() throws Exception {
        int port = serve(SELF);
        JsonNode g = ApiJson.MAPPER.readTree(
                get(port, "/api/athletes/b2/guidance", null).body());
        assertThat(g.at("/longestNextRun/limitDistanceMeters").isNull()).isTrue();
        assertThat(g.at("/longestNextRun/unavailable").asText()).startsWith("no counted run");
        assertThat(g.at("/todayLoad/highestLoad").isNull()).isTrue();
        assertThat(g.at("/todayLoad/unavailable").asText()).isEqualTo("no runs yet");
        assertThat(g.at("/rest/restDays").isNull()).isTrue();
        assertThat(g.at("/weekEasyShare/share").isNull()).isTrue();
        assertThat(g.at("/weekEasyShare/unavailable").asText()).isNotEmpty();
        assertThat(get(port, "/api/athletes/nobody/guidance", null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void aRunIsExplainedByItsProfileLoadSourceFlagsAndDuplicates() throws Exception {
        int port = serve(SELF);
        HttpResponse<String> r = get(port, "/api/athletes/a1/runs/r1", null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode run = ApiJson.MAPPER.readTree(r.body());
        assertThat(run.at("/run/runId").asText()).isEqualTo("r1");
        assertThat(run.get("loadSource").asText()).isEqualTo("MEASURED");
        assertThat(run.get("loadConfidence").asDouble()).isEqualTo(0.9);
        assertThat(run.get("qualityFlags").toString()).isEqualTo("[\"LOW_HR_COVERAGE\"]");
        assertThat(run.at("/profile/effectiveFrom").asText()).isEqualTo("2026-01-01");
        assertThat(run.at("/profile/maxHrSource").asText()).isEqualTo("PROFILE");
        assertThat(run.at("/profile/timezone").asText()).isEqualTo("Europe/Oslo");
        assertThat(run.at("/duplicates/0/runId").asText()).isEqualTo("r1-strava");
        assertThat(run.at("/duplicates/0/duplicateOf").asText()).isEqualTo("r1");

        HttpResponse<String> unknownRun = get(port, "/api/athletes/a1/runs/r404", null);
        assertThat(unknownRun.statusCode()).isEqualTo(404);
        assertThat(ApiJson.MAPPER.readTree(unknownRun.body()).get("error").asText())
                .isEqualTo("unknown_run");
        assertThat(get(port, "/api/athletes/nobody/runs/r1", null).statusCode()).isEqualTo(404);
        assertThat(get(port, "/api/athletes/a1/runs/r%01", null).statusCode()).isEqualTo(400);
        assertThat(reader.calls)
                .containsExactly(
                        "runExplanation a1 r1 partition=3 stale=false",
                        "runExplanation a1 r404 partition=3 stale=false",
                        "runExplanation nobody r1 partition=3 stale=false");
    }

    @Test
    void aWeekIsNamedByItsIsoLabelAndAnUnknownWeekIs404() throws Exception {
        int port = serve(SELF);
        HttpResponse<String> r = get(port, "/api/athletes/a1/weeks/2026-W47", null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode week = ApiJson.MAPPER.readTree(r.body());
        assertThat(week.get("isoWeek").asText()).isEqualTo("2026-W47");
        assertThat(week.at("/counted/0/runId").asText()).isEqualTo("r1");
        assertThat(week.at("/duplicates/0/runId").asText()).isEqualTo("r1-strava");
        assertThat(week.at("/profiles/0/effectiveFrom").asText()).isEqualTo("2026-01-01");
        // ISO week 47 of 2026 starts on Monday 16 November.
        assertThat(reader.calls).containsExactly("weekExplanation a1 2026-11-16 partition=3 stale=false");

        HttpResponse<String> empty = get(port, "/api/athletes/a1/weeks/2026-W46", null);
        assertThat(empty.statusCode()).isEqualTo(404);
        assertThat(ApiJson.MAPPER.readTree(empty.body()).get("error").asText()).isEqualTo("unknown_week");
        // 2026 has 53 ISO weeks (1 January 2026 is a Thursday); 2025 does not.
        assertThat(get(port, "/api/athletes/a1/weeks/2026-W53", null).statusCode())
                .isEqualTo(404);
        assertThat(reader.calls).last().isEqualTo("weekExplanation a1 2026-12-28 partition=3 stale=false");
        for (String bad : List.of("2025-W53", "2026-W00", "2026-47", "2026-W4", "W47-2026")) {
            HttpResponse<String> b = get(port, "/api/athletes/a1/weeks/" + bad, null);
            assertThat(b.statusCode()).as(bad).isEqualTo(400);
            assertThat(ApiJson.MAPPER.readTree(b.body()).get("error").asText())
                    .as(bad)
                    .isEqualTo("bad_week");
        }
    }

    @Test
    void theNewEndpointsNeedTheSameKeyAsTheOthersAndRouteToTheOwner(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("api-keys");
        Files.writeString(keys, ApiKeyFile.line("alice", "alice-key-0123456789abcdef") + "\n");
        ApiAccess access = new ApiAccess(
                HttpServerSettings.AuthMode.KEYS,
                Optional.of(new ApiKeyFile(keys, Clock.systemUTC())),
                Optional.empty());
        int port = serve(SELF, access);
        for (String path :
                List.of("/api/athletes/a1/guidance", "/api/athletes/a1/runs/r1", "/api/athletes/a1/weeks/2026-W47")) {
            assertThat(get(port, path, null).statusCode()).as(path).isEqualTo(401);
            HttpResponse<String> ok = CLIENT.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .header("Authorization", "Bearer alice-key-0123456789abcdef")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).as(path).isEqualTo(200);
        }

        Peer owning = peer(200, "{\"athleteId\":\"a1\"}");
        owner = new KeyQueryMetadata(owning.host, Set.of(), 1);
        int open = serve(SELF);
        for (String path : List.of(
                "/api/athletes/a1/guidance?formLow=-25",
                "/api/athletes/a1/runs/r1",
                "/api/athletes/a1/weeks/2026-W47")) {
            assertThat(get(open, path, null).body()).isEqualTo("{\"athleteId\":\"a1\"}");
        }
        assertThat(owning.seen)
                .containsExactly(
                        "active /api/athletes/a1/guidance?formLow=-25",
                        "active /api/athletes/a1/runs/r1",
                        "active /api/athletes/a1/weeks/2026-W47");
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
        return serve(self, ApiAccess.open());
    }

    private int serve(HostInfo self, ApiAccess access) throws IOException {
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
                        access)));
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

        /**
         * a1 ran once, yesterday (19 November 2026): 12 km in 60 minutes, load 100, 2,700 of 3,600 heart-rate
         * seconds easy; b2 has a profile but no runs.
         */
        @Override
        public Optional<GuidanceView> guidance(
                String athleteId, FormOutlook.Band band, double recoveredTsb, Scope scope) {
            calls.add("guidance " + athleteId + " " + band.low() + ".." + band.high() + " recovered=" + recoveredTsb
                    + " partition=" + scope.partition() + " stale=" + scope.allowStale());
            if (!athleteId.equals("a1") && !athleteId.equals("b2")) {
                return Optional.empty();
            }
            TrainingLedger ledger = new TrainingLedger();
            if (athleteId.equals("a1")) {
                LocalDate day = LocalDate.of(2026, 11, 19);
                ledger.upsert(new LedgerRun(
                        "r1",
                        "garmin",
                        "g-1",
                        Sport.RUN,
                        day.atTime(7, 0).toInstant(ZoneOffset.UTC).toEpochMilli(),
                        3600,
                        3600,
                        12_000,
                        day,
                        100,
                        false,
                        3600,
                        2700,
                        null,
                        IntensityClass.MODERATE,
                        null,
                        1.0));
            }
            return Optional.of(GuidanceView.of(
                    athleteId,
                    ZoneOffset.UTC,
                    ledger,
                    LocalDate.of(2026, 11, 20),
                    DayOfWeek.MONDAY,
                    band,
                    recoveredTsb));
        }

        @Override
        public Optional<RunExplanationView> runExplanation(String athleteId, String runId, Scope scope) {
            calls.add("runExplanation " + athleteId + " " + runId + " partition=" + scope.partition() + " stale="
                    + scope.allowStale());
            if (!athleteId.equals("a1") || !runId.equals("r1")) {
                return Optional.empty();
            }
            return Optional.of(new RunExplanationView(
                    athleteId,
                    run("r1", "COUNTED", null),
                    "MEASURED",
                    0.9,
                    false,
                    0,
                    List.of("LOW_HR_COVERAGE"),
                    profile(),
                    List.of(run("r1-strava", "DUPLICATE", "r1"))));
        }

        @Override
        public Optional<WeekExplanationView> weekExplanation(String athleteId, LocalDate isoMonday, Scope scope) {
            calls.add("weekExplanation " + athleteId + " " + isoMonday + " partition=" + scope.partition() + " stale="
                    + scope.allowStale());
            if (!athleteId.equals("a1") || !isoMonday.equals(LocalDate.of(2026, 11, 16))) {
                return Optional.empty();
            }
            return Optional.of(new WeekExplanationView(
                    athleteId,
                    "2026-W47",
                    isoMonday,
                    null,
                    List.of(run("r1", "COUNTED", null)),
                    List.of(run("r1-strava", "DUPLICATE", "r1")),
                    List.of(),
                    List.of(profile())));
        }

        private static ProfileAppliedView profile() {
            return new ProfileAppliedView(
                    LocalDate.of(2026, 1, 1),
                    190,
                    50,
                    170,
                    null,
                    "KARVONEN",
                    "Europe/Oslo",
                    190,
                    "PROFILE",
                    50,
                    170,
                    "KARVONEN");
        }

        private static RunView run(String runId, String status, String duplicateOf) {
            return new RunView(
                    runId,
                    status,
                    duplicateOf,
                    "RUN",
                    "garmin",
                    Instant.parse("2026-11-19T06:00:00Z"),
                    "Europe/Oslo",
                    LocalDate.of(2026, 11, 19),
                    3600,
                    3600,
                    12_000,
                    null,
                    100,
                    false,
                    List.of(0, 2700, 900, 0, 0),
                    150.0,
                    170,
                    "MODERATE",
                    null,
                    null,
                    0.9,
                    List.of("LOW_HR_COVERAGE"),
                    Instant.parse("2026-11-19T07:05:00Z"));
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
