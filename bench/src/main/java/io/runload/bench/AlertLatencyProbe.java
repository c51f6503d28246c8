package io.runload.bench;

import io.runload.avro.AlertType;
import io.runload.avro.AthleteAlert;
import io.runload.serde.SchemaRegistryClient;
import io.runload.serde.SpecificAvroDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Measures, for each injected violation, the time from the producer's send() of the sample that
 * triggers EASY_RUN_TOO_HARD to the alert becoming visible to a read_committed consumer of the
 * alerts topic. The alert carries the triggering sample's event time, which identifies the send.
 *
 * <p>Send time stands in for event time because the violating runs are replayed faster than real
 * time (the rule needs 12+ minutes of a run); in a live run the two are the same moment give or
 * take the device's upload delay, which RunLoad does not control.
 */
final class AlertLatencyProbe implements AutoCloseable {
    private final Map<String, Long> sendMillis = new ConcurrentHashMap<>();
    private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    /** The same latency split at the alert's detectedAt (RunLoad's wall clock when it raised the alert). */
    private final List<Long> untilDetected = Collections.synchronizedList(new ArrayList<>());

    private final List<Long> afterDetected = Collections.synchronizedList(new ArrayList<>());
    private final KafkaConsumer<String, AthleteAlert> consumer;
    private final Thread poller;
    private volatile boolean running = true;
    private volatile int unmatched;

    AlertLatencyProbe(String bootstrap, String alertsTopic, SchemaRegistryClient registry) {
        consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                        10),
                new StringDeserializer(),
                new SpecificAvroDeserializer<>(AthleteAlert.class, registry));
        List<TopicPartition> partitions = consumer.partitionsFor(alertsTopic).stream()
                .map(p -> new TopicPartition(alertsTopic, p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        poller = new Thread(this::poll, "alert-latency-probe");
        poller.start();
    }

    void sent(String athleteId, long eventMillis, long wallMillis) {
        sendMillis.put(athleteId + '|' + eventMillis, wallMillis);
    }

    /** Forgets what was sent and measured so far: the soak measures minute by minute. */
    void reset() {
        sendMillis.clear();
        latencies.clear();
        untilDetected.clear();
        afterDetected.clear();
    }

    int received() {
        return latencies.size();
    }

    int unmatched() {
        return unmatched;
    }

    /** Mean latency in ms of the first and of the last quarter of the alerts, in arrival order: a backlog shows as a rise. */
    long[] firstAndLastQuarterMeans() {
        synchronized (latencies) {
            int quarter = Math.max(1, latencies.size() / 4);
            if (latencies.isEmpty()) {
                return new long[] {0, 0};
            }
            long first = 0;
            long last = 0;
            for (int i = 0; i < quarter; i++) {
                first += latencies.get(i);
                last += latencies.get(latencies.size() - 1 - i);
            }
            return new long[] {first / quarter, last / quarter};
        }
    }

    /** Sorted: send until RunLoad raised the alert (transport, queueing, processing). */
    List<Long> untilDetected() {
        return sorted(untilDetected);
    }

    /** Sorted: raised until visible to a read_committed consumer (the commit, the fetch). */
    List<Long> afterDetected() {
        return sorted(afterDetected);
    }

    private static List<Long> sorted(List<Long> values) {
        synchronized (values) {
            List<Long> copy = new ArrayList<>(values);
            Collections.sort(copy);
            return copy;
        }
    }

    /** Latencies in ms, sorted. */
    List<Long> latencies() {
        return sorted(latencies);
    }

    private void poll() {
        while (running) {
            for (ConsumerRecord<String, AthleteAlert> r : consumer.poll(Duration.ofMillis(20))) {
                long now = System.currentTimeMillis();
                AthleteAlert alert = r.value();
                if (alert.getType() != AlertType.EASY_RUN_TOO_HARD) {
                    continue;
                }
                Long sent = sendMillis.get(
                        alert.getAthleteId() + '|' + alert.getEventTime().toEpochMilli());
                if (sent == null) {
                    unmatched++;
                } else {
                    latencies.add(now - sent);
                    long detected = alert.getDetectedAt().toEpochMilli();
                    untilDetected.add(detected - sent);
                    afterDetected.add(now - detected);
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        poller.join();
        consumer.close();
    }
}
