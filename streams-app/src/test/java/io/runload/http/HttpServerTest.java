package io.runload.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The HTTP layer against a stand-in for the stores: exact routes, methods, HEAD, security
 * headers, size limits, the management listener, and slow clients that must not starve health.
 */
class HttpServerTest extends HttpServerFixture {
    @Test
    void onlyExactRoutesAnswerAndEverythingElseIs404WithSecurityHeaders() throws Exception {
        int port = start(HttpServerSettings.loopback(0));
        for (String path : List.of(
                "/metricsXYZ",
                "/health/liveANYTHING",
                "/health/live/",
                "/health",
                "/api/athletesXsim-0001/load",
                "/apiX",
                "/index.htmlx",
                "/web/index.html",
                "/vendor/",
                "/dashboard.js/x",
                "/nothing")) {
            HttpResponse<String> r = send(port, "GET", path, null);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.body()).as(path).contains("\"not_found\"");
            assertSecurityHeaders(r, path);
        }
        for (String path : List.of(
                "/metrics",
                "/health/live",
                "/health/ready",
                "/",
                "/index.html",
                "/dashboard.js",
                "/dashboard.css",
                "/vendor/chart.umd.min.js",
                "/api/athletes",
                "/api/athletes/a1/runs")) {
            HttpResponse<String> r = send(port, "GET", path, null);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertSecurityHeaders(r, path);
        }
        // Traversal tricks: Jetty refuses or normalises them; none reaches a file outside the list.
        for (String path :
                List.of("/../pom.xml", "/%2e%2e/web/index.html", "/vendor/../../io/runload/http/ApiJson.class")) {
            HttpResponse<String> r = send(port, "GET", path, null);
            assertThat(r.statusCode()).as(path).isIn(400, 404);
            assertSecurityHeaders(r, path);
        }
        HttpResponse<String> api = send(port, "GET", "/api/athletes/a1/runs", null);
        assertThat(api.headers().firstValue("Cache-Control")).hasValue("no-store");
        HttpResponse<String> page = send(port, "GET", "/", null);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(page.body()).doesNotContain("<script>").doesNotContain("style=");
    }

    @Test
    void otherMethodsAre405WithAllowAndHeadAnswersWithoutABodyOrAStackTrace() throws Exception {
        int port = start(HttpServerSettings.loopback(0));
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "BREW")) {
            for (String path : List.of("/health/live", "/metrics", "/api/athletes/a1/runs", "/")) {
                HttpResponse<String> r = send(port, method, path, null);
                assertThat(r.statusCode()).as(method + " " + path).isIn(405, 501);
                if (r.statusCode() == 405) {
                    assertThat(r.headers().firstValue("Allow"))
                            .as(method + " " + path)
                            .hasValue("GET, HEAD");
                }
                assertThat(r.body()).as(method + " " + path).doesNotContain("athleteId");
            }
        }
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            for (int i = 0; i < 20; i++) {
                for (String path :
                        List.of("/health/live", "/api/athletes/a1/runs?limit=5", "/api/athletes", "/", "/nothing")) {
                    HttpResponse<String> r = send(port, "HEAD", path, null);
                    assertThat(r.statusCode()).as(path).isIn(200, 404);
                    assertThat(r.body()).as(path).isEmpty();
                }
            }
        } finally {
            System.setErr(err);
        }
        assertThat(log.toString(StandardCharsets.UTF_8))
                .as("log during 100 HEAD requests")
                .doesNotContain("Exception")
                .doesNotContain("WARN")
                .doesNotContain("a1");
        HttpResponse<String> head = send(port, "HEAD", "/api/athletes/a1/runs", null);
        assertThat(head.headers().firstValue("Content-Length").orElseThrow()).isNotEqualTo("0");
    }

    @Test
    void hugeHeadersQueriesAndBodiesAreRefused() throws Exception {
        int port = start(HttpServerSettings.loopback(0));
        String bigQuery = "/api/athletes/a1/runs?x=" + "a".repeat(1 << 20);
        assertThat(rawStatus(port, "GET " + bigQuery + " HTTP/1.1\r\nHost: x\r\n\r\n"))
                .isIn(414, 431, 400, -1);
        assertThat(rawStatus(
                        port, "GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(10 << 20) + "\r\n\r\n"))
                .isIn(431, 400, -1);
        assertThat(rawStatus(port, "POST /health/live HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n"))
                .isIn(413, 405);
        assertThat(rawStatus(port, "garbage\r\n\r\n")).isIn(400, -1);
        assertThat(send(port, "GET", "/health/live", null).statusCode()).isEqualTo(200);
    }

    @Test
    void managementRoutesCanHaveTheirOwnListenerAndThenLeaveTheApiPort() throws Exception {
        RunLoadHttpServer server =
                server(HttpServerSettings.loopback(0).withManagementPort(Optional.of(0)), ApiAccess.open());
        int api = server.port();
        int management = server.managementPort();
        assertThat(management).isNotEqualTo(api);
        assertThat(send(management, "GET", "/metrics", null).statusCode()).isEqualTo(200);
        assertThat(send(management, "GET", "/health/live", null).statusCode()).isEqualTo(200);
        assertThat(send(management, "GET", "/api/athletes/a1/runs", null).statusCode())
                .isEqualTo(404);
        assertThat(send(management, "GET", "/", null).statusCode()).isEqualTo(404);
        assertThat(send(api, "GET", "/metrics", null).statusCode()).isEqualTo(404);
        assertThat(send(api, "GET", "/health/live", null).statusCode()).isEqualTo(404);
        assertThat(send(api, "GET", "/api/athletes/a1/runs", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aConnectionThatTricklesItsHeadersIsClosedAtTheHeaderTimeout() throws Exception {
        HttpServerSettings settings = HttpServerSettings.loopback(0)
                .withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(5));
        int port = start(settings);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(100);
            OutputStream out = s.getOutputStream();
            out.write("GET /health/live HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            boolean closed = false;
            // A byte every 100 ms would keep an idle timeout from ever firing.
            while (!closed && System.nanoTime() - start < Duration.ofSeconds(8).toNanos()) {
                try {
                    out.write("X-a: b\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    closed = s.getInputStream().read() == -1;
                } catch (java.net.SocketTimeoutException stillOpen) {
                    // keep trickling
                } catch (IOException reset) {
                    closed = true;
                }
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(closed).as("closed after %d ms", ms).isTrue();
            assertThat(ms).isBetween(500L, 5_000L);
        }
        assertThat(send(port, "GET", "/health/live", null).statusCode()).isEqualTo(200);
    }

    /**
     * 200 clients that send their headers a byte at a time and 200 that send a body slowly, all
     * held open while the liveness probe is measured: it must answer every time within 1 s.
     */
    @Test
    void slowClientsDoNotStarveTheHealthProbe() throws Exception {
        HttpServerSettings settings = HttpServerSettings.loopback(0)
                .withTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(5));
        int port = start(settings);
        // The same probes with no slow client first: warms the client and server up, and gives the baseline.
        List<Long> baselineMs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            baselineMs.add(probeMs(port));
        }
        List<Socket> slowHeaders = new ArrayList<>();
        List<Socket> slowBodies = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
                s.getOutputStream()
                        .write("GET /api/athletes/a1/runs HTTP/1.1\r\nHost: x\r\nX-Slow: "
                                .getBytes(StandardCharsets.US_ASCII));
                slowHeaders.add(s);
                Socket b = new Socket();
                b.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
                b.getOutputStream()
                        .write(
                                "GET /health/ready HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nslow\r\n"
                                        .getBytes(StandardCharsets.US_ASCII));
                slowBodies.add(b);
            }
            // Measured once all 400 are established and have sent their first trickle: the probe
            // competes with connections being held, not with the burst of 400 connects.
            for (Socket s : slowHeaders) {
                trickle(s, "a");
            }
            Thread.sleep(300);
            List<Long> latenciesMs = new ArrayList<>();
            for (int round = 0; round < 20; round++) {
                for (Socket s : slowHeaders) {
                    trickle(s, "a");
                }
                for (Socket s : slowBodies) {
                    trickle(s, "1\r\nx\r\n");
                }
                latenciesMs.add(probeMs(port));
                Thread.sleep(100);
            }
            int headersHeld = open(slowHeaders, new StringBuilder());
            StringBuilder bodyAnswers = new StringBuilder();
            int bodiesHeld = open(slowBodies, bodyAnswers);
            int bodiesAnswered = bodyAnswers.toString().split("HTTP/1.1 200", -1).length - 1;
            List<Long> sorted = latenciesMs.stream().sorted().toList();
            List<Long> baseline = baselineMs.stream().sorted().toList();
            System.out.printf(
                    "Slow clients: %d slow-header connections held open; %d slow-body connections answered (200) without "
                            + "their body being read, %d of them still open; /health/live over 20 probes: median %d ms, max %d ms "
                            + "(without slow clients: median %d ms, max %d ms); in order: %s%n",
                    headersHeld,
                    bodiesAnswered,
                    bodiesHeld,
                    sorted.get(sorted.size() / 2),
                    sorted.get(sorted.size() - 1),
                    baseline.get(baseline.size() / 2),
                    baseline.get(baseline.size() - 1),
                    latenciesMs);
            assertThat(headersHeld).as("slow-header connections still open").isEqualTo(200);
            assertThat(bodiesAnswered)
                    .as("slow-body requests answered without waiting for their body")
                    .isEqualTo(200);
            assertThat(sorted.get(sorted.size() - 1))
                    .as("slowest /health/live, ms")
                    .isLessThan(1_000);
            // The API still answers too.
            assertThat(send(port, "GET", "/api/athletes/a1/runs", null).statusCode())
                    .isEqualTo(200);
        } finally {
            for (Socket s : slowHeaders) {
                s.close();
            }
            for (Socket s : slowBodies) {
                s.close();
            }
        }
    }

    private static long probeMs(int port) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> live = CLIENT.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/live"))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(live.statusCode()).isEqualTo(200);
        return ms;
    }

    private static void trickle(Socket s, String bytes) {
        try {
            s.getOutputStream().write(bytes.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
        } catch (IOException closedByServer) {
            // counted by open()
        }
    }

    /**
     * Sockets the server has not closed: a read finds nothing more (timeout) rather than end of
     * stream. Whatever the server sent on them is appended to {@code received}.
     */
    private static int open(List<Socket> sockets, StringBuilder received) throws IOException {
        int open = 0;
        for (Socket s : sockets) {
            s.setSoTimeout(20);
            try {
                InputStream in = s.getInputStream();
                int b;
                do {
                    b = in.read();
                    if (b != -1) {
                        received.append((char) b);
                    }
                } while (b != -1);
            } catch (java.net.SocketTimeoutException stillOpen) {
                open++;
            } catch (IOException reset) {
                // closed
            }
        }
        return open;
    }
}
