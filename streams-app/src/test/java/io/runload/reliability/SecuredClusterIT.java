package io.runload.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runload.avro.AthleteProfile;
import io.runload.avro.RunStatus;
import io.runload.avro.RunSummary;
import io.runload.cli.RunLoadCli;
import io.runload.runtime.ConfigException;
import io.runload.runtime.DeadLetterReplay;
import io.runload.runtime.DemoSimulation;
import io.runload.runtime.RunLoadApplication;
import io.runload.runtime.RunLoadConfig;
import io.runload.serde.SchemaRegistryClients;
import io.runload.serde.SpecificAvroDeserializer;
import io.runload.serde.SpecificAvroSerializer;
import io.runload.testing.SecuredKafkaBroker;
import io.runload.testing.SharedKafkaBroker;
import io.runload.testing.TestApplications;
import io.runload.testing.TestRecords;
import io.runload.topology.DeadLetterHeaders;
import io.runload.topology.TopicNames;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RunLoad against a broker that requires TLS and SASL/SCRAM, or TLS with client certificates: every
 * client it builds (Admin for the topics, Kafka Streams, the import producer, replay-dlq's consumer
 * and producer, the simulator's producer) connects with the one client configuration, the pipeline turns an imported file
 * into a run summary, and wrong credentials fail with one line that names the user and not the
 * password.
 */
class SecuredClusterIT {
    private static final String ATHLETE = "secured-athlete";
    private static final Path TCX_RUN = Path.of("src/test/resources/activities/real/tcxparser-test.tcx");

    @TempDir
    Path dir;

    @Test
    void runImportAndReplayDlqOverSaslSslWithScram() throws Exception {
        SecuredKafkaBroker broker = SecuredKafkaBroker.shared();
        String user = "runload-" + UUID.randomUUID().toString().substring(0, 6);
        String password = "pw-" + UUID.randomUUID();
        broker.createScramUser(user, password);
        Path passwordFile = Files.writeString(dir.resolve("kafka-password"), password + "\n");

        Properties settings = isolated("sasl", broker.saslBootstrap());
        settings.setProperty("kafka.security.protocol", "SASL_SSL");
        settings.setProperty("kafka.sasl.mechanism", "SCRAM-SHA-512");
        settings.setProperty("kafka.sasl.username", user);
        settings.setProperty("kafka.sasl.password.file", passwordFile.toString());
        settings.setProperty("kafka.ssl.truststore.location", broker.caPem().toString());
        Path configFile = write(settings, "sasl.properties");
        RunLoadConfig config = RunLoadConfig.load(Map.of(), settings);
        TopicNames topics = config.topics();

        try (RunLoadApplication app = RunLoadApplication.start(config, Clock.systemUTC())) {
            TestApplications.awaitRunning(app, Duration.ofSeconds(60));
            importAndExpectTheSummary(config, broker.saslBootstrap(), configFile, broker);

            try (KafkaProducer<byte[], byte[]> producer = producer(config, broker.saslBootstrap())) {
                producer.send(new ProducerRecord<>(topics.runs(), bytes(ATHLETE), new byte[] {7, 7, 7}))
                        .get(30, TimeUnit.SECONDS);
            }
            var dead = SharedKafkaBroker.consumeAll(
                    broker.plaintextBootstrap(), topics.deadLetters(), 1, Duration.ofSeconds(60));
            assertThat(dead)
                    .extracting(d -> DeadLetterHeaders.text(d.headers(), DeadLetterHeaders.REASON))
                    .containsExactly("bad_magic_byte");
            String headers = dead.get(0).headers().toString();
            assertThat(headers).doesNotContain(password);

            CliRun replay = cli("replay-dlq", "--reason", "bad_magic_byte", "--config", configFile.toString());
            assertThat(replay.exitCode).as(replay.err).isZero();
            assertThat(replay.out).contains("Replayed 1 record(s)").contains("{bad_magic_byte=1}");
            List<ConsumerRecord<byte[], byte[]>> runs =
                    SharedKafkaBroker.consumeAll(broker.plaintextBootstrap(), topics.runs(), 3, Duration.ofSeconds(10));
            assertThat(runs)
                    .filteredOn(r -> r.headers().lastHeader(DeadLetterReplay.ORIGIN_HEADER) != null)
                    .singleElement()
                    .satisfies(r -> assertThat(r.value()).containsExactly(7, 7, 7));
        }

        // The simulator's producer (`runload simulate`) connects the same way: its first athlete's profile arrives.
        try (DemoSimulation simulation = DemoSimulation.start(
                config,
                broker.saslBootstrap(),
                SchemaRegistryClients.forUrl(config.schemaRegistryUrl()),
                Clock.systemUTC())) {
            assertThat(SharedKafkaBroker.consumeAll(
                            broker.plaintextBootstrap(), topics.athleteProfiles(), 2, Duration.ofSeconds(30)))
                    .extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                    .contains(ATHLETE, "sim-0001");
        }

        // The wrong password: a one-line error that names user, mechanism and listener, never a password.
        String wrong = "wrong-" + UUID.randomUUID();
        Files.writeString(passwordFile, wrong);
        String expected = "runload: Kafka authentication failed for SCRAM-SHA-512 user '" + user + "' at "
                + broker.saslBootstrap() + ": ";
        CliRun refused = cli("replay-dlq", "--config", configFile.toString());
        assertThat(refused.exitCode).isEqualTo(2);
        assertThat(refused.err.lines().toList())
                .singleElement()
                .satisfies(line -> assertThat(line).startsWith(expected));
        assertThat(refused.err + refused.out).doesNotContain(wrong).doesNotContain(password);

        CliRun importRefused =
                cli("import", "--config", configFile.toString(), "--athlete-id", ATHLETE, TCX_RUN.toString());
        assertThat(importRefused.exitCode).isEqualTo(2);
        assertThat(importRefused.err.lines().toList())
                .singleElement()
                .satisfies(line -> assertThat(line).startsWith(expected));
        assertThat(importRefused.err + importRefused.out).doesNotContain(wrong);

        RunLoadConfig wrongConfig = RunLoadConfig.load(Map.of(), settings);
        assertThatThrownBy(() -> RunLoadApplication.start(wrongConfig, Clock.systemUTC()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(expected.substring("runload: ".length()))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong).doesNotContain("\n"));
        assertThatThrownBy(() -> DemoSimulation.start(
                        wrongConfig,
                        broker.saslBootstrap(),
                        SchemaRegistryClients.forUrl(wrongConfig.schemaRegistryUrl()),
                        Clock.systemUTC()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(expected.substring("runload: ".length()));
    }

    @Test
    void runAndImportOverMutualTls() throws Exception {
        SecuredKafkaBroker broker = SecuredKafkaBroker.shared();
        Path storePassword = Files.writeString(dir.resolve("store-password"), SecuredKafkaBroker.CLIENT_STORE_PASSWORD);
        Properties settings = isolated("mtls", broker.mtlsBootstrap());
        settings.setProperty("kafka.security.protocol", "SSL");
        settings.setProperty("kafka.ssl.truststore.location", broker.caPem().toString());
        settings.setProperty(
                "kafka.ssl.keystore.location", broker.clientPkcs12().toString());
        settings.setProperty("kafka.ssl.keystore.password.file", storePassword.toString());
        Path configFile = write(settings, "mtls.properties");
        RunLoadConfig config = RunLoadConfig.load(Map.of(), settings);

        try (RunLoadApplication app = RunLoadApplication.start(config, Clock.systemUTC())) {
            TestApplications.awaitRunning(app, Duration.ofSeconds(60));
            importAndExpectTheSummary(config, broker.mtlsBootstrap(), configFile, broker);
        }

        // The same identity as a PEM file (key and chain) is accepted too.
        Properties pem = (Properties) settings.clone();
        pem.remove("kafka.ssl.keystore.password.file");
        pem.setProperty("kafka.ssl.keystore.location", broker.clientKeyPem().toString());
        CliRun pemReplay = cli(
                "replay-dlq",
                "--dry-run",
                "--config",
                write(pem, "pem.properties").toString());
        assertThat(pemReplay.exitCode).as(pemReplay.err).isZero();
        assertThat(pemReplay.out).contains("Would replay 0 record(s)");

        // Without a client certificate the broker refuses the handshake: one line, and the cause.
        Properties anonymous = (Properties) settings.clone();
        anonymous.remove("kafka.ssl.keystore.location");
        anonymous.remove("kafka.ssl.keystore.password.file");
        CliRun refused = cli(
                "replay-dlq",
                "--config",
                write(anonymous, "anonymous.properties").toString());
        assertThat(refused.exitCode).isEqualTo(2);
        assertThat(refused.err.lines().toList())
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .startsWith("runload: Kafka TLS handshake failed at " + broker.mtlsBootstrap() + " (SSL): "));
    }

    /** Profile first (so the run need not wait for it), then `runload import` of a real TCX run, then its summary. */
    private void importAndExpectTheSummary(
            RunLoadConfig config, String bootstrap, Path configFile, SecuredKafkaBroker broker) throws Exception {
        TopicNames topics = config.topics();
        var registry = SchemaRegistryClients.forUrl(config.schemaRegistryUrl());
        byte[] profile = new SpecificAvroSerializer<>(AthleteProfile.class, registry, true)
                .serialize(
                        topics.athleteProfiles(), TestRecords.profile(ATHLETE).build());
        try (KafkaProducer<byte[], byte[]> producer = producer(config, bootstrap)) {
            producer.send(new ProducerRecord<>(topics.athleteProfiles(), bytes(ATHLETE), profile))
                    .get(30, TimeUnit.SECONDS);
        }
        CliRun imported = cli("import", "--config", configFile.toString(), "--athlete-id", ATHLETE, TCX_RUN.toString());
        assertThat(imported.exitCode).as(imported.err).isZero();
        assertThat(imported.out).contains("Imported 1 runs");

        var summaries = SharedKafkaBroker.consumeAll(
                broker.plaintextBootstrap(), topics.runSummaries(), 1, Duration.ofSeconds(60));
        var deserializer = new SpecificAvroDeserializer<>(RunSummary.class, registry);
        assertThat(summaries).singleElement().satisfies(r -> {
            RunSummary summary = deserializer.deserialize(topics.runSummaries(), r.value());
            assertThat(summary.getAthleteId()).isEqualTo(ATHLETE);
            assertThat(summary.getStatus()).isEqualTo(RunStatus.COUNTED);
            // The highest <Value> of the file's heart-rate elements.
            assertThat(summary.getMaxHr()).isEqualTo(189);
        });
    }

    private static KafkaProducer<byte[], byte[]> producer(RunLoadConfig config, String bootstrap) {
        return new KafkaProducer<>(
                config.kafkaClient().forClient(bootstrap, Map.of(ProducerConfig.ACKS_CONFIG, "all")),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    /** Like TestApplications.isolated, for a broker of the test's choosing. */
    private static Properties isolated(String name, String bootstrap) throws IOException {
        String unique = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        Properties p = new Properties();
        p.setProperty(RunLoadConfig.BOOTSTRAP.key(), bootstrap);
        p.setProperty(RunLoadConfig.REGISTRY.key(), "mock://" + unique);
        p.setProperty(RunLoadConfig.APP_ID.key(), unique);
        p.setProperty(RunLoadConfig.TOPIC_PREFIX.key(), unique + ".");
        p.setProperty(RunLoadConfig.PARTITIONS.key(), "2");
        p.setProperty(RunLoadConfig.HTTP_PORT.key(), "0");
        p.setProperty(RunLoadConfig.HTTP_HOST.key(), "127.0.0.1");
        p.setProperty(RunLoadConfig.SIM_ENABLED.key(), "false");
        p.setProperty(
                RunLoadConfig.STATE_DIR.key(),
                Files.createTempDirectory("runload-state-").toString());
        p.setProperty(RunLoadConfig.COMMIT_MS.key(), "100");
        // Its own data directory: a simulator position left in the default one by an earlier run
        // would make the simulator resume instead of starting with the athletes this test expects.
        p.setProperty(
                RunLoadConfig.DATA_DIR.key(),
                Files.createTempDirectory("runload-data-").toString());
        return p;
    }

    private Path write(Properties settings, String name) throws IOException {
        Path file = dir.resolve(name);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            settings.store(w, null);
        }
        return file;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private record CliRun(int exitCode, String out, String err) {}

    private static CliRun cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = RunLoadCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
