package io.runload.simulator;

import io.runload.avro.PlannedType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * A run the simulator will record: who, when, where, what effort, and how it reaches the pipeline.
 *
 * @param label            what the athlete planned it as (the RunEvent's plannedType), possibly null
 * @param recordsHeartRate false for a run recorded without a heart-rate sensor
 * @param uploadDelay      from the end of the run to its RunEvent
 * @param lateBy           extra delay of everything (samples and RunEvent), for a watch synced days later
 */
public record PlannedRun(
        SimulatedAthlete athlete,
        String runId,
        String externalId,
        Instant start,
        ZoneId zone,
        LocalDate localDate,
        RunPrescription prescription,
        PlannedType label,
        boolean recordsHeartRate,
        RecordingStyle recordingStyle,
        Duration uploadDelay,
        Duration lateBy,
        long seed) {

    public Instant end() {
        return start.plusSeconds(prescription.durationSec());
    }

    /** When the RunEvent is emitted. */
    public Instant uploadAt() {
        return end().plus(uploadDelay).plus(lateBy);
    }

    /** When the first record of this run is emitted. */
    public Instant firstEmissionAt() {
        return recordsHeartRate ? start.plus(lateBy) : uploadAt();
    }

    public boolean isLate() {
        return !lateBy.isZero();
    }

    PlannedRun withPrescription(RunPrescription newPrescription) {
        return new PlannedRun(
                athlete,
                runId,
                externalId,
                start,
                zone,
                localDate,
                newPrescription,
                label,
                recordsHeartRate,
                recordingStyle,
                uploadDelay,
                lateBy,
                seed);
    }

    PlannedRun withLabel(PlannedType newLabel) {
        return new PlannedRun(
                athlete,
                runId,
                externalId,
                start,
                zone,
                localDate,
                prescription,
                newLabel,
                recordsHeartRate,
                recordingStyle,
                uploadDelay,
                lateBy,
                seed);
    }

    PlannedRun withoutHeartRate() {
        return new PlannedRun(
                athlete,
                runId,
                externalId,
                start,
                zone,
                localDate,
                prescription,
                label,
                false,
                recordingStyle,
                uploadDelay,
                lateBy,
                seed);
    }

    PlannedRun uploadedLate(Duration delay) {
        return new PlannedRun(
                athlete,
                runId,
                externalId,
                start,
                zone,
                localDate,
                prescription,
                label,
                recordsHeartRate,
                recordingStyle,
                uploadDelay,
                delay,
                seed);
    }
}
