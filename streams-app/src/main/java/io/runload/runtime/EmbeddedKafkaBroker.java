package io.runload.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka broker running in this JVM, in KRaft combined mode (the node is both
 * broker and controller). It backs the one-command embedded mode and the integration tests.
 *
 * <p>Kafka's server classes are internal APIs that change between releases, so this class is
 * the only place that touches them.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String META_PROPERTIES = "meta.properties";

    // A port picked with ServerSocket(0) can be taken by someone else before Kafka binds it;
    // a handful of fresh picks makes that race practically irrelevant.
    private static final int PORT_ATTEMPTS = 5;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    /**
     * How to start the broker.
     *
     * @param brokerPort        client port; 0 picks a free one
     * @param controllerPort    KRaft controller port; 0 picks a free one
     * @param dataDirectory     where logs and metadata live; null means a temporary directory
     *                          that is deleted on {@link #close()}
     * @param defaultPartitions {@code num.partitions}, used when a topic is created without a count
     * @param brokerProperties  extra broker properties; they override the defaults set here
     * @param listeners         client listeners besides the plaintext one (TLS, SASL), each on its own port
     */
    public record Settings(
            int brokerPort,
            int controllerPort,
            Path dataDirectory,
            int defaultPartitions,
            Map<String, String> brokerProperties,
            List<Listener> listeners) {

        public Settings(
                int brokerPort,
                int controllerPort,
                Path dataDirectory,
                int defaultPartitions,
                Map<String, String> brokerProperties) {
            this(brokerPort, controllerPort, dataDirectory, defaultPartitions, brokerProperties, List.of());
        }

        public Settings {
            requirePort(brokerPort, "brokerPort");
            requirePort(controllerPort, "controllerPort");
            if (brokerPort != 0 && brokerPort == controllerPort) {
                throw new IllegalArgumentException("brokerPort and controllerPort must differ, both are " + brokerPort);
            }
            if (defaultPartitions < 1) {
                throw new IllegalArgumentException("defaultPartitions must be at least 1, was " + defaultPartitions);
            }
            brokerProperties = Map.copyOf(Objects.requireNonNull(brokerProperties, "brokerProperties"));
            listeners = List.copyOf(Objects.requireNonNull(listeners, "listeners"));
            if (listeners.stream().map(Listener::name).distinct().count() < listeners.size()) {
                throw new IllegalArgumentException("listener names must be unique: " + listeners);
            }
        }

        /** Free ports, a temporary directory, one partition per topic by default. */
        public static Settings defaults() {
            return new Settings(0, 0, null, 1, Map.of());
        }

        public Settings withBrokerPort(int port) {
            return new Settings(port, controllerPort, dataDirectory, defaultPartitions, brokerProperties, listeners);
        }

        public Settings withControllerPort(int port) {
            return new Settings(brokerPort, port, dataDirectory, defaultPartitions, brokerProperties, listeners);
        }

        public Settings withDataDirectory(Path directory) {
            return new Settings(brokerPort, controllerPort, directory, defaultPartitions, brokerProperties, listeners);
        }

        public Settings withDefaultPartitions(int partitions) {
            return new Settings(brokerPort, controllerPort, dataDirectory, partitions, brokerProperties, listeners);
        }

        public Settings withBrokerProperty(String name, String value) {
            Map<String, String> merged = new HashMap<>(brokerProperties);
            merged.put(name, value);
            return new Settings(brokerPort, controllerPort, dataDirectory, defaultPartitions, merged, listeners);
        }

        /** The same settings with one more client listener. */
        public Settings withListener(Listener listener) {
            List<Listener> more = new java.util.ArrayList<>(listeners);
            more.add(listener);
            return new Settings(brokerPort, controllerPort, dataDirectory, defaultPartitions, brokerProperties, more);
        }

        private static void requirePort(int port, String name) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException(name + " must be within 0..65535, was " + port);
            }
        }
    }

    /**
     * A client listener on 127.0.0.1 besides the plaintext one, e.g. SASL_SSL or SSL with client
     * certificates. Its broker properties are usually {@code listener.name.<name>.*} entries (key
     * store, SASL JAAS configuration) and {@code sasl.enabled.mechanisms}.
     *
     * @param name             listener name, e.g. SECURE (upper case letters, digits, underscores)
     * @param securityProtocol SSL, SASL_SSL or SASL_PLAINTEXT
     * @param port             0 picks a free port
     * @param brokerProperties broker properties this listener needs
     */
    public record Listener(String name, String securityProtocol, int port, Map<String, String> brokerProperties) {
        public Listener {
            if (!name.matches("[A-Z][A-Z0-9_]*") || name.equals(BROKER_LISTENER) || name.equals(CONTROLLER_LISTENER)) {
                throw new IllegalArgumentException("Invalid listener name " + name);
            }
            Settings.requirePort(port, "port of listener " + name);
            brokerProperties = Map.copyOf(brokerProperties);
        }
    }

    private final Settings settings;
    private final Map<String, Integer> listenerPorts = new HashMap<>();
    private final Path dataDirectory;
    private final boolean ownsDataDirectory;

    private int brokerPort;
    private int controllerPort;
    private KafkaRaftServer server;
    private boolean closed;

    private EmbeddedKafkaBroker(Settings settings, Path dataDirectory, boolean ownsDataDirectory) {
        this.settings = settings;
        this.dataDirectory = dataDirectory;
        this.ownsDataDirectory = ownsDataDirectory;
    }

    /**
     * Starts a broker and returns once it accepts clients.
     *
     * @throws BrokerPortInUseException if a port given explicitly in the settings is taken
     */
    public static EmbeddedKafkaBroker start(Settings settings) {
        return start(settings, EmbeddedKafkaBroker::pickFreePort);
    }

    /** Same as {@link #start(Settings)}, with the source of "free" ports replaceable by tests. */
    static EmbeddedKafkaBroker start(Settings settings, IntSupplier freePorts) {
        Objects.requireNonNull(settings, "settings");
        EmbeddedKafkaBroker broker = settings.dataDirectory() == null
                ? new EmbeddedKafkaBroker(settings, createTemporaryDirectory(), true)
                : new EmbeddedKafkaBroker(settings, createDirectory(settings.dataDirectory()), false);
        try {
            broker.launch(settings.brokerPort(), settings.controllerPort(), freePorts);
        } catch (RuntimeException e) {
            // The server may be up but never became ready; nobody else holds a reference to stop it.
            try {
                broker.close();
            } catch (RuntimeException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
        return broker;
    }

    /** The {@code bootstrap.servers} value for clients. It stays the same across {@link #restart()}. */
    public synchronized String bootstrapServers() {
        return HOST + ":" + brokerPort;
    }

    /** The {@code bootstrap.servers} value for clients of one of the extra listeners. */
    public synchronized String bootstrapServers(String listenerName) {
        Integer port = listenerPorts.get(listenerName);
        if (port == null) {
            throw new IllegalArgumentException(
                    "No listener " + listenerName + " (have " + listenerPorts.keySet() + ")");
        }
        return HOST + ":" + port;
    }

    public synchronized int brokerPort() {
        return brokerPort;
    }

    public synchronized int controllerPort() {
        return controllerPort;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /**
     * Creates topics with the given partition count and replication factor 1. Topics that already
     * exist are left as they are, so callers can run this again after a restart.
     */
    public void createTopics(int partitions, String... names) {
        createTopics(Stream.of(names)
                .map(name -> new NewTopic(name, partitions, (short) 1))
                .toList());
    }

    /** Creates the given topics; topics that already exist are left as they are. */
    public void createTopics(Collection<NewTopic> topics) {
        try (Admin admin = newAdmin()) {
            Map<String, KafkaFuture<Void>> results = admin.createTopics(topics).values();
            for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
                try {
                    result.getValue().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(
                                "Could not create topic " + result.getKey() + ": "
                                        + e.getCause().getMessage(),
                                e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out creating topics on " + bootstrapServers(), e);
        }
    }

    /** Stops the broker gracefully and waits for it. Calling it on a stopped broker does nothing. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        shutDown(server);
        server = null;
        log.info("Embedded Kafka broker at {} stopped", bootstrapServers());
    }

    /** Stops the broker and starts it again on the same ports and data directory. */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("The embedded Kafka broker is closed");
        }
        stop();
        launch(brokerPort, controllerPort, () -> {
            throw new IllegalStateException("a restart reuses its ports and never picks new ones");
        });
    }

    /** Stops the broker and deletes its data directory if it was a temporary one. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop();
        } finally {
            deleteOwnedDirectory();
        }
    }

    private synchronized void launch(int requestedBrokerPort, int requestedControllerPort, IntSupplier freePorts) {
        long startedAt = System.nanoTime();
        formatUnlessFormatted();
        boolean picksPorts = requestedBrokerPort == 0 || requestedControllerPort == 0;
        for (int attempt = 1; ; attempt++) {
            // Probing first turns the common mistake (port already taken) into a one-line message
            // instead of a broker stack trace.
            requireFree("broker", requestedBrokerPort, null);
            requireFree("controller", requestedControllerPort, null);
            int candidateBrokerPort = requestedBrokerPort != 0 ? requestedBrokerPort : freePorts.getAsInt();
            int candidateControllerPort = requestedControllerPort != 0 ? requestedControllerPort : freePorts.getAsInt();
            if (candidateBrokerPort == candidateControllerPort && attempt < PORT_ATTEMPTS) {
                continue;
            }
            Map<String, Integer> candidateListenerPorts = new HashMap<>();
            for (Listener listener : settings.listeners()) {
                int requested = listenerPorts.getOrDefault(listener.name(), listener.port());
                candidateListenerPorts.put(listener.name(), requested != 0 ? requested : freePorts.getAsInt());
            }
            try {
                server = startServer(candidateBrokerPort, candidateControllerPort, candidateListenerPorts);
                brokerPort = candidateBrokerPort;
                controllerPort = candidateControllerPort;
                listenerPorts.putAll(candidateListenerPorts);
                break;
            } catch (RuntimeException e) {
                if (!causedByBindFailure(e)) {
                    throw e;
                }
                requireFree("broker", requestedBrokerPort, e);
                requireFree("controller", requestedControllerPort, e);
                if (!picksPorts || attempt >= PORT_ATTEMPTS) {
                    throw new IllegalStateException(
                            "Cannot start the embedded Kafka broker: binding " + HOST + ":"
                                    + candidateBrokerPort + " and " + HOST + ":" + candidateControllerPort
                                    + " failed after " + attempt + " attempt(s)",
                            e);
                }
                log.debug(
                        "Ports {} / {} were taken before the broker bound them; retrying with new ports",
                        candidateBrokerPort,
                        candidateControllerPort,
                        e);
            }
        }
        awaitReady();
        log.info(
                "Embedded Kafka broker ready at {} in {} ms (data in {})",
                bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt),
                dataDirectory);
    }

    private void formatUnlessFormatted() {
        if (Files.exists(dataDirectory.resolve(META_PROPERTIES))) {
            log.info("Reusing the Kafka data in {}", dataDirectory);
            return;
        }
        ByteArrayOutputStream formatterOutput = new ByteArrayOutputStream();
        String directory = dataDirectory.toString();
        try (PrintStream printStream = new PrintStream(formatterOutput, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(printStream)
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(directory))
                    .setMetadataLogDirectory(directory)
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException(
                    "Could not format the Kafka data directory " + directory + ": " + e.getMessage(), e);
        }
        log.debug(
                "Formatted {}: {}",
                directory,
                formatterOutput.toString(StandardCharsets.UTF_8).trim());
    }

    private KafkaRaftServer startServer(int port, int controllerPortToBind, Map<String, Integer> extraPorts) {
        KafkaConfig config = new KafkaConfig(brokerProperties(port, controllerPortToBind, extraPorts), false);
        KafkaRaftServer candidate = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            candidate.startup();
            return candidate;
        } catch (RuntimeException e) {
            // A half-started server still holds threads, sockets and the log directory lock.
            try {
                shutDown(candidate);
            } catch (RuntimeException shutdownFailure) {
                e.addSuppressed(shutdownFailure);
            }
            throw e;
        }
    }

    private Properties brokerProperties(int port, int controllerPortToBind, Map<String, Integer> extraPorts) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        StringBuilder listeners = new StringBuilder(BROKER_LISTENER + "://" + HOST + ":" + port + ","
                + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPortToBind);
        StringBuilder advertised = new StringBuilder(BROKER_LISTENER + "://" + HOST + ":" + port);
        StringBuilder protocols =
                new StringBuilder(BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        for (Listener listener : settings.listeners()) {
            String address = listener.name() + "://" + HOST + ":" + extraPorts.get(listener.name());
            listeners.append(',').append(address);
            advertised.append(',').append(address);
            protocols.append(',').append(listener.name()).append(':').append(listener.securityProtocol());
        }
        props.put("listeners", listeners.toString());
        props.put("advertised.listeners", advertised.toString());
        props.put("listener.security.protocol.map", protocols.toString());
        props.put("inter.broker.listener.name", BROKER_LISTENER);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPortToBind);
        props.put("log.dirs", dataDirectory.toString());
        props.put("num.partitions", String.valueOf(settings.defaultPartitions()));
        props.put("auto.create.topics.enable", "false");
        // The internal topics default to replication factor 3; with one broker they could never be
        // created, and exactly_once_v2 needs the transaction state topic.
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        // 50 partitions each (the defaults) make the first group join and the first transaction
        // noticeably slower on one broker, and buy nothing here.
        props.put("offsets.topic.num.partitions", "8");
        props.put("transaction.state.log.num.partitions", "8");
        props.put("group.initial.rebalance.delay.ms", "0");
        // The cleaner allocates its whole dedupe buffer (128 MiB by default) on the heap up front;
        // 16 MiB still dedupes hundreds of thousands of keys per pass, far more than a demo holds.
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
        settings.listeners().forEach(l -> props.putAll(l.brokerProperties()));
        props.putAll(settings.brokerProperties());
        return props;
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = newAdmin()) {
            while (true) {
                Collection<Node> nodes =
                        admin.describeCluster().nodes().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (nodes.stream().anyMatch(node -> node.id() == NODE_ID)) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("The embedded Kafka broker at " + bootstrapServers()
                            + " did not register within " + READY_TIMEOUT);
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the embedded Kafka broker", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "The embedded Kafka broker at " + bootstrapServers() + " does not answer: " + e.getMessage(), e);
        }
    }

    private Admin newAdmin() {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG,
                "runload-embedded-broker-admin");
        return Admin.create(config);
    }

    private static void shutDown(KafkaRaftServer kafka) {
        kafka.shutdown();
        kafka.awaitShutdown();
    }

    private static boolean causedByBindFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private static void requireFree(String listener, int port, Throwable bindFailure) {
        if (port == 0) {
            return;
        }
        // Kafka binds with SO_REUSEADDR, so the probe does too: a port in TIME_WAIT is usable.
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(loopback(), port));
        } catch (IOException e) {
            BrokerPortInUseException inUse = new BrokerPortInUseException(listener, HOST, port, e);
            if (bindFailure != null) {
                inUse.addSuppressed(bindFailure);
            }
            throw inUse;
        }
    }

    /**
     * {@link #HOST} as an address, without a name lookup. Not {@link InetAddress#getLoopbackAddress()}:
     * with IPv6 preferred that is ::1, and the listeners are bound to 127.0.0.1.
     */
    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(HOST, new byte[] {127, 0, 0, 1});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("four bytes are always a valid address", e);
        }
    }

    private static int pickFreePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, loopback())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not find a free port on " + HOST, e);
        }
    }

    private static Path createTemporaryDirectory() {
        try {
            return Files.createTempDirectory("runload-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a temporary Kafka data directory", e);
        }
    }

    private static Path createDirectory(Path directory) {
        try {
            return Files.createDirectories(directory.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the Kafka data directory " + directory, e);
        }
    }

    private void deleteOwnedDirectory() {
        if (!ownsDataDirectory) {
            return;
        }
        try {
            Utils.delete(dataDirectory.toFile());
        } catch (IOException e) {
            log.warn("Could not delete the temporary Kafka data directory {}", dataDirectory, e);
        }
    }
}
