package io.runload.topology;

import io.runload.avro.AthleteProfile;
import io.runload.avro.ErasureReceipt;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Erasure of an athlete (GDPR art. 17): accepted requests clear every state store, and each gives
 * a receipt on the erasure-receipts topic and, for an explicit request, a tombstone on the
 * compacted athlete-profiles topic. See docs/erasure.md for the contract.
 */
final class ErasureTopology {
    private ErasureTopology() {}

    static void build(
            KStream<String, ErasureCommand> erasures, TopologySettings settings, ProfileRevision profileRevision) {
        var topics = settings.topics();
        KStream<String, SpecificRecord> outputs = erasures.process(
                () -> new AthleteErasureProcessor(settings.metrics(), settings.clock(), profileRevision),
                Named.as("athlete-erasure"),
                AthleteErasureProcessor.storeNames());
        outputs.split(Named.as("erasure-output-"))
                .branch(
                        (k, v) -> v instanceof ErasureReceipt,
                        Branched.withConsumer(
                                s -> s.mapValues(v -> (ErasureReceipt) v, Named.as("as-erasure-receipt"))
                                        .to(
                                                topics.erasureReceipts(),
                                                Produced.with(Serdes.String(), settings.serde(ErasureReceipt.class))
                                                        .withName("erasure-receipts-sink")),
                                "receipts"))
                .branch(
                        (k, v) -> v == null,
                        Branched.withConsumer(
                                s -> s.mapValues(v -> (AthleteProfile) null, Named.as("as-profile-tombstone"))
                                        .to(
                                                topics.athleteProfiles(),
                                                Produced.with(Serdes.String(), settings.serde(AthleteProfile.class))
                                                        .withName("profile-tombstones-sink")),
                                "profile-tombstones"))
                .noDefaultBranch();
    }
}
