package io.runload.thirdparty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runload.avro.AthleteProfile;
import io.runload.avro.HeartRateSample;
import io.runload.avro.RunEvent;
import io.runload.runtime.RunLoadApplication;
import io.runload.runtime.RunLoadConfig;
import io.runload.testing.ApicurioRegistry;
import io.runload.testing.TestApplications;
import io.runload.topology.TopicNames;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Confluent's own Python client (Debian's python3-confluent-kafka 1.7 with its legacy
 * confluent_kafka.avro serializer and registry client) writes RunLoad's inputs and reads its outputs,
 * with Apicurio Registry's Confluent-compatible API as the registry: two implementations that nobody
 * on this project wrote agree with RunLoad on the wire format and the topics.
 */
class ConfluentPythonClientIT {

    // Debian's python, which has the apt-installed packages (a pyenv python on PATH would not).
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path SCRIPT = Path.of("src/test/python/confluent_client_roundtrip.py");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aConfluentPythonClientProducesInputsAndReadsTheRunSummaryCommitted() throws Exception {
        requirePythonClient();
        String url = ApicurioRegistry.shared().confluentUrl();
        Properties settings = TestApplications.isolated("python-client");
        settings.setProperty(RunLoadConfig.REGISTRY.key(), url);
        settings.setProperty(RunLoadConfig.RUN_HR_WAIT.key(), "PT0S");
        RunLoadConfig config = RunLoadConfig.load(Map.of(), settings);
        TopicNames topics = config.topics();
        String athlete = "python-athlete";
        String runId = "python-run-1";
        Instant start = Instant.now().minus(Duration.ofHours(4)).truncatedTo(ChronoUnit.SECONDS);

        Map<String, Object> run = new LinkedHashMap<>();
        run.put("bootstrap", settings.getProperty(RunLoadConfig.BOOTSTRAP.key()));
        run.put("registry", url);
        run.put(
                "topics",
                Map.of(
                        "profiles",
                        topics.athleteProfiles(),
                        "samples",
                        topics.hrSamples(),
                        "runs",
                        topics.runs(),
                        "summaries",
                        topics.runSummaries(),
                        "alerts",
                        topics.alerts()));
        // The schemas compiled from schemas/src/main/avro, with their named types inlined as a client needs them.
        run.put(
                "schemas",
                Map.of(
                        "AthleteProfile",
                        AthleteProfile.getClassSchema().toString(),
                        "HeartRateSample",
                        HeartRateSample.getClassSchema().toString(),
                        "RunEvent",
                        RunEvent.getClassSchema().toString()));
        run.put("athlete", athlete);
        run.put("runId", runId);
        run.put("startEpochMs", start.toEpochMilli());
        run.put("maxHr", 190);
        run.put("restingHr", 60);
        run.put("bpm", 145);
        run.put("sampleEverySec", 5);
        run.put("durationSec", 1800);
        run.put("distanceMeters", 5400.0);
        run.put("timeoutSec", 60);
        Path work = Files.createTempDirectory("runload-python-");
        Path runFile = work.resolve("run.json");
        Files.writeString(runFile, JSON.writeValueAsString(run));

        List<JsonNode> read = new ArrayList<>();
        try (RunLoadApplication app = TestApplications.start(settings)) {
            TestApplications.awaitRunning(app, Duration.ofSeconds(60));
            Path stderr = work.resolve("stderr.txt");
            Process python = new ProcessBuilder(
                            PYTHON.toString(), SCRIPT.toAbsolutePath().toString(), runFile.toString())
                    .redirectError(stderr.toFile())
                    .start();
            String stdout = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean exited = python.waitFor(80, TimeUnit.SECONDS);
            if (!exited) {
                python.destroyForcibly();
            }
            System.out.println("python client read:\n" + stdout);
            assertThat(exited).as("the client finished").isTrue();
            assertThat(python.exitValue())
                    .as("exit status; stderr:%n%s", Files.readString(stderr))
                    .isZero();
            for (String line : stdout.split("\n", -1)) {
                if (!line.isBlank()) {
                    read.add(JSON.readTree(line));
                }
            }
        }

        List<JsonNode> summaries = read.stream()
                .filter(r -> topics.runSummaries().equals(r.path("topic").asText()))
                .map(r -> r.get("value"))
                .toList();
        assertThat(summaries).as("run summaries the client decoded").isNotEmpty();
        assertThat(read.stream()
                        .filter(r -> r.has("topic"))
                        .map(r -> r.path("key").asText())
                        .toList())
                .as("keys of the records read")
                .containsOnly(athlete);
        JsonNode summary = summaries.get(summaries.size() - 1);
        assertThat(summary.get("runId").asText()).isEqualTo(runId);
        assertThat(summary.get("status").asText()).isEqualTo("COUNTED");
        assertThat(summary.get("durationSec").asInt()).isEqualTo(1800);
        assertThat(summary.get("distanceMeters").asDouble()).isEqualTo(5400.0);
        assertThat(summary.get("loadEstimated").asBoolean())
                .as("heart rate was used")
                .isFalse();
        // 361 samples 5 s apart credit 360 x 5 s = 30 min, all at 145 bpm. Karvonen: heart-rate reserve
        // (145 - 60) / (190 - 60) = 0.654, inside Z2 (0.60..0.70). Banister TRIMP for a man:
        // 30 min x 0.654 x 0.64 x e^(1.92 x 0.654) = 30 x 0.4185 x 3.509 = 44.05.
        assertThat(summary.get("load").asDouble()).isCloseTo(44.05, within(0.01));
        List<Integer> zones = new ArrayList<>();
        summary.get("timeInZoneSec").forEach(z -> zones.add(z.asInt()));
        assertThat(zones).containsExactly(0, 1800, 0, 0, 0);
        assertThat(summary.get("avgHr").asDouble()).isEqualTo(145.0);
        assertThat(summary.get("maxHr").asInt()).isEqualTo(145);
        assertThat(summary.get("hrCoverage").asDouble()).isEqualTo(1.0);
        JsonNode client = read.get(read.size() - 1);
        assertThat(client.path("client").asText()).startsWith("confluent-kafka 1.");
    }

    private static void requirePythonClient() throws Exception {
        String problem = null;
        if (!Files.isExecutable(PYTHON)) {
            problem = PYTHON + " is missing";
        } else {
            Process probe = new ProcessBuilder(PYTHON.toString(), "-c", "import confluent_kafka.avro, avro, requests")
                    .redirectErrorStream(true)
                    .start();
            String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!probe.waitFor(30, TimeUnit.SECONDS) || probe.exitValue() != 0) {
                problem = PYTHON + " cannot import confluent_kafka.avro: "
                        + output.strip().lines().reduce((a, b) -> b).orElse("");
            }
        }
        if (problem != null) {
            String message = problem + ". Install Debian's python3-confluent-kafka, python3-avro and python3-requests "
                    + "(.ci/run does).";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(message);
            }
            Assumptions.abort(message);
        }
    }
}
