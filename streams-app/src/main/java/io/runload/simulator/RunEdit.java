package io.runload.simulator;

import io.runload.avro.PlannedType;
import io.runload.avro.RunEvent;
import io.runload.avro.RunOp;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Something that happens to an uploaded run afterwards: a second upload of it, a re-send, a
 * deletion or a relabelling.
 */
public record RunEdit(PlannedRun run, Kind kind, Instant emitAt, PlannedType newLabel) {

    public enum Kind {
        /** The same run uploaded by Strava: other ids, trimmed start, recomputed distance, no HR. */
        STRAVA_COPY,
        /** The original upload sent again, unchanged. */
        RESEND,
        DELETE,
        /** The athlete changed what the run was planned as. */
        RELABEL
    }

    /** The RunEvent this edit emits, derived from the original recording. */
    RunEvent toRunEvent(RunRecording original) {
        RunEvent upload = original.upsert(run.uploadAt());
        return switch (kind) {
            case RESEND -> upload;
            case DELETE -> {
                RunEvent deletion = copyOf(upload);
                deletion.setOp(RunOp.DELETE);
                deletion.setUpdatedAt(emitAt);
                yield deletion;
            }
            case RELABEL -> {
                RunEvent relabelled = copyOf(upload);
                relabelled.setPlannedType(newLabel);
                relabelled.setUpdatedAt(emitAt);
                yield relabelled;
            }
            case STRAVA_COPY -> stravaCopy(upload);
        };
    }

    /**
     * Strava re-processes the GPS track: the start moves by some seconds and distance and elapsed
     * time by a percent or two, well inside fuzzy-dedup tolerances (5 min, 15%, 10%; docs/domain.md).
     */
    private RunEvent stravaCopy(RunEvent upload) {
        SplittableRandom random = new SplittableRandom(run.seed() ^ 0x5757A7A);
        int startShift = 5 + random.nextInt(40);
        int duration = (int) Math.round(upload.getDurationSec() * DeterministicRandom.uniform(random, 0.975, 0.995));
        double distance =
                Math.round(upload.getDistanceMeters() * DeterministicRandom.uniform(random, 0.975, 1.02) * 10) / 10.0;
        RunEvent copy = copyOf(upload);
        copy.setRunId(run.runId().replace("-r", "-s"));
        copy.setSource("strava");
        copy.setExternalId(String.valueOf(10_000_000_000L + Math.floorMod(random.nextLong(), 9_000_000_000L)));
        copy.setStartTime(upload.getStartTime().plusSeconds(startShift));
        copy.setDurationSec(duration);
        copy.setMovingTimeSec(Math.min(duration, upload.getMovingTimeSec()));
        copy.setDistanceMeters(distance);
        copy.setPlannedType(null);
        copy.setUpdatedAt(emitAt);
        return copy;
    }

    /**
     * Field-by-field copy. Avro's builders deep-copy enums through a class lookup that Avro 1.12
     * refuses for packages not listed in org.apache.avro.SERIALIZABLE_PACKAGES.
     */
    private static RunEvent copyOf(RunEvent e) {
        return new RunEvent(
                e.getRunId(),
                e.getAthleteId(),
                e.getSource(),
                e.getExternalId(),
                e.getOp(),
                e.getSport(),
                e.getStartTime(),
                e.getTimezone(),
                e.getDurationSec(),
                e.getMovingTimeSec(),
                e.getDistanceMeters(),
                e.getElevationGainMeters(),
                e.getPlannedType(),
                e.getUpdatedAt());
    }

    static RunEdit after(PlannedRun run, Kind kind, Duration delay) {
        return new RunEdit(run, kind, run.uploadAt().plus(delay), null);
    }
}
