package io.runload.domain;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Rules that make a single input record impossible, independent of any state. Each failure is a
 * short machine-readable reason: it becomes the dead-letter header and the metric label.
 */
public final class InputPlausibility {
    /** FIT encodes "no heart rate" in a uint8 as 255 (docs/domain.md, "Data the pipeline must survive"). */
    public static final int FIT_INVALID_HR = 255;
    /** docs/domain.md: reject bpm < 30 or > 230. */
    public static final int MIN_BPM = 30;

    public static final int MAX_BPM = 230;
    /** Device clocks drift, but a record more than a day ahead of the wall clock is wrong. */
    public static final long MAX_FUTURE_MILLIS = 24L * 3600 * 1000;
    /** 2000-01-01T00:00Z: nothing older comes from a heart-rate wearable; a 1970 time is a reset clock. */
    public static final long MIN_EVENT_TIME_MILLIS = 946_684_800_000L;
    /** Faster than any human runs (about 12.4 m/s peak sprint). */
    public static final double MAX_SPEED_MPS = 13.0;

    public static final int MAX_CADENCE_SPM = 300;
    /** A single activity longer than this is a recording left running, not a run. */
    public static final int MAX_RUN_DURATION_SEC = 7 * 24 * 3600;

    private InputPlausibility() {}

    public static Optional<String> eventTime(long eventTimeMillis, long nowMillis) {
        if (eventTimeMillis > nowMillis + MAX_FUTURE_MILLIS) {
            return Optional.of("timestamp_in_future");
        }
        if (eventTimeMillis < MIN_EVENT_TIME_MILLIS) {
            return Optional.of("timestamp_too_old");
        }
        return Optional.empty();
    }

    public static Optional<String> sample(
            int bpm, Double speedMps, Integer cadenceSpm, long eventTimeMillis, long nowMillis) {
        if (bpm == FIT_INVALID_HR) {
            return Optional.of("hr_invalid_sentinel");
        }
        if (bpm < MIN_BPM || bpm > MAX_BPM) {
            return Optional.of("bpm_out_of_range");
        }
        if (speedMps != null && (speedMps.isNaN() || speedMps < 0 || speedMps > MAX_SPEED_MPS)) {
            return Optional.of("speed_out_of_range");
        }
        if (cadenceSpm != null && (cadenceSpm < 0 || cadenceSpm > MAX_CADENCE_SPM)) {
            return Optional.of("cadence_out_of_range");
        }
        return eventTime(eventTimeMillis, nowMillis);
    }

    public static Optional<String> run(
            String runId,
            String externalId,
            long startMillis,
            int durationSec,
            Integer movingTimeSec,
            double distanceMeters,
            String timezone,
            boolean delete,
            long nowMillis) {
        if (runId == null || runId.isBlank()) {
            return Optional.of("missing_run_id");
        }
        if (externalId == null || externalId.isBlank()) {
            return Optional.of("missing_external_id");
        }
        Optional<String> time = eventTime(startMillis, nowMillis);
        if (time.isPresent()) {
            return time;
        }
        if (delete) {
            return Optional.empty();
        }
        if (Double.isNaN(distanceMeters) || distanceMeters < 0) {
            return Optional.of("negative_distance");
        }
        if (durationSec <= 0 || durationSec > MAX_RUN_DURATION_SEC) {
            return Optional.of("duration_out_of_range");
        }
        if (movingTimeSec != null && (movingTimeSec < 0 || movingTimeSec > durationSec)) {
            return Optional.of("moving_time_out_of_range");
        }
        int moving = movingTimeSec == null || movingTimeSec == 0 ? durationSec : movingTimeSec;
        if (distanceMeters / moving > MAX_SPEED_MPS) {
            return Optional.of("impossible_pace");
        }
        if (timezone != null && !validZone(timezone)) {
            return Optional.of("invalid_timezone");
        }
        return Optional.empty();
    }

    public static boolean validZone(String zone) {
        try {
            ZoneId.of(zone);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }
}
