package io.runload.reliability;

import io.runload.avro.AthleteAlert;
import io.runload.avro.RunSummary;
import io.runload.avro.WeeklyVolume;
import io.runload.serde.SchemaRegistryClient;
import io.runload.serde.SpecificAvroDeserializer;
import io.runload.topology.DeadLetterHeaders;
import io.runload.topology.TopicNames;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.header.Headers;

/**
 * Every record RunLoad published, decoded into comparable text and grouped per output topic and
 * athlete, in publication order. Within one athlete the order is deterministic, so two runs of the
 * same history must give equal objects; a replayed or lost record shows up as a difference.
 *
 * <p>Two fields are not a function of the input and are left out: an alert's {@code detectedAt}
 * (wall clock; the evidence map is compared sorted, its wire order is not fixed) and a dead-letter record's source partition and offset (they differ between the
 * broker and the test driver; the crash test checks their uniqueness separately).
 */
final class PublishedOutputs {
    static final String SUMMARIES = "run-summaries";
    static final String WEEKS = "weekly-volume";
    static final String ALERTS = "alerts";
    static final String DEAD_LETTERS = "dlq";

    private final Map<String, Map<String, List<String>>> byTopicAndAthlete = new TreeMap<>();
    private final List<String> deadLetterOrigins = new ArrayList<>();
    private final Map<String, String> latest = new TreeMap<>();
    private final TopicNames topics;
    private final SpecificAvroDeserializer<RunSummary> summaries;
    private final SpecificAvroDeserializer<WeeklyVolume> weeks;
    private final SpecificAvroDeserializer<AthleteAlert> alerts;

    PublishedOutputs(TopicNames topics, SchemaRegistryClient registry) {
        this.topics = topics;
        summaries = new SpecificAvroDeserializer<>(RunSummary.class, registry);
        weeks = new SpecificAvroDeserializer<>(WeeklyVolume.class, registry);
        alerts = new SpecificAvroDeserializer<>(AthleteAlert.class, registry);
    }

    /** The logical name of an output topic, or null for anything else. */
    String logical(String topic) {
        if (topic.equals(topics.runSummaries())) {
            return SUMMARIES;
        }
        if (topic.equals(topics.weeklyVolume())) {
            return WEEKS;
        }
        if (topic.equals(topics.alerts())) {
            return ALERTS;
        }
        if (topic.equals(topics.deadLetters())) {
            return DEAD_LETTERS;
        }
        return null;
    }

    void add(String topic, byte[] key, byte[] value, Headers headers) {
        String name = logical(topic);
        String athlete = key == null ? "<null>" : new String(key, StandardCharsets.UTF_8);
        String text = switch (name) {
            case SUMMARIES -> {
                RunSummary summary = summaries.deserialize(topic, value);
                latest.put(name + " " + athlete + " " + summary.getRunId(), summary.toString());
                yield summary.toString();
            }
            case WEEKS -> {
                WeeklyVolume week = weeks.deserialize(topic, value);
                latest.put(name + " " + athlete + " " + week.getWeekStart(), week.toString());
                yield week.toString();
            }
            case ALERTS -> {
                AthleteAlert alert = alerts.deserialize(topic, value);
                alert.setDetectedAt(Instant.EPOCH);
                // The evidence map's wire order follows a JVM-salted Map.copyOf, so compare it sorted.
                alert.setEvidence(new TreeMap<>(alert.getEvidence()));
                latest.put(name + " " + alert.getAlertId(), alert.toString());
                yield alert.toString();
            }
            case DEAD_LETTERS -> {
                String sourceTopic = DeadLetterHeaders.text(headers, DeadLetterHeaders.SOURCE_TOPIC);
                deadLetterOrigins.add(
                        sourceTopic + "/" + DeadLetterHeaders.text(headers, DeadLetterHeaders.SOURCE_PARTITION) + "@"
                                + DeadLetterHeaders.text(headers, DeadLetterHeaders.SOURCE_OFFSET));
                yield DeadLetterHeaders.text(headers, DeadLetterHeaders.REASON) + " " + sourceTopic + " "
                        + (value == null ? "null" : Base64.getEncoder().encodeToString(value));
            }
            default -> throw new IllegalArgumentException("not an output topic: " + topic);
        };
        byTopicAndAthlete
                .computeIfAbsent(name, n -> new TreeMap<>())
                .computeIfAbsent(athlete, a -> new ArrayList<>())
                .add(text);
    }

    /** Per topic, per athlete, the published records in order. */
    Map<String, Map<String, List<String>>> records() {
        return byTopicAndAthlete;
    }

    /**
     * What a consumer that upserts ends up with: the last value per (athlete, runId) summary, per
     * (athlete, weekStart) week, and per alert id.
     */
    Map<String, String> finalValues() {
        return latest;
    }

    int count(String logicalTopic) {
        return byTopicAndAthlete.getOrDefault(logicalTopic, Map.of()).values().stream()
                .mapToInt(List::size)
                .sum();
    }

    Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String t : List.of(SUMMARIES, WEEKS, ALERTS, DEAD_LETTERS)) {
            counts.put(t, count(t));
        }
        return counts;
    }

    /** Source topic/partition@offset of every dead-letter record, as read. */
    List<String> deadLetterOrigins() {
        return deadLetterOrigins;
    }

    /** How {@code actual} differs from {@code expected}, counting each (topic, athlete, record) as a multiset. */
    static Discrepancy compare(PublishedOutputs expected, PublishedOutputs actual) {
        Map<String, Integer> balance = new TreeMap<>();
        expected.records()
                .forEach((t, perAthlete) -> perAthlete.forEach(
                        (a, list) -> list.forEach(r -> balance.merge(t + "|" + a + "|" + r, 1, Integer::sum))));
        actual.records()
                .forEach((t, perAthlete) -> perAthlete.forEach(
                        (a, list) -> list.forEach(r -> balance.merge(t + "|" + a + "|" + r, -1, Integer::sum))));
        int missing = balance.values().stream()
                .filter(v -> v > 0)
                .mapToInt(Integer::intValue)
                .sum();
        int duplicated = -balance.values().stream()
                .filter(v -> v < 0)
                .mapToInt(Integer::intValue)
                .sum();
        List<String> examples = balance.entrySet().stream()
                .filter(e -> e.getValue() != 0)
                .limit(12)
                .map(e -> (e.getValue() > 0 ? "missing " : "extra ") + e.getKey())
                .toList();
        return new Discrepancy(missing, duplicated, examples);
    }

    /** Records expected but not published, records published more often than expected, and a few examples. */
    record Discrepancy(int missing, int duplicated, List<String> examples) {}
}
