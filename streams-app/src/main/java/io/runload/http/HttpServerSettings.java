package io.runload.http;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How the HTTP listeners are bound, bounded and secured.
 *
 * @param host             address of the API and dashboard listener
 * @param port             its port; 0 picks a free one
 * @param managementHost   address of the management listener (metrics, health)
 * @param managementPort   its own port, or empty to serve management routes on the API listener
 * @param auth             who may read athlete data
 * @param apiKeysFile      hashed bearer keys, one {@code name:sha256-hex} a line; re-read when it changes
 * @param jwt              JWKS URL, issuer and audience of accepted bearer JWTs, if any
 * @param peerSecretFile   shared secret that instances sign relayed queries with; re-read when it changes
 * @param tls              TLS of the API listener (and of relays to peers), or empty for plain HTTP
 * @param idleTimeout      a connection silent this long is closed
 * @param headerTimeout    a new connection must deliver a complete request head within this
 * @param requestTimeout   longest a query may take, relays to peers included
 * @param maxHeaderBytes   largest request line plus headers (larger: 431)
 * @param maxBodyBytes     largest request body (larger: 413); no route reads one
 * @param maxConnections   open connections per listener before new ones wait in the accept queue
 * @param maxThreads       request threads shared by both listeners
 */
public record HttpServerSettings(
        String host,
        int port,
        String managementHost,
        Optional<Integer> managementPort,
        AuthMode auth,
        Optional<Path> apiKeysFile,
        Optional<JwtVerifier.Settings> jwt,
        Optional<Path> peerSecretFile,
        Optional<Tls> tls,
        Duration idleTimeout,
        Duration headerTimeout,
        Duration requestTimeout,
        int maxHeaderBytes,
        long maxBodyBytes,
        int maxConnections,
        int maxThreads) {

    /** Who may read athlete data. */
    public enum AuthMode {
        /** A bearer credential is required: an API key from {@link #apiKeysFile}, or a JWT per {@link #jwt}. */
        KEYS,
        /** Nobody is asked for a credential, because RUNLOAD_API_AUTH=none asked for it by name. */
        NONE,
        /**
         * No credential is configured: nobody is asked for one, which RunLoad allows only on a loopback
         * listener (the demo). Off loopback the API refuses to start.
         */
        UNCONFIGURED;

        /** Whether a request needs a credential. */
        public boolean requiresCredential() {
            return this == KEYS;
        }
    }

    /**
     * Key material of the API listener: a PKCS#12/JKS key store, or a PEM certificate chain and
     * PKCS#8 key. {@code trustPem} names the CA certificates peers' certificates are checked against
     * (empty: the JDK's default trust store).
     */
    public record Tls(
            Optional<Path> keyStore,
            String keyStorePassword,
            Optional<Path> certificatePem,
            Optional<Path> privateKeyPem,
            Optional<Path> trustPem) {
        @Override
        public String toString() {
            // The password stays out of logs and exception messages.
            return "Tls[keyStore=" + keyStore + ", certificatePem=" + certificatePem + ", privateKeyPem="
                    + privateKeyPem + ", trustPem=" + trustPem + "]";
        }
    }

    /** Loopback-only defaults for tests and tools: no auth, plain HTTP, management on the same port. */
    public static HttpServerSettings loopback(int port) {
        return new HttpServerSettings(
                "127.0.0.1",
                port,
                "127.0.0.1",
                Optional.empty(),
                AuthMode.NONE,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Duration.ofSeconds(30),
                Duration.ofSeconds(10),
                Duration.ofSeconds(10),
                8192,
                65_536,
                2048,
                64);
    }

    public HttpServerSettings withAuth(AuthMode mode, Optional<Path> keys, Optional<Path> peerSecret) {
        return new HttpServerSettings(
                host,
                port,
                managementHost,
                managementPort,
                mode,
                keys,
                jwt,
                peerSecret,
                tls,
                idleTimeout,
                headerTimeout,
                requestTimeout,
                maxHeaderBytes,
                maxBodyBytes,
                maxConnections,
                maxThreads);
    }

    public HttpServerSettings withTls(Optional<Tls> newTls) {
        return new HttpServerSettings(
                host,
                port,
                managementHost,
                managementPort,
                auth,
                apiKeysFile,
                jwt,
                peerSecretFile,
                newTls,
                idleTimeout,
                headerTimeout,
                requestTimeout,
                maxHeaderBytes,
                maxBodyBytes,
                maxConnections,
                maxThreads);
    }

    public HttpServerSettings withManagementPort(Optional<Integer> newPort) {
        return new HttpServerSettings(
                host,
                port,
                managementHost,
                newPort,
                auth,
                apiKeysFile,
                jwt,
                peerSecretFile,
                tls,
                idleTimeout,
                headerTimeout,
                requestTimeout,
                maxHeaderBytes,
                maxBodyBytes,
                maxConnections,
                maxThreads);
    }

    public HttpServerSettings withTimeouts(Duration idle, Duration header, Duration request) {
        return new HttpServerSettings(
                host,
                port,
                managementHost,
                managementPort,
                auth,
                apiKeysFile,
                jwt,
                peerSecretFile,
                tls,
                idle,
                header,
                request,
                maxHeaderBytes,
                maxBodyBytes,
                maxConnections,
                maxThreads);
    }
}
