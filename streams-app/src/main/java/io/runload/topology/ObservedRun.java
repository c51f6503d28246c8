package io.runload.topology;

import io.runload.avro.RunEvent;
import io.runload.avro.RunOp;
import io.runload.domain.MinuteBucket;
import io.runload.domain.ProfileHistory;
import io.runload.domain.ResolvedProfile;
import io.runload.domain.RunEffort;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * A run event with its heart-rate effort worked out under the profile of its date: what the run
 * summary step hands to the training-load step, inside one task (never serialized).
 *
 * @param effort null when no heart rate was recorded for the run, or for a delete
 * @param minutes the minute buckets {@code effort} was computed from; null when the effort was not
 *     computed from samples now (none, or carried over from an earlier summary)
 */
record ObservedRun(
        RunEvent event,
        ResolvedProfile profile,
        ZoneId zone,
        LocalDate localDate,
        RunEffort effort,
        List<MinuteBucket> minutes) {
    ObservedRun(RunEvent event, ResolvedProfile profile, ZoneId zone, LocalDate localDate, RunEffort effort) {
        this(event, profile, zone, localDate, effort, null);
    }

    /**
     * The run with the profile of its date under {@code history} (the population default without
     * one) and its local date, before any heart rate is attached.
     */
    static ObservedRun of(RunEvent run, ProfileHistory history) {
        ZoneId runZone = run.getTimezone() == null ? null : ZoneId.of(run.getTimezone());
        ResolvedProfile profile =
                history == null ? ProfileHistory.populationDefault() : history.resolveAt(run.getStartTime(), runZone);
        ZoneId zone = runZone != null ? runZone : profile.timezone();
        return new ObservedRun(run, profile, zone, LocalDate.ofInstant(run.getStartTime(), zone), null);
    }

    boolean isDelete() {
        return event.getOp() == RunOp.DELETE;
    }

    long endMillis() {
        return event.getStartTime().toEpochMilli() + event.getDurationSec() * 1000L;
    }
}
