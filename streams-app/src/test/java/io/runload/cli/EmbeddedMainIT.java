package io.runload.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.runload.testing.LoopbackPorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.core.ConditionTimeoutException;
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
        int[] ports = LoopbackPorts.distinct(3);
        int httpPort = ports[0];
        int kafkaPort = ports[1];
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
        env.put("RUNLOAD_EMBEDDED_REGISTRY_PORT", Integer.toString(ports[2]));
        env.put("RUNLOAD_SIMULATOR_ATHLETES", "3");

        long t0 = System.nanoTime();
        Process process = pb.start();
        try {
            awaitStatus(httpPort, "/health/ready", 200, Duration.ofMinutes(2), process, log);
            long readyMs = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("runload.jar ready in " + readyMs + " ms");

            String metrics = get(httpPort, "/metrics").body();
            assertThat(metrics).contains("kafka_stream_").contains("runload_").contains("jvm_memory_used_bytes");

            try (var producer = new KafkaProducer<>(
                    Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafkaPort),
                    new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                List<Future<RecordMetadata>> sent = new ArrayList<>();
                for (String topic :
                        List.of("runload.hr-samples.v1", "runload.runs.v1", "runload.athlete-profiles.v1")) {
                    for (int i = 0; i < 5; i++) {
                        sent.add(producer.send(new ProducerRecord<>(
                                topic, "garbage".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xAB, 1, 2, 3})));
                    }
                }
                producer.flush();
                // A send that failed would otherwise show up only as a DLQ count that never arrives.
                for (Future<RecordMetadata> f : sent) {
                    f.get(30, TimeUnit.SECONDS);
                }
            }
            await("garbage counted in the DLQ metric per input")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        String m = get(httpPort, "/metrics").body();
                        // The demo simulator sends some garbage of its own, so these are lower bounds.
                        for (String input : List.of("hr-samples", "runs", "athlete-profiles")) {
                            assertThat(counter(
                                            m,
                                            "runload_dlq_records_total\\{input=\"" + input
                                                    + "\",reason=\"bad_magic_byte\"}"))
                                    .as("DLQ records of %s", input)
                                    .isGreaterThanOrEqualTo(5);
                        }
                    });
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
            throws IOException {
        // An IOException means the server is not listening yet.
        try {
            await(path + " answers " + status)
                    .atMost(timeout)
                    .pollInterval(Duration.ofMillis(250))
                    .ignoreExceptionsInstanceOf(IOException.class)
                    .until(() -> alive(process, log) && get(port, path).statusCode() == status);
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
        return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
