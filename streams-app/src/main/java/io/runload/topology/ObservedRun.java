package io.runload.topology;

import io.runload.avro.RunEvent;
import io.runload.avro.RunOp;
import io.runload.domain.ResolvedProfile;
import io.runload.domain.RunEffort;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * A run event with its heart-rate effort worked out under the profile of its date: what the run
 * summary step hands to the training-load step, inside one task (never serialized).
 *
 * @param effort null when no heart rate was recorded for the run, or for a delete
 */
record ObservedRun(RunEvent event, ResolvedProfile profile, ZoneId zone, LocalDate localDate, RunEffort effort) {
    boolean isDelete() {
        return event.getOp() == RunOp.DELETE;
    }

    long endMillis() {
        return event.getStartTime().toEpochMilli() + event.getDurationSec() * 1000L;
    }
}
