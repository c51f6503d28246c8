package io.runload.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runload.testing.LoopbackPorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Runs the real fat jar twice in the same directory, as a user who stops the demo and starts it
 * again: the second start answers the API within 30 s, serves the same schema ids from its
 * registry (over Confluent's REST API), carries the simulation on, raises alerts, and sends nothing
 * to the DLQ for reasons a restart would cause (late replays, unreadable state, unknown ids).
 */
class DemoRestartIT {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** DLQ reasons that only a broken restart produces; the simulator's deliberate garbage has others. */
    private static final List<String> RESTART_REASONS =
            List.of("late", "processing_error", "incompatible_schema", "unknown_schema_id", "registry_unavailable");

    @Test
    void aRestartedDemoCarriesOnWithoutADeadLetterFlood() throws Exception {
        String jar = System.getProperty("runload.jar", "target/runload.jar");
        assertThat(Path.of(jar)).exists();
        Path workDir = Files.createTempDirectory("runload-restart-");
        int[] ports = LoopbackPorts.distinct(3);
        int httpPort = ports[0];
        int kafkaPort = ports[1];
        int registryPort = ports[2];

        String subjectsBefore;
        String alertSchemaBefore;
        Process first = start(jar, workDir, httpPort, kafkaPort, registryPort, "first.log");
        try {
            awaitStatus(httpPort, "/health/ready", Duration.ofSeconds(150), first, workDir.resolve("first.log"));
            // Stop while the history is still being replayed, once it has raised alerts: the second start
            // must carry on from there.
            awaitCounter(
                    httpPort,
                    "runload_alerts_emitted_total",
                    1,
                    Duration.ofSeconds(150),
                    first,
                    workDir.resolve("first.log"));
            subjectsBefore = get(registryPort, "/subjects").body();
            assertThat(JSON.readTree(subjectsBefore))
                    .extracting(JsonNode::asText)
                    .contains("runload.alerts.v1-value", "runload.hr-samples.v1-value", "runload.runs.v1-value")
                    .noneMatch(s -> s.contains("changelog"));
            alertSchemaBefore = get(registryPort, "/subjects/runload.alerts.v1-value/versions/latest")
                    .body();
            assertDlqFlat(get(httpPort, "/metrics").body(), "first run");
        } finally {
            stop(first, workDir.resolve("first.log"));
        }
        assertThat(workDir.resolve("runload-data/simulator/position.properties"))
                .exists();
        System.out.println("simulator position after the first run:\n"
                + Files.readString(workDir.resolve("runload-data/simulator/position.properties")));

        long t0 = System.nanoTime();
        Process second = start(jar, workDir, httpPort, kafkaPort, registryPort, "second.log");
        Path log = workDir.resolve("second.log");
        try {
            awaitStatus(httpPort, "/api/athletes/sim-0001/weekly-volume", Duration.ofMinutes(2), second, log);
            long answeredMs = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("restarted runload.jar answered the API in " + answeredMs + " ms");

            assertThat(get(registryPort, "/subjects").body()).isEqualTo(subjectsBefore);
            assertThat(get(registryPort, "/subjects/runload.alerts.v1-value/versions/latest")
                            .body())
                    .isEqualTo(alertSchemaBefore);

            awaitCounter(httpPort, "runload_alerts_emitted_total", 1, Duration.ofSeconds(150), second, log);
            // Let the resumed simulation run on a little: a replayed history would be dead-lettered by now.
            Thread.sleep(10_000);
            String metrics = get(httpPort, "/metrics").body();
            assertDlqFlat(metrics, "after the restart");
            assertThat(Files.readString(log)).contains("Demo simulator resumed from");
            // Checked last, so that a slow machine still reports everything else. The budget can be raised
            // (-Drunload.restart.budget.seconds) on a machine too loaded for the broker to start in time.
            long budget = Long.getLong("runload.restart.budget.seconds", 30);
            assertThat(answeredMs)
                    .as("API answers within %s s of the restart", budget)
                    .isLessThan(budget * 1_000);
        } finally {
            stop(second, log);
        }
    }

    private static void assertDlqFlat(String metrics, String when) {
        for (String reason : RESTART_REASONS) {
            assertThat(sum(metrics, "runload_dlq_records_total", "reason=\"" + reason + "\""))
                    .as("DLQ records for reason %s %s", reason, when)
                    .isZero();
        }
    }

    private static Process start(
            String jar, Path workDir, int httpPort, int kafkaPort, int registryPort, String logName)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        Path.of(jar).toAbsolutePath().toString())
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve(logName).toFile());
        Map<String, String> env = pb.environment();
        env.keySet()
                .removeIf(k -> k.startsWith("RUNLOAD_") || k.startsWith("KAFKA_") || k.startsWith("SCHEMA_REGISTRY_"));
        env.put("RUNLOAD_HTTP_PORT", Integer.toString(httpPort));
        env.put("RUNLOAD_EMBEDDED_KAFKA_PORT", Integer.toString(kafkaPort));
        env.put("RUNLOAD_EMBEDDED_REGISTRY_PORT", Integer.toString(registryPort));
        env.put("RUNLOAD_SIMULATOR_ATHLETES", "3");
        return pb.start();
    }

    private static void stop(Process process, Path log) throws Exception {
        process.destroy(); // SIGTERM
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        assertThat(exited)
                .as("exited within 60 s of SIGTERM; log:%n%s", tail(Files.readString(log)))
                .isTrue();
        assertThat(Files.readString(log)).contains("RunLoad stopped");
    }

    private static double sum(String metrics, String name, String label) {
        Matcher m =
                Pattern.compile("(?m)^" + name + "\\{([^}]*)} ([0-9.eE+]+)$").matcher(metrics);
        double total = 0;
        while (m.find()) {
            if (label == null || m.group(1).contains(label)) {
                total += Double.parseDouble(m.group(2));
            }
        }
        return total;
    }

    private static void awaitCounter(int port, String name, double atLeast, Duration timeout, Process process, Path log)
            throws IOException {
        try {
            await(name + " reaches " + atLeast)
                    .atMost(timeout)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() ->
                            alive(process, log) && sum(get(port, "/metrics").body(), name, null) >= atLeast);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; log:\n" + tail(Files.readString(log)), e);
        }
    }

    private static void awaitStatus(int port, String path, Duration timeout, Process process, Path log)
            throws IOException {
        // An IOException means the server is not listening yet.
        try {
            await(path + " answers 200")
                    .atMost(timeout)
                    .pollInterval(Duration.ofMillis(250))
                    .ignoreExceptionsInstanceOf(IOException.class)
                    .until(() -> alive(process, log) && get(port, path).statusCode() == 200);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; log:\n" + tail(Files.readString(log)), e);
        }
    }

    private static boolean alive(Process process, Path log) throws IOException {
        if (!process.isAlive()) {
            throw new AssertionError("runload exited early; log:\n" + tail(Files.readString(log)));
        }
        return true;
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String tail(String s) {
        return s.length() > 8000 ? s.substring(s.length() - 8000) : s;
    }
}
