package io.runload.topology;

import io.runload.avro.AthleteProfile;
import io.runload.avro.ErasureRequest;
import io.runload.avro.HeartRateSample;
import io.runload.avro.PlannedType;
import io.runload.avro.RunEvent;
import io.runload.avro.RunOp;
import io.runload.domain.InputPlausibility;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/**
 * Reads the input topics as bytes and turns each into a stream of valid, typed records keyed
 * by athleteId. Everything else is rejected to the dead-letter topic by the processing exception
 * handler, with its original bytes and a reason.
 *
 * <p>Enum symbols that exist only as resolution defaults for newer producers' symbols are settled
 * here, so nothing downstream (state, outputs) ever holds them: a {@code RunOp.UNKNOWN} event is
 * rejected, and a {@code PlannedType.OTHER} plan is treated as no plan given and counted.
 */
public final class InputValidationTopology {

    /** The validated inputs, for the analytics topologies to build on. */
    public record ValidatedInputs(
            KStream<String, HeartRateSample> samples,
            KStream<String, RunEvent> runs,
            KStream<String, AthleteProfile> profiles,
            KStream<String, ErasureCommand> erasures) {}

    private InputValidationTopology() {}

    public static ValidatedInputs build(StreamsBuilder builder, TopologySettings settings) {
        var topics = settings.topics();
        var metrics = settings.metrics();
        KStream<String, HeartRateSample> samples = validated(
                builder,
                settings,
                topics.hrSamples(),
                "hr-samples",
                HeartRateSample.class,
                InputValidationTopology::checkSample,
                s -> {
                    if (s.getPlannedType() == PlannedType.OTHER) {
                        metrics.unknownSymbol("hr-samples", "plannedType");
                        s.setPlannedType(null);
                    }
                    return s;
                });
        KStream<String, RunEvent> runs = validated(
                builder, settings, topics.runs(), "runs", RunEvent.class, InputValidationTopology::checkRun, r -> {
                    if (r.getPlannedType() == PlannedType.OTHER) {
                        metrics.unknownSymbol("runs", "plannedType");
                        r.setPlannedType(null);
                    }
                    return r;
                });
        // A profile tombstone is an erasure request (docs/erasure.md), not a profile without a value.
        KStream<byte[], byte[]> profileRecords = source(builder, topics.athleteProfiles(), "athlete-profiles");
        KStream<String, AthleteProfile> profiles = validate(
                profileRecords.filter((k, v) -> v != null, Named.as("athlete-profiles-values")),
                settings,
                "athlete-profiles",
                AthleteProfile.class,
                InputValidationTopology::checkProfile,
                UnaryOperator.identity());
        KStream<String, ErasureCommand> erasures = validated(
                        builder,
                        settings,
                        topics.erasures(),
                        "erasures",
                        ErasureRequest.class,
                        InputValidationTopology::checkErasure,
                        UnaryOperator.identity())
                .mapValues(ErasureCommand::of, Named.as("erasure-requests"))
                .merge(
                        profileRecords
                                .filter((k, v) -> v == null, Named.as("athlete-profiles-tombstones"))
                                .process(
                                        () -> new ProfileTombstoneProcessor(settings.metrics()),
                                        Named.as("profile-tombstone-erasures")),
                        Named.as("merge-erasures"));
        return new ValidatedInputs(samples, runs, profiles, erasures);
    }

    private static <T extends SpecificRecord> KStream<String, T> validated(
            StreamsBuilder builder,
            TopologySettings settings,
            String topic,
            String input,
            Class<T> type,
            ValidatingProcessor.Rules<T> rules,
            UnaryOperator<T> normalise) {
        return validate(source(builder, topic, input), settings, input, type, rules, normalise);
    }

    private static KStream<byte[], byte[]> source(StreamsBuilder builder, String topic, String input) {
        return builder.stream(
                topic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(input + "-source"));
    }

    private static <T extends SpecificRecord> KStream<String, T> validate(
            KStream<byte[], byte[]> records,
            TopologySettings settings,
            String input,
            Class<T> type,
            ValidatingProcessor.Rules<T> rules,
            UnaryOperator<T> normalise) {
        var deserializer = settings.serde(type).deserializer();
        return records.process(
                () -> new ValidatingProcessor<>(
                        input,
                        deserializer,
                        rules,
                        normalise,
                        settings.metrics(),
                        settings.clock(),
                        settings.maxRecordBytes()),
                Named.as("validate-" + input));
    }

    static Optional<String> checkSample(String key, HeartRateSample s, long now) {
        if (!key.equals(s.getAthleteId())) {
            return Optional.of("key_mismatch");
        }
        return InputPlausibility.sample(
                s.getBpm(), s.getSpeedMps(), s.getCadenceSpm(), s.getEventTime().toEpochMilli(), now);
    }

    static Optional<String> checkRun(String key, RunEvent r, long now) {
        if (!key.equals(r.getAthleteId())) {
            return Optional.of("key_mismatch");
        }
        if (r.getOp() == RunOp.UNKNOWN) {
            // A newer producer's operation: guessing upsert or delete could corrupt the ledger.
            return Optional.of("unknown_run_op");
        }
        return InputPlausibility.run(
                r.getRunId(),
                r.getExternalId(),
                r.getStartTime().toEpochMilli(),
                r.getDurationSec(),
                r.getMovingTimeSec(),
                r.getDistanceMeters(),
                r.getTimezone(),
                r.getOp() == RunOp.DELETE,
                now);
    }

    static Optional<String> checkProfile(String key, AthleteProfile p, long now) {
        if (!key.equals(p.getAthleteId())) {
            return Optional.of("key_mismatch");
        }
        if (!InputPlausibility.validZone(p.getTimezone())) {
            return Optional.of("invalid_timezone");
        }
        return ProfileMapping.toVersion(p).impossibility();
    }

    static Optional<String> checkErasure(String key, ErasureRequest e, long now) {
        if (!key.equals(e.getAthleteId())) {
            return Optional.of("key_mismatch");
        }
        return e.getRequestId().isBlank() ? Optional.of("missing_request_id") : Optional.empty();
    }
}
