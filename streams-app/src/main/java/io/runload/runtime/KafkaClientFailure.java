package io.runload.runtime;

import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * Turns a Kafka client's failure into one line that says what went wrong and where: rejected
 * credentials, a failed TLS handshake, a denied operation, or a cluster that does not answer. The
 * line names the user and the mechanism, never a password or key: any secret value of the client
 * settings that a message might echo is hidden.
 */
public final class KafkaClientFailure {
    private KafkaClientFailure() {}

    /**
     * The exception to throw for a failure of {@code action} (e.g. "create RunLoad topics").
     * Wrong credentials and TLS failures are configuration errors ({@link ConfigException}, one line,
     * no cause attached); anything else keeps its cause for the debug log.
     */
    public static RuntimeException describe(
            String action, Throwable failure, KafkaClientSettings client, String bootstrap) {
        String security = client.describeSecurity();
        for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SslAuthenticationException) {
                return new ConfigException("Kafka TLS handshake failed at " + bootstrap + " (" + security + "): "
                        + deepestMessage(c, client));
            }
            if (c instanceof SaslAuthenticationException || c instanceof AuthenticationException) {
                String mechanism = client.saslMechanism().orElse(client.securityProtocol());
                String user = client.saslUser().map(u -> " user '" + u + "'").orElse("");
                return new ConfigException("Kafka authentication failed for " + mechanism + user + " at " + bootstrap
                        + ": " + message(c, client));
            }
            if (c instanceof AuthorizationException) {
                return new IllegalStateException(
                        "Kafka at " + bootstrap + " (" + security + ") denied RunLoad to " + action + ": "
                                + message(c, client),
                        failure);
            }
            if (c instanceof TimeoutException || c instanceof org.apache.kafka.common.errors.TimeoutException) {
                // A client timeout can also mean a missing topic ("Topic ... not present in metadata"): keep its words.
                String detail = c.getMessage() == null
                        ? "check the address, and that this listener expects " + client.securityProtocol()
                        : message(c, client);
                return new IllegalStateException(
                        "Kafka at " + bootstrap + " did not answer while trying to " + action + " (" + security + "): "
                                + detail,
                        failure);
            }
        }
        Throwable root = failure;
        while (root.getCause() != null
                && root.getCause() != root
                && (root instanceof java.util.concurrent.ExecutionException || root.getMessage() == null)) {
            root = root.getCause();
        }
        return new IllegalStateException(
                "Cannot " + action + " at " + bootstrap + " (" + security + "): "
                        + root.getClass().getSimpleName()
                        + (root.getMessage() == null ? "" : ": " + message(root, client)),
                failure);
    }

    private static String message(Throwable t, KafkaClientSettings client) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return SecretRedaction.scrub(m, client.secretValues()).replace('\n', ' ');
    }

    /** TLS failures say the useful part (an unknown CA, a wrong host name) in their innermost cause. */
    private static String deepestMessage(Throwable t, KafkaClientSettings client) {
        Throwable deepest = t;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        String outer = message(t, client);
        String inner = message(deepest, client);
        return deepest == t || outer.contains(inner) ? outer : outer + ": " + inner;
    }
}
