package io.runload.runtime;

import io.runload.avro.AthleteAlert;
import io.runload.avro.ErasureReceipt;
import io.runload.avro.RunSummary;
import io.runload.avro.WeeklyVolume;
import io.runload.serde.SchemaRegistryClient;
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

    public static void awaitReachable(SchemaRegistryClient registry, String url, TopicNames topics, boolean autoRegister) {
        awaitReachable(registry, url, topics, autoRegister, 6, Duration.ofSeconds(1));
    }

    public static void awaitReachable(SchemaRegistryClient registry, String url, TopicNames topics, boolean autoRegister,
                                      int attempts, Duration firstBackoff) {
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
                if (attempt >= attempts) {
                    throw new IllegalStateException("Schema registry at " + url + " is unreachable or rejected RunLoad's schemas after "
                            + attempts + " attempts: " + e.getMessage(), e);
                }
                LOG.warn("Schema registry at {} not usable (attempt {}/{}): {}; retrying in {} ms", url, attempt, attempts,
                        e.getMessage(), backoff.toMillis());
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for the schema registry at " + url, ie);
                }
                backoff = backoff.multipliedBy(2);
            }
        }
    }
}
