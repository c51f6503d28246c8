package io.runload.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.runload.domain.FormOutlook;
import io.runload.http.AthleteViews.AlertsView;
import io.runload.http.AthleteViews.GuidanceView;
import io.runload.http.AthleteViews.LoadView;
import io.runload.http.AthleteViews.RunExplanationView;
import io.runload.http.AthleteViews.RunsView;
import io.runload.http.AthleteViews.WeekExplanationView;
import io.runload.http.AthleteViews.WeeklyVolumeView;
import io.runload.metrics.RunLoadMetrics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
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
import org.junit.jupiter.api.io.TempDir;

/** A Jetty-backed RunLoad HTTP server over stand-in stores, and plain clients for it. */
abstract class HttpServerFixture {
    static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    static void assertSecurityHeaders(HttpResponse<?> r, String what) {
        assertThat(r.headers().firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
        assertThat(r.headers().firstValue("X-Frame-Options")).as(what).hasValue("DENY");
        assertThat(r.headers().firstValue("Content-Security-Policy").orElse(""))
                .as(what)
                .contains("frame-ancestors 'none'")
                .contains("script-src 'self'")
                .doesNotContain("unsafe-inline");
        assertThat(r.headers().firstValue("Referrer-Policy")).as(what).hasValue("no-referrer");
    }

    /** The status of a hand-written request, or -1 when the server just closes the connection. */
    static int rawStatus(int port, String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            try {
                s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
            } catch (IOException closedEarly) {
                // The server may refuse and close before reading it all; its answer may still be there.
            }
            byte[] head = new byte[12];
            int n;
            try {
                n = s.getInputStream().readNBytes(head, 0, 12);
            } catch (IOException reset) {
                return -1;
            }
            return n < 12 ? -1 : Integer.parseInt(new String(head, 9, 3, StandardCharsets.US_ASCII));
        }
    }

    static HttpResponse<String> send(int port, String method, String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .method(
                        method,
                        method.equals("POST") || method.equals("PUT") || method.equals("PATCH")
                                ? HttpRequest.BodyPublishers.ofString("x")
                                : HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    int start(HttpServerSettings settings) throws IOException {
        return server(settings, ApiAccess.open()).port();
    }

    RunLoadHttpServer server(HttpServerSettings settings, ApiAccess access) {
        return server(
                settings,
                access,
                new StubStores(),
                HostInfo.unavailable(),
                ownership(HostInfo.unavailable()),
                new PeerQueryClient(Duration.ofMillis(500), Duration.ofSeconds(2)));
    }

    RunLoadHttpServer server(
            HttpServerSettings settings,
            ApiAccess access,
            AthleteStateReader stores,
            HostInfo self,
            StoreOwnership ownership,
            PeerQueryClient peers) {
        RunLoadHttpServer server = new RunLoadHttpServer(
                settings,
                RunLoadMetrics.prometheus(),
                () -> KafkaStreams.State.RUNNING,
                Optional.of(new ApiRoutes(
                        new AthleteQueryApi(stores, ownership, self, peers, settings.requestTimeout()), access)));
        server.start();
        closeables.add(server);
        return server;
    }

    static StoreOwnership ownership(HostInfo owner) {
        return new StoreOwnership() {
            @Override
            public KeyQueryMetadata ownerOf(String athleteId) {
                return new KeyQueryMetadata(owner, Set.of(), 0);
            }

            @Override
            public Collection<HostInfo> hostsWithStores() {
                return List.of(owner);
            }
        };
    }

    Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    /** Knows athlete a1 only; records every read with its scope. */
    static final class StubStores implements AthleteStateReader {
        final List<String> calls = new CopyOnWriteArrayList<>();

        private <T> Optional<T> answer(String what, String id, Scope scope, T value) {
            calls.add(what + " " + id + " stale=" + scope.allowStale());
            return id.equals("a1") ? Optional.of(value) : Optional.empty();
        }

        @Override
        public Optional<WeeklyVolumeView> weeklyVolume(String athleteId, int weeks, Scope scope) {
            return answer("weeklyVolume", athleteId, scope, new WeeklyVolumeView(athleteId, List.of()));
        }

        @Override
        public Optional<LoadView> load(String athleteId, int days, Scope scope) {
            return answer("load", athleteId, scope, new LoadView(athleteId, "UTC", null, List.of()));
        }

        @Override
        public Optional<AlertsView> alerts(String athleteId, int limit, Scope scope) {
            return answer("alerts", athleteId, scope, new AlertsView(athleteId, List.of()));
        }

        @Override
        public Optional<RunsView> runs(String athleteId, int limit, Scope scope) {
            return answer("runs", athleteId, scope, new RunsView(athleteId, List.of()));
        }

        @Override
        public Optional<GuidanceView> guidance(
                String athleteId, FormOutlook.Band band, double recoveredTsb, Scope scope) {
            return answer(
                    "guidance",
                    athleteId,
                    scope,
                    GuidanceView.of(
                            athleteId,
                            ZoneOffset.UTC,
                            null,
                            LocalDate.of(2026, 11, 20),
                            DayOfWeek.MONDAY,
                            band,
                            recoveredTsb));
        }

        /** a1 has no runs, so every run is unknown. */
        @Override
        public Optional<RunExplanationView> runExplanation(String athleteId, String runId, Scope scope) {
            answer("runExplanation", athleteId, scope, runId);
            return Optional.empty();
        }

        /** a1 has no runs, so every week is unknown. */
        @Override
        public Optional<WeekExplanationView> weekExplanation(String athleteId, LocalDate isoMonday, Scope scope) {
            answer("weekExplanation", athleteId, scope, isoMonday);
            return Optional.empty();
        }

        @Override
        public List<String> athletes() {
            return List.of("a1");
        }
    }
}
