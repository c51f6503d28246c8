package io.runload.bench;

import io.runload.avro.HeartRateSample;
import java.time.Instant;

/**
 * An easy run that turns hard: a 10-minute warm-up around 132 bpm (below the 151 bpm easy ceiling),
 * then around 172 bpm. The live EASY_RUN_TOO_HARD rule fires once more than half of the last five
 * minutes is above the ceiling, i.e. about 2.5 minutes (event time) into the hard part.
 */
final class EasyRunTurningHard {
    static final int WARM_UP_SECONDS = 600;
    /** Long enough for the rule to fire with a margin; the alert is expected at about 750 s. */
    static final int SECONDS = 840;

    private EasyRunTurningHard() {}

    static void sample(HeartRateSample into, String athleteId, String runId, long runStartMillis, int t) {
        into.setAthleteId(athleteId);
        into.setRunId(runId);
        into.setDeviceId("strap-1");
        into.setSource("polar");
        into.setEventTime(Instant.ofEpochMilli(runStartMillis + t * 1000L));
        int noise = (t * 13) % 5 - 2;
        into.setBpm((t < WARM_UP_SECONDS ? 132 : 172) + noise);
        into.setSpeedMps(t < WARM_UP_SECONDS ? 2.8 : 3.9);
        into.setCadenceSpm(t < WARM_UP_SECONDS ? 166 : 182);
        into.setRrIntervalsMs(null);
        into.setPlannedType(null);
    }
}
