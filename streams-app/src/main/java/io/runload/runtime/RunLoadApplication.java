package io.runload.runtime;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.runload.http.RegistryRestServer;
import io.runload.http.RunLoadHttpServer;
import io.runload.metrics.RunLoadMetrics;
import io.runload.serde.InMemorySchemaRegistry;
import io.runload.serde.SchemaRegistryClient;
import io.runload.serde.SchemaRegistryClients;
import io.runload.topology.RunLoadTopology;
import io.runload.topology.TopologySettings;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RunLoad instance: optionally an embedded broker, then topics, the topology, the HTTP server
 * and (in the demo) the simulator. {@link #close()} stops them in reverse order so that nothing is
 * left half-written: Streams commits and closes before the broker goes away.
 */
public final class RunLoadApplication implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunLoadApplication.class);

    private final RunLoadConfig config;
    private final RunLoadMetrics metrics;
    private final EmbeddedKafkaBroker broker;
    private final String bootstrapServers;
    private final KafkaStreams streams;
    private final KafkaStreamsMetrics streamsMetrics;
    private final RunLoadHttpServer http;
    private final DemoSimulation simulation;
    private final RegistryRestServer registryApi;

    private RunLoadApplication(
            RunLoadConfig config,
            RunLoadMetrics metrics,
            EmbeddedKafkaBroker broker,
            String bootstrapServers,
            KafkaStreams streams,
            KafkaStreamsMetrics streamsMetrics,
            RunLoadHttpServer http,
            DemoSimulation simulation,
            RegistryRestServer registryApi) {
        this.config = config;
        this.metrics = metrics;
        this.broker = broker;
        this.bootstrapServers = bootstrapServers;
        this.streams = streams;
        this.streamsMetrics = streamsMetrics;
        this.http = http;
        this.simulation = simulation;
        this.registryApi = registryApi;
    }

    public static RunLoadApplication start(RunLoadConfig config, Clock clock) throws IOException {
        config.requireServableApi();
        long t0 = System.nanoTime();
        RunLoadMetrics metrics = RunLoadMetrics.prometheus();
        new JvmMemoryMetrics().bindTo(metrics.registry());
        new JvmGcMetrics().bindTo(metrics.registry());
        new JvmThreadMetrics().bindTo(metrics.registry());
        new ClassLoaderMetrics().bindTo(metrics.registry());
        new ProcessorMetrics().bindTo(metrics.registry());

        EmbeddedKafkaBroker broker = null;
        String bootstrap;
        if (config.embedded()) {
            broker = EmbeddedKafkaBroker.start(new EmbeddedKafkaBroker.Settings(
                    config.embeddedKafkaPort(),
                    0,
                    config.dataDir().resolve("kafka"),
                    config.topicPartitions(),
                    Map.of()));
            bootstrap = broker.bootstrapServers();
            LOG.info("Embedded Kafka broker at {}", bootstrap);
        } else {
            bootstrap = config.bootstrapServers().orElseThrow();
        }
        RegistryRestServer registryApi = null;
        try {
            SchemaRegistryClient registry;
            if (config.embedded() && config.schemaRegistryUrl().startsWith(SchemaRegistryClients.MOCK_SCHEME)) {
                // The demo's registry lives in the data directory, so ids in its topics stay valid across restarts,
                // and is served over Confluent's REST API for `runload import`, kcat and Confluent clients.
                InMemorySchemaRegistry embedded = InMemorySchemaRegistry.persistent(
                        config.schemaRegistryUrl().substring(SchemaRegistryClients.MOCK_SCHEME.length()),
                        registryJournal(config));
                if (config.embeddedRegistryPort() >= 0) {
                    registryApi = new RegistryRestServer(
                            embedded, config.embeddedRegistryHost(), config.embeddedRegistryPort());
                    try {
                        registryApi.start();
                    } catch (IOException e) {
                        throw new ConfigException(
                                "Cannot serve the embedded schema registry on " + config.embeddedRegistryHost() + ":"
                                        + config.embeddedRegistryPort() + " (" + e.getMessage() + "); set "
                                        + RunLoadConfig.EMBEDDED_REGISTRY_PORT.env()
                                        + " to a free port, 0 for any, or -1 for none");
                    }
                }
                registry = embedded;
            } else {
                registry = SchemaRegistryClients.create(config.schemaRegistryUrl(), config.registryClientConfig());
            }
            RegistryReadiness.awaitReachable(
                    registry,
                    config.schemaRegistryUrl(),
                    config.topics(),
                    config.autoRegisterSchemas(),
                    config.registryStartupAttempts(),
                    config.registryStartupBackoff());

            KafkaClientSettings client = config.kafkaClient();
            LOG.info("Kafka clients connect to {} over {} with {}", bootstrap, client.describeSecurity(), client);
            try (Admin admin = Admin.create(client.forAdmin(bootstrap))) {
                TopicProvisioner.ensure(admin, config.topics(), config.topicPartitions(), config.topicReplication());
            } catch (ConfigException e) {
                throw e;
            } catch (RuntimeException e) {
                throw KafkaClientFailure.describe("create or describe RunLoad topics", e, client, bootstrap);
            }

            TopologySettings settings = new TopologySettings(
                    config.topics(),
                    registry,
                    config.autoRegisterSchemas(),
                    metrics,
                    clock,
                    config.lateGrace(),
                    config.hrRetention(),
                    config.maxRecordBytes(),
                    config.runHeartRateWait(),
                    config.lateHeartRateWatch(),
                    config.alertHistoricalDays());
            Topology topology = RunLoadTopology.build(settings);
            KafkaStreams streams = new KafkaStreams(topology, streamsProperties(config, bootstrap, metrics));
            streams.setUncaughtExceptionHandler(new StreamThreadFailurePolicy(3, Duration.ofMinutes(10), clock));
            streams.setStateListener((now, before) -> LOG.info("Kafka Streams state {} -> {}", before, now));
            KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
            streamsMetrics.bindTo(metrics.registry());
            Gauge.builder("runload.streams.state", streams, s -> stateCode(s.state()))
                    .description(
                            "Kafka Streams client state as its ordinal: 0 CREATED, 1 REBALANCING, 2 RUNNING, 3 PENDING_SHUTDOWN, 4 NOT_RUNNING, 5 PENDING_ERROR, 6 ERROR")
                    .register(metrics.registry());
            Gauge.builder(
                            "runload.streams.alive.threads",
                            streams,
                            s -> s.metadataForLocalThreads().size())
                    .description("Live stream threads of this instance")
                    .register(metrics.registry());
            InputLag.register(metrics.registry(), streams, config.topics());

            if (config.http().auth() == io.runload.http.HttpServerSettings.AuthMode.NONE
                    && !RunLoadConfig.isLoopback(config.httpHost())) {
                LOG.warn(
                        "*** {}=none: athlete data on {}:{} is served WITHOUT AUTHENTICATION to anyone who can reach it ***",
                        RunLoadConfig.API_AUTH.env(),
                        config.httpHost(),
                        config.httpPort());
            }
            RunLoadHttpServer http;
            try {
                http = new RunLoadHttpServer(
                        config.http(), metrics, streams::state, Optional.of(QueryRoutes.of(streams, config, clock)));
            } catch (java.io.UncheckedIOException | IllegalArgumentException e) {
                // An unreadable key file, peer secret or certificate: a one-line start-up error, not a stack trace.
                streams.close(Duration.ZERO);
                streamsMetrics.close();
                throw new ConfigException(e.getMessage());
            }
            streams.start();
            http.start();

            DemoSimulation simulation = null;
            if (config.simulatorEnabled()) {
                simulation = DemoSimulation.start(config, bootstrap, registry, clock);
            }
            LOG.info(
                    "RunLoad started in {} ms (HTTP port {}, bootstrap {}{})",
                    (System.nanoTime() - t0) / 1_000_000,
                    http.port(),
                    bootstrap,
                    registryApi == null
                            ? ""
                            : ", schema registry http://" + config.embeddedRegistryHost() + ":" + registryApi.port());
            return new RunLoadApplication(
                    config, metrics, broker, bootstrap, streams, streamsMetrics, http, simulation, registryApi);
        } catch (RuntimeException e) {
            if (registryApi != null) {
                registryApi.close();
            }
            if (broker != null) {
                broker.close();
            }
            throw e;
        }
    }

    /** The production Kafka Streams properties (also used by bench/run's baseline, for a like-for-like comparison). */
    /**
     * The gauge's value for a state: the codes its description and the dashboards promise, spelt out
     * so that a Kafka release that reorders or adds states cannot shift them (a new state fails here).
     */
    static int stateCode(KafkaStreams.State state) {
        return switch (state) {
            case CREATED -> 0;
            case REBALANCING -> 1;
            case RUNNING -> 2;
            case PENDING_SHUTDOWN -> 3;
            case NOT_RUNNING -> 4;
            case PENDING_ERROR -> 5;
            case ERROR -> 6;
        };
    }

    public static Properties streamsProperties(RunLoadConfig config, String bootstrap, RunLoadMetrics metrics) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.processingGuarantee());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.numStreamThreads());
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.numStandbyReplicas());
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toAbsolutePath().toString());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitIntervalMs());
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, config.maxTaskIdleMs());
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, config.cacheMaxBytes());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.topicReplication());
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
        // Deprecated without a replacement in Kafka Streams 4.4: 5.0 drops the setting and always
        // applies the handler to global processing, which this keeps until then.
        @SuppressWarnings("deprecation")
        String handlerOnGlobalProcessing = StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG;
        p.put(handlerOnGlobalProcessing, true);
        p.put(DeadLetterHandler.DLQ_TOPIC_CONFIG, config.topics().deadLetters());
        p.put(DeadLetterHandler.METRICS_CONFIG, metrics);
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbConfig.class.getName());
        p.put(BoundedRocksDbConfig.BLOCK_CACHE_BYTES_CONFIG, Long.toString(config.rocksDbBlockCacheBytes()));
        p.put(BoundedRocksDbConfig.WRITE_BUFFER_BYTES_CONFIG, Long.toString(config.rocksDbWriteBufferBytes()));
        p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        config.groupInstanceId()
                .ifPresent(id -> p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), id));
        config.applicationServer().ifPresent(s -> p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, s));
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 10);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 256 * 1024);
        config.kafkaClient().applyTo(p);
        p.putAll(config.extraStreamsProperties());
        return p;
    }

    /** Where the embedded mode keeps its registry's schemas. */
    public static java.nio.file.Path registryJournal(RunLoadConfig config) {
        return config.dataDir().resolve("registry").resolve("schemas.jsonl");
    }

    /** Port of the embedded registry's REST API, or -1 when none is served. */
    public int registryPort() {
        return registryApi == null ? -1 : registryApi.port();
    }

    public KafkaStreams streams() {
        return streams;
    }

    public RunLoadMetrics metrics() {
        return metrics;
    }

    public int httpPort() {
        return http.port();
    }

    /** Port of /metrics and /health/*: a separate listener's, or {@link #httpPort()}. */
    public int managementPort() {
        return http.managementPort();
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public RunLoadConfig config() {
        return config;
    }

    @Override
    public void close() {
        LOG.info("Shutting down RunLoad");
        if (simulation != null) {
            simulation.close();
        }
        // Without static membership, leaving the group lets a restarted instance (a new member) get its
        // tasks at once instead of after the old member's session timeout (45 s), as a restarted demo would.
        // With static membership the instance keeps its place, so a rolling restart moves no task.
        streams.close(CloseOptions.groupMembershipOperation(
                        config.groupInstanceId().isEmpty()
                                ? CloseOptions.GroupMembershipOperation.LEAVE_GROUP
                                : CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
        streamsMetrics.close();
        http.close();
        if (registryApi != null) {
            registryApi.close();
        }
        if (broker != null) {
            broker.close();
        }
        LOG.info("RunLoad stopped");
    }
}
