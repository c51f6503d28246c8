package io.runload.http;

import static io.runload.testing.TestRecords.profile;
import static io.runload.testing.TestRecords.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.runload.runtime.RunLoadApplication;
import io.runload.runtime.RunLoadConfig;
import io.runload.serde.SchemaRegistryClient;
import io.runload.serde.SchemaRegistryClients;
import io.runload.serde.SpecificAvroSerializer;
import io.runload.testing.LoopbackPorts;
import io.runload.testing.SharedKafkaBroker;
import io.runload.testing.TestApplications;
import io.runload.topology.StoreNames;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Two instances of one application against the shared broker: every athlete queried through
 * either instance gets the same answer, from the instance that owns it; and when one instance
 * stops, the other still answers for its athletes. Clients need an API key; the instances' relays
 * to each other are signed with their shared peer secret.
 */
class QueryRoutingIT {
    private static final int PARTITIONS = 4;
    private static final List<String> RESOURCES =
            List.of("runs?limit=20", "weekly-volume?weeks=12", "load", "alerts?limit=50");
    /** Both instances ask clients for this key and sign their relays to each other with a shared secret. */
    private static final String API_KEY = "routing-it-0f1e2d3c4b5a69788796a5b4c3d2e1f0";

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    @Test
    void everyAthleteAnswersTheSameThroughBothInstancesAndSurvivesOneStopping() throws Exception {
        Properties first = TestApplications.isolated("routing");
        first.setProperty(RunLoadConfig.PARTITIONS.key(), Integer.toString(PARTITIONS));
        first.setProperty(RunLoadConfig.STANDBYS.key(), "1");
        java.nio.file.Path secrets = TestApplications.tempDir("runload-secrets-");
        java.nio.file.Path keys = java.nio.file.Files.writeString(
                secrets.resolve("api-keys"), ApiKeyFile.line("routing-it", API_KEY) + "\n");
        java.nio.file.Path peerSecret =
                java.nio.file.Files.writeString(secrets.resolve("peer-secret"), "peer-secret-for-the-routing-test\n");
        first.setProperty(RunLoadConfig.API_KEYS_FILE.key(), keys.toString());
        first.setProperty(RunLoadConfig.PEER_SECRET_FILE.key(), peerSecret.toString());
        Properties second = (Properties) first.clone();
        int[] ports = LoopbackPorts.distinct(2);
        int portA = ports[0];
        int portB = ports[1];
        first.setProperty(RunLoadConfig.HTTP_PORT.key(), Integer.toString(portA));
        first.setProperty(RunLoadConfig.APP_SERVER.key(), "127.0.0.1:" + portA);
        second.setProperty(RunLoadConfig.HTTP_PORT.key(), Integer.toString(portB));
        second.setProperty(RunLoadConfig.APP_SERVER.key(), "127.0.0.1:" + portB);
        second.setProperty(
                RunLoadConfig.STATE_DIR.key(),
                TestApplications.tempDir("runload-state-b-").toString());

        RunLoadConfig config = RunLoadConfig.load(Map.of(), first);
        SchemaRegistryClient registry = SchemaRegistryClients.forUrl(config.schemaRegistryUrl());
        List<String> athletes = athletesCoveringEveryPartition(2);

        try (RunLoadApplication a = TestApplications.start(first)) {
            RunLoadApplication b = TestApplications.start(second);
            try {
                awaitBothOwnTasks(a, b, Duration.ofMinutes(2));
                produceTraining(config, registry, athletes);
                for (String athlete : athletes) {
                    awaitRuns(portA, athlete, 3, Duration.ofSeconds(90));
                }

                HostInfo hostA = new HostInfo("127.0.0.1", portA);
                Map<String, String> ownerOf = new HashMap<>();
                Map<String, String> runsBefore = new HashMap<>();
                int withAlerts = 0;
                for (String athlete : athletes) {
                    HostInfo active = a.streams()
                            .queryMetadataForKey(StoreNames.LEDGER, athlete, new StringSerializer())
                            .activeHost();
                    ownerOf.put(athlete, active.host() + ":" + active.port());
                    for (String resource : RESOURCES) {
                        String path = "/api/athletes/" + athlete + "/" + resource;
                        HttpResponse<String> viaA = get(portA, path);
                        HttpResponse<String> viaB = get(portB, path);
                        assertThat(viaA.statusCode())
                                .as("%s via A: %s", path, viaA.body())
                                .isEqualTo(200);
                        assertThat(viaB.statusCode())
                                .as("%s via B: %s", path, viaB.body())
                                .isEqualTo(200);
                        assertThat(viaB.body()).as(path).isEqualTo(viaA.body());
                        assertThat(servedBy(viaA)).as(path).isEqualTo(ownerOf.get(athlete));
                        assertThat(servedBy(viaB)).as(path).isEqualTo(ownerOf.get(athlete));
                        assertThat(viaA.body()).contains("\"athleteId\":\"" + athlete + "\"");
                    }
                    String runs = get(portA, "/api/athletes/" + athlete + "/runs?limit=20")
                            .body();
                    assertThat(runs).contains("\"localDate\":\"").contains("\"startTime\":\"");
                    runsBefore.put(athlete, runs);
                    if (!get(portA, "/api/athletes/" + athlete + "/alerts")
                            .body()
                            .contains("\"alerts\":[]")) {
                        withAlerts++;
                    }
                }
                assertAnswersMatchTheTraining(portB, athletes.get(0));
                for (int port : new int[] {portA, portB}) {
                    HttpResponse<String> anonymous = HTTP.send(
                            HttpRequest.newBuilder(URI.create(
                                            "http://127.0.0.1:" + port + "/api/athletes/" + athletes.get(0) + "/runs"))
                                    .header(PeerQueryClient.FORWARDED_HEADER, "standby")
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(anonymous.statusCode())
                            .as("no key, unsigned forwarded header")
                            .isEqualTo(401);
                    assertThat(anonymous.body()).doesNotContain(athletes.get(0));
                }
                assertThat(ownerOf.values())
                        .as("both instances own athletes, so both relay")
                        .containsOnly("127.0.0.1:" + portA, "127.0.0.1:" + portB)
                        .contains("127.0.0.1:" + portA, "127.0.0.1:" + portB);
                assertThat(withAlerts)
                        .as("athletes whose growing runs raised alerts")
                        .isPositive();

                for (int port : new int[] {portA, portB}) {
                    String list = get(port, "/api/athletes").body();
                    assertThat(list).contains("\"complete\":true");
                    athletes.forEach(id -> assertThat(list).contains("\"" + id + "\""));
                    assertThat(get(port, "/api/athletes/nobody-here/runs").statusCode())
                            .isEqualTo(404);
                    assertThat(get(port, "/api/athletes/" + athletes.get(0) + "/runs?limit=zero")
                                    .statusCode())
                            .isEqualTo(400);
                }

                measureLatency(athletes, portA, portB, ownerOf);

                // The second instance stops: its athletes are answered by the first, from the standby
                // copy while the group rebalances, then from the promoted active copy.
                b.close();
                b = null;
                for (String athlete : athletes) {
                    HttpResponse<String> r = getUntilNot503(
                            portA, "/api/athletes/" + athlete + "/runs?limit=20", Duration.ofSeconds(90));
                    assertThat(r.statusCode()).as(athlete).isEqualTo(200);
                    assertThat(r.body()).as(athlete).isEqualTo(runsBefore.get(athlete));
                    assertThat(servedBy(r)).isEqualTo(hostA.host() + ":" + hostA.port());
                }
            } finally {
                if (b != null) {
                    b.close();
                }
            }
        }
    }

    /** The figures behind the JSON: three runs newest first, 21 km in the weeks, 42 days of load ending today. */
    private static void assertAnswersMatchTheTraining(int port, String athlete) throws Exception {
        JsonNode runs = ApiJson.MAPPER
                .readTree(get(port, "/api/athletes/" + athlete + "/runs").body())
                .get("runs");
        assertThat(runs).hasSize(3);
        assertThat(runs.get(0).get("runId").asText()).isEqualTo(athlete + "-r3");
        assertThat(runs.get(2).get("runId").asText()).isEqualTo(athlete + "-r1");
        assertThat(runs.get(0).get("timeInZoneSec")).hasSize(5);
        double km = 0;
        for (JsonNode week : ApiJson.MAPPER
                .readTree(
                        get(port, "/api/athletes/" + athlete + "/weekly-volume").body())
                .get("weeks")) {
            km += week.get("distanceMeters").asDouble() / 1000;
        }
        assertThat(km).isEqualTo(21.0);
        JsonNode load = ApiJson.MAPPER.readTree(
                get(port, "/api/athletes/" + athlete + "/load").body());
        assertThat(load.get("days")).hasSize(42);
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        assertThat(load.at("/today/date").asText()).isEqualTo(today);
        assertThat(load.at("/days/41/date").asText()).isEqualTo(today);
        assertThat(load.at("/today/ctl").asDouble()).isPositive();
        JsonNode alerts = ApiJson.MAPPER
                .readTree(get(port, "/api/athletes/" + athlete + "/alerts").body())
                .get("alerts");
        assertThat(alerts.findValuesAsText("type")).contains("VOLUME_SPIKE");
    }

    private static void measureLatency(List<String> athletes, int portA, int portB, Map<String, String> ownerOf)
            throws Exception {
        int n = 1000;
        List<Long> local = new ArrayList<>();
        List<Long> relayed = new ArrayList<>();
        long[] all = new long[n];
        for (int i = 0; i < n; i++) {
            String athlete = athletes.get(i % athletes.size());
            int port = (i / athletes.size()) % 2 == 0 ? portA : portB;
            String path =
                    "/api/athletes/" + athlete + "/" + RESOURCES.get((i / (2 * athletes.size())) % RESOURCES.size());
            long t0 = System.nanoTime();
            HttpResponse<String> r = get(port, path);
            long micros = (System.nanoTime() - t0) / 1_000;
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            all[i] = micros;
            (ownerOf.get(athlete).endsWith(":" + port) ? local : relayed).add(micros);
        }
        Arrays.sort(all);
        System.out.printf(
                "Query API latency over %d requests: p50 %.2f ms, p99 %.2f ms (answered locally: %d, p50 %.2f ms; "
                        + "relayed to the owner: %d, p50 %.2f ms, p99 %.2f ms)%n",
                n,
                all[n / 2] / 1000.0,
                all[(int) Math.ceil(n * 0.99) - 1] / 1000.0,
                local.size(),
                percentile(local, 0.5),
                relayed.size(),
                percentile(relayed, 0.5),
                percentile(relayed, 0.99));
        assertThat(local).isNotEmpty();
        assertThat(relayed).isNotEmpty();
    }

    private static double percentile(List<Long> micros, double q) {
        List<Long> sorted = micros.stream().sorted().toList();
        return sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.ceil(sorted.size() * q) - 1) / 1000.0;
    }

    /** Athlete ids chosen so that each partition holds {@code perPartition} of them (default partitioner). */
    private static List<String> athletesCoveringEveryPartition(int perPartition) {
        int[] count = new int[PARTITIONS];
        List<String> ids = new ArrayList<>();
        for (int i = 0; ids.size() < PARTITIONS * perPartition; i++) {
            String id = "ath-" + i;
            int p = Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
            if (count[p] < perPartition) {
                count[p]++;
                ids.add(id);
            }
        }
        return ids;
    }

    /** A profile and three runs of growing distance per athlete, in the last two weeks. */
    private static void produceTraining(RunLoadConfig config, SchemaRegistryClient registry, List<String> athletes) {
        var topics = config.topics();
        Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(7));
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (String athlete : athletes) {
            records.add(avro(topics.athleteProfiles(), athlete, profile(athlete).build(), registry));
            records.add(avro(
                    topics.runs(),
                    athlete,
                    run(athlete, athlete + "-r1", today.minus(Duration.ofDays(10)), 1800, 5000)
                            .build(),
                    registry));
            records.add(avro(
                    topics.runs(),
                    athlete,
                    run(athlete, athlete + "-r2", today.minus(Duration.ofDays(6)), 2100, 6000)
                            .build(),
                    registry));
            records.add(avro(
                    topics.runs(),
                    athlete,
                    run(athlete, athlete + "-r3", today.minus(Duration.ofDays(2)), 3600, 10000)
                            .build(),
                    registry));
        }
        SharedKafkaBroker.produce(records);
    }

    private static ProducerRecord<byte[], byte[]> avro(
            String topic, String athleteId, SpecificRecord value, SchemaRegistryClient registry) {
        @SuppressWarnings({"unchecked", "rawtypes"})
        SpecificAvroSerializer<SpecificRecord> serializer =
                new SpecificAvroSerializer(value.getClass(), registry, true);
        return new ProducerRecord<>(
                topic, athleteId.getBytes(StandardCharsets.UTF_8), serializer.serialize(topic, value));
    }

    private static void awaitBothOwnTasks(RunLoadApplication a, RunLoadApplication b, Duration timeout)
            throws InterruptedException {
        Awaitility.await("both instances RUNNING with tasks")
                .atMost(timeout)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(200))
                .pollInSameThread()
                .untilAsserted(() -> {
                    boolean settled = a.streams().state() == KafkaStreams.State.RUNNING
                            && b.streams().state() == KafkaStreams.State.RUNNING
                            && a.streams().metadataForAllStreamsClients().size() == 2
                            && a.streams().metadataForAllStreamsClients().stream()
                                    .allMatch(m -> !m.topicPartitions().isEmpty());
                    assertThat(settled)
                            .as(
                                    "both instances RUNNING with tasks: A %s, B %s",
                                    a.streams().state(), b.streams().state())
                            .isTrue();
                });
    }

    private static void awaitRuns(int port, String athlete, int runs, Duration timeout) throws Exception {
        Awaitility.await(athlete + " shows " + runs + " runs")
                .atMost(timeout)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(200))
                .pollInSameThread()
                .untilAsserted(() -> {
                    HttpResponse<String> r = get(port, "/api/athletes/" + athlete + "/runs");
                    boolean shown = r.statusCode() == 200 && r.body().split("\"runId\"", -1).length - 1 == runs;
                    assertThat(shown)
                            .as("%s shows %d runs; last answer: %d %s", athlete, runs, r.statusCode(), r.body())
                            .isTrue();
                });
    }

    /** The last answer, 503 or not, so the caller's assertion shows it. */
    private static HttpResponse<String> getUntilNot503(int port, String path, Duration timeout) throws Exception {
        AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
        try {
            Awaitility.await(path + " answered without 503")
                    .atMost(timeout)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(200))
                    .pollInSameThread()
                    .until(() -> {
                        last.set(get(port, path));
                        return last.get().statusCode() != 503;
                    });
        } catch (ConditionTimeoutException e) {
            // Fall through with the last 503: the caller asserts on the status.
        }
        return last.get();
    }

    private static String servedBy(HttpResponse<String> r) {
        return r.headers().firstValue(PeerQueryClient.SERVED_BY_HEADER).orElse("?");
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + API_KEY)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
