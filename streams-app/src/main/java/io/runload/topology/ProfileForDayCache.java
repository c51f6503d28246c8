package io.runload.topology;

import io.runload.domain.ProfileForDay;
import io.runload.domain.ProfileHistory;
import io.runload.domain.ResolvedProfile;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The profile of each athlete's current local day, for the per-sample path, which would otherwise
 * decode the profile history and resolve it on every sample. Everything is dropped when
 * {@link ProfileRevision} moves, so a profile update is seen by the very next sample of the task.
 */
final class ProfileForDayCache {
    private final KeyValueStore<String, ProfileHistory> histories;
    private final ProfileRevision revision;
    private final Map<String, ProfileForDay> days;
    private long seenRevision;

    ProfileForDayCache(KeyValueStore<String, ProfileHistory> histories, ProfileRevision revision, int capacity) {
        this.histories = histories;
        this.revision = revision;
        this.seenRevision = revision.current();
        this.days = LeastRecentlyUsed.map(capacity);
    }

    ResolvedProfile at(String athleteId, long epochMillis) {
        long current = revision.current();
        if (current != seenRevision) {
            days.clear();
            seenRevision = current;
        }
        ProfileForDay day = days.get(athleteId);
        if (day == null || !day.covers(epochMillis)) {
            ProfileHistory history = histories.get(athleteId);
            day = history == null
                    ? ProfileForDay.populationDefault()
                    : history.resolveDayAt(Instant.ofEpochMilli(epochMillis));
            days.put(athleteId, day);
        }
        return day.profile();
    }
}
