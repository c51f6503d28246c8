package io.runload.testing;

import io.runload.runtime.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * An in-process broker with two secured client listeners besides its plaintext one, for tests that
 * connect RunLoad the way a managed cluster requires:
 * <ul>
 *   <li>{@value #SASL_LISTENER}: SASL_SSL with SCRAM-SHA-512; users are created with
 *       {@link #createScramUser(String, String)} through the Admin API;</li>
 *   <li>{@value #MTLS_LISTENER}: SSL that requires a client certificate signed by the test CA.</li>
 * </ul>
 * The certificates are generated on start: a CA ({@link #caPem()}), the broker's certificate for
 * 127.0.0.1 and one client identity ({@link #clientPkcs12()}, {@link #clientKeyPem()}). One broker
 * serves the whole test JVM.
 */
public final class SecuredKafkaBroker {
    public static final String SASL_LISTENER = "SASL_TLS";
    public static final String MTLS_LISTENER = "MTLS";
    /** Password of the client PKCS12 store (a test value, not a secret). */
    public static final String CLIENT_STORE_PASSWORD = "client-store-pass";

    private static SecuredKafkaBroker shared;

    private final EmbeddedKafkaBroker broker;
    private final Path directory;
    private final TestCertificates authority;

    private SecuredKafkaBroker(EmbeddedKafkaBroker broker, Path directory, TestCertificates authority) {
        this.broker = broker;
        this.directory = directory;
        this.authority = authority;
    }

    public static synchronized SecuredKafkaBroker shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared.broker::close, "secured-kafka-broker-shutdown"));
        }
        return shared;
    }

    private static SecuredKafkaBroker start() {
        try {
            Path dir = Files.createTempDirectory("runload-tls-");
            TestCertificates ca = TestCertificates.newAuthority();
            Path caPem = ca.writeCaPem(dir.resolve("ca.pem"));
            String brokerStorePassword = UUID.randomUUID().toString();
            Path brokerStore = TestCertificates.writePkcs12(
                    ca.server("localhost"), dir.resolve("broker.p12"), brokerStorePassword);
            TestCertificates.Identity client = ca.client("runload-client");
            TestCertificates.writePkcs12(client, dir.resolve("client.p12"), CLIENT_STORE_PASSWORD);
            TestCertificates.writeKeyPem(client, dir.resolve("client-key.pem"));

            EmbeddedKafkaBroker.Settings settings = EmbeddedKafkaBroker.Settings.defaults()
                    .withDefaultPartitions(2)
                    .withBrokerProperty("sasl.enabled.mechanisms", "SCRAM-SHA-512")
                    .withListener(new EmbeddedKafkaBroker.Listener(
                            SASL_LISTENER,
                            "SASL_SSL",
                            0,
                            Map.of(
                                    "listener.name.sasl_tls.ssl.keystore.location",
                                    brokerStore.toString(),
                                    "listener.name.sasl_tls.ssl.keystore.type",
                                    "PKCS12",
                                    "listener.name.sasl_tls.ssl.keystore.password",
                                    brokerStorePassword,
                                    "listener.name.sasl_tls.ssl.key.password",
                                    brokerStorePassword,
                                    "listener.name.sasl_tls.sasl.enabled.mechanisms",
                                    "SCRAM-SHA-512",
                                    "listener.name.sasl_tls.scram-sha-512.sasl.jaas.config",
                                    "org.apache.kafka.common.security.scram.ScramLoginModule required;")))
                    .withListener(new EmbeddedKafkaBroker.Listener(
                            MTLS_LISTENER,
                            "SSL",
                            0,
                            Map.of(
                                    "listener.name.mtls.ssl.keystore.location",
                                    brokerStore.toString(),
                                    "listener.name.mtls.ssl.keystore.type",
                                    "PKCS12",
                                    "listener.name.mtls.ssl.keystore.password",
                                    brokerStorePassword,
                                    "listener.name.mtls.ssl.key.password",
                                    brokerStorePassword,
                                    "listener.name.mtls.ssl.truststore.location",
                                    caPem.toString(),
                                    "listener.name.mtls.ssl.truststore.type",
                                    "PEM",
                                    "listener.name.mtls.ssl.client.auth",
                                    "required")));
            return new SecuredKafkaBroker(EmbeddedKafkaBroker.start(settings), dir, ca);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The plaintext listener, for test set-up and checks that are not about security. */
    public String plaintextBootstrap() {
        return broker.bootstrapServers();
    }

    public String saslBootstrap() {
        return broker.bootstrapServers(SASL_LISTENER);
    }

    public String mtlsBootstrap() {
        return broker.bootstrapServers(MTLS_LISTENER);
    }

    public Path caPem() {
        return directory.resolve("ca.pem");
    }

    /** The client identity as a PKCS12 store, password {@value #CLIENT_STORE_PASSWORD}. */
    public Path clientPkcs12() {
        return directory.resolve("client.p12");
    }

    /** The client identity as a PEM file: unencrypted PKCS#8 key, then the certificate chain. */
    public Path clientKeyPem() {
        return directory.resolve("client-key.pem");
    }

    public TestCertificates authority() {
        return authority;
    }

    /**
     * Creates (or updates) a SCRAM-SHA-512 user through the Admin API and returns once the SASL
     * listener accepts its password.
     */
    public void createScramUser(String user, String password) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, plaintextBootstrap()))) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(
                            user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot create SCRAM user " + user, e);
        }
        awaitLogin(user, password, Duration.ofSeconds(20));
    }

    // The credential reaches the broker's cache through the metadata log shortly after the call returns.
    private void awaitLogin(String user, String password, Duration timeout) {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                saslBootstrap(),
                "security.protocol",
                "SASL_SSL",
                "sasl.mechanism",
                "SCRAM-SHA-512",
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                        + password + "\";",
                "ssl.truststore.location",
                caPem().toString(),
                "ssl.truststore.type",
                "PEM");
        AtomicReference<ExecutionException> lastRefusal = new AtomicReference<>();
        try {
            Awaitility.await("SCRAM login of " + user)
                    .atMost(timeout)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> logsIn(config, user, lastRefusal));
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("SCRAM user " + user + " cannot log in", lastRefusal.get());
        }
    }

    /** False while the broker refuses the login (the credential has not reached it yet); other failures throw. */
    private boolean logsIn(Map<String, Object> config, String user, AtomicReference<ExecutionException> lastRefusal) {
        try (Admin admin = Admin.create(config)) {
            admin.describeCluster().nodes().get(10, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof SaslAuthenticationException)) {
                throw new IllegalStateException("SCRAM user " + user + " cannot log in", e);
            }
            lastRefusal.set(e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("The SASL listener at " + saslBootstrap() + " did not answer", e);
        }
    }
}
