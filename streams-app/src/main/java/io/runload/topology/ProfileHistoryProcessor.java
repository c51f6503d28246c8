package io.runload.topology;

import io.runload.avro.AthleteProfile;
import io.runload.domain.ProfileHistory;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps every version of an athlete's profile, not just the latest, because each activity must be
 * judged with the profile that was in force on its date.
 */
final class ProfileHistoryProcessor implements Processor<String, AthleteProfile, Void, Void> {
    private final ProfileRevision revision;
    private KeyValueStore<String, ProfileHistory> histories;

    ProfileHistoryProcessor(ProfileRevision revision) {
        this.revision = revision;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        histories = context.getStateStore(StoreNames.PROFILE_HISTORY);
    }

    @Override
    public void process(Record<String, AthleteProfile> record) {
        ProfileHistory history = histories.get(record.key());
        if (history == null) {
            history = new ProfileHistory();
        }
        history.upsert(ProfileMapping.toVersion(record.value()));
        histories.put(record.key(), history);
        revision.advance();
    }
}
