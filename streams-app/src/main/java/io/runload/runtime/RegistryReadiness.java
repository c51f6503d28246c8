package io.runload.runtime;

import io.runload.avro.AthleteAlert;
import io.runload.avro.ErasureReceipt;
import io.runload.avro.RunSummary;
import io.runload.avro.WeeklyVolume;
import io.runload.serde.RegistryUrl;
import io.runload.serde.SchemaRegistryClient;
import io.runload.serde.SchemaRegistryException;
import io.runload.topology.TopicNames;
import java.time.Duration;
import java.util.Map;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up check that the schema registry answers, by registering (or looking up) the output
 * schemas. An unreachable registry is retried with exponential backoff and logged on every attempt,
 * then start-up fails with a clear error: never a silent hang.
 */
public final class RegistryReadiness {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryReadiness.class);

    private RegistryReadiness() {}

    public static void awaitReachable(
            SchemaRegistryClient registry, String url, TopicNames topics, boolean autoRegister) {
        awaitReachable(registry, url, topics, autoRegister, 6, Duration.ofSeconds(1));
    }

    public static void awaitReachable(
            SchemaRegistryClient registry,
            String url,
            TopicNames topics,
            boolean autoRegister,
            int attempts,
            Duration firstBackoff) {
        String shown = RegistryUrl.redact(url);
        Map<String, Schema> outputs = Map.of(
                topics.runSummaries() + "-value", RunSummary.getClassSchema(),
                topics.weeklyVolume() + "-value", WeeklyVolume.getClassSchema(),
                topics.alerts() + "-value", AthleteAlert.getClassSchema(),
                topics.erasureReceipts() + "-value", ErasureReceipt.getClassSchema());
        Duration backoff = firstBackoff;
        for (int attempt = 1; ; attempt++) {
            try {
                for (var e : outputs.entrySet()) {
                    if (autoRegister) {
                        registry.register(e.getKey(), e.getValue());
                    } else {
                        registry.lookupId(e.getKey(), e.getValue());
                    }
                }
                return;
            } catch (RuntimeException e) {
                if (e instanceof SchemaRegistryException refused
                        && (refused.httpStatus() == 401 || refused.httpStatus() == 403)) {
                    // Waiting does not make wrong credentials right; the message names no secret.
                    throw new IllegalStateException(refused.getMessage(), null);
                }
                if (attempt >= attempts) {
                    throw new IllegalStateException(
                            "Schema registry at " + shown + " is unreachable or rejected RunLoad's schemas after "
                                    + attempts + " attempts: " + RegistryUrl.redact(e.getMessage()),
                            e);
                }
                LOG.warn(
                        "Schema registry at {} not usable (attempt {}/{}): {}; retrying in {} ms",
                        shown,
                        attempt,
                        attempts,
                        RegistryUrl.redact(e.getMessage()),
                        backoff.toMillis());
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(
                            "Interrupted while waiting for the schema registry at " + shown, ie);
                }
                backoff = backoff.multipliedBy(2);
            }
        }
    }
}
