package io.runload.topology;

import io.runload.avro.ErasureOrigin;
import io.runload.metrics.RunLoadMetrics;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A tombstone on the athlete-profiles topic: the upstream profile service deleted the athlete, so
 * RunLoad erases it. The tombstone RunLoad itself writes when it erases on an explicit request
 * carries {@link #ERASURE_HEADER} and is only the echo of that erasure: it is counted and dropped,
 * so that data the athlete sends after the erasure is not erased a second time.
 */
final class ProfileTombstoneProcessor extends ContextualProcessor<byte[], byte[], String, ErasureCommand> {
    /** Header on the profile tombstones RunLoad writes; its value is the erasure's request id. */
    static final String ERASURE_HEADER = "runload.erasure";

    static final String INPUT = "athlete-profiles";

    private final RunLoadMetrics metrics;

    ProfileTombstoneProcessor(RunLoadMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        String key = ValidatingProcessor.athleteId(record.key());
        metrics.accepted(INPUT);
        if (record.headers().lastHeader(ERASURE_HEADER) != null) {
            metrics.dropped(INPUT, "erasure_echo");
            return;
        }
        String requestId = context()
                .recordMetadata()
                .map(m -> "profile-tombstone:" + m.topic() + "-" + m.partition() + "@" + m.offset())
                .orElse("profile-tombstone");
        context()
                .forward(new Record<>(
                        key,
                        new ErasureCommand(key, requestId, record.timestamp(), ErasureOrigin.PROFILE_TOMBSTONE),
                        record.timestamp()));
    }
}
