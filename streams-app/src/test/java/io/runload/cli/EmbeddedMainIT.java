package io.runload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * Starts the real fat jar exactly as the README says, with no settings but free ports, and checks
 * what a newcomer would: it becomes ready, serves metrics, counts garbage in the DLQ metric while
 * staying ready, and shuts down cleanly on SIGTERM.
 */
class EmbeddedMainIT {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void theOneCommandStartIsReadyServesMetricsSurvivesGarbageAndStopsOnSigterm() throws Exception {
        String jar = System.getProperty("runload.jar", "target/runload.jar");
        assertThat(Path.of(jar)).exists();
        int httpPort = freePort();
        int kafkaPort = freePort();
        Path workDir = Files.createTempDirectory("runload-main-");
        Path log = workDir.resolve("runload.log");
        ProcessBuilder pb = new ProcessBuilder(
                        javaBinary(), "-jar", Path.of(jar).toAbsolutePath().toString())
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.keySet()
                .removeIf(k -> k.startsWith("RUNLOAD_") || k.startsWith("KAFKA_") || k.equals("SCHEMA_REGISTRY_URL"));
        env.put("RUNLOAD_HTTP_PORT", Integer.toString(httpPort));
        env.put("RUNLOAD_EMBEDDED_KAFKA_PORT", Integer.toString(kafkaPort));
        env.put("RUNLOAD_EMBEDDED_REGISTRY_PORT", Integer.toString(freePort()));
        env.put("RUNLOAD_SIMULATOR_ATHLETES", "3");

        long t0 = System.nanoTime();
        Process process = pb.start();
        try {
            awaitStatus(httpPort, "/health/ready", 200, Duration.ofSeconds(120), process, log);
            long readyMs = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("runload.jar ready in " + readyMs + " ms");

            String metrics = get(httpPort, "/metrics").body();
            assertThat(metrics).contains("kafka_stream_").contains("runload_").contains("jvm_memory_used_bytes");

            try (var producer = new KafkaProducer<>(
                    Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafkaPort),
                    new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                for (String topic :
                        List.of("runload.hr-samples.v1", "runload.runs.v1", "runload.athlete-profiles.v1")) {
                    for (int i = 0; i < 5; i++) {
                        producer.send(new ProducerRecord<>(
                                topic, "garbage".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xAB, 1, 2, 3}));
                    }
                }
                producer.flush();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                String m = get(httpPort, "/metrics").body();
                double hr = counter(m, "runload_dlq_records_total\\{input=\"hr-samples\",reason=\"bad_magic_byte\"}");
                double runs = counter(m, "runload_dlq_records_total\\{input=\"runs\",reason=\"bad_magic_byte\"}");
                double profiles =
                        counter(m, "runload_dlq_records_total\\{input=\"athlete-profiles\",reason=\"bad_magic_byte\"}");
                // The demo simulator sends some garbage of its own, so these are lower bounds.
                if (hr >= 5 && runs >= 5 && profiles >= 5) {
                    break;
                }
                assertThat(System.nanoTime())
                        .as("DLQ counters: hr=%s runs=%s profiles=%s", hr, runs, profiles)
                        .isLessThan(deadline);
                Thread.sleep(500);
            }
            assertThat(get(httpPort, "/health/ready").statusCode()).isEqualTo(200);
            assertThat(get(httpPort, "/health/live").statusCode()).isEqualTo(200);
        } finally {
            process.destroy(); // SIGTERM
            boolean exited = process.waitFor(60, TimeUnit.SECONDS);
            if (!exited) {
                process.destroyForcibly();
            }
            String output = Files.readString(log);
            assertThat(exited)
                    .as("exited within 60 s of SIGTERM; log:%n%s", tail(output))
                    .isTrue();
            assertThat(output).contains("RunLoad stopped");
        }
    }

    private static double counter(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + series + " ([0-9.eE+]+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static void awaitStatus(int port, String path, int status, Duration timeout, Process process, Path log)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive())
                    .as("runload exited early; log:%n%s", tail(Files.readString(log)))
                    .isTrue();
            try {
                if (get(port, path).statusCode() == status) {
                    return;
                }
            } catch (IOException notYet) {
                // The server is not listening yet.
            }
            Thread.sleep(250);
        }
        throw new AssertionError(
                path + " did not return " + status + " within " + timeout + "; log:\n" + tail(Files.readString(log)));
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String tail(String s) {
        return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
