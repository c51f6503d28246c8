package io.runload.activity;

import io.runload.avro.Sport;
import java.time.Instant;
import java.util.List;

/**
 * One running activity read from a file, independent of the file format: a FIT session, a TCX
 * activity or a GPX track. Samples are in time order.
 *
 * @param sessionIndex position of this run among the file's running activities (0-based); part of
 *                     the run's external id, so one multisport file yields distinct runs
 * @param movingTimeSec timer time when the file records it (pauses excluded), else null
 */
public record ActivityRecording(
        ActivityFormat format,
        int sessionIndex,
        Sport sport,
        Instant start,
        int durationSec,
        Integer movingTimeSec,
        double distanceMeters,
        Double elevationGainMeters,
        List<ActivitySample> samples) {

    public ActivityRecording {
        samples = List.copyOf(samples);
    }

    public ActivityRecording withSessionIndex(int index) {
        return new ActivityRecording(
                format, index, sport, start, durationSec, movingTimeSec, distanceMeters, elevationGainMeters, samples);
    }
}
