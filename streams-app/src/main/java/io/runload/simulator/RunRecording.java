package io.runload.simulator;

import static io.runload.simulator.DeterministicRandom.uniform;

import io.runload.avro.AthleteProfile;
import io.runload.avro.HeartRateSample;
import io.runload.avro.RunEvent;
import io.runload.avro.RunOp;
import io.runload.avro.Sport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Second-by-second simulation of one run: heart rate that lags behind effort, drifts and is
 * noisy; speed and cadence that follow effort; and what the device records of it.
 *
 * <p>The same {@link PlannedRun} always gives the same recording, which is how a duplicate or an
 * edited upload can be derived from the original without keeping the original in memory.
 */
public final class RunRecording {

    /** FIT's uint8 "invalid" heart rate (docs/domain.md, "Data the pipeline must survive"). */
    public static final int FIT_INVALID_BPM = 255;

    private static final double PRE_RUN_HRR_MIN = 0.28;
    private static final double PRE_RUN_HRR_MAX = 0.36;
    /** HR follows a rise in effort in about half a minute and falls back a little slower. */
    private static final double RISE_TAU_SEC = 30;

    private static final double FALL_TAU_SEC = 45;
    /** Cardiac drift is counted from the end of the warm-up window the alert rules skip. */
    private static final int DRIFT_ONSET_SEC = 600;

    private final PlannedRun run;
    private final List<HeartRateSample> samples;
    private final int movingTimeSec;
    private final double distanceMeters;
    private final double elevationGainMeters;

    private RunRecording(
            PlannedRun run,
            List<HeartRateSample> samples,
            int movingTimeSec,
            double distanceMeters,
            double elevationGainMeters) {
        this.run = run;
        this.samples = samples;
        this.movingTimeSec = movingTimeSec;
        this.distanceMeters = distanceMeters;
        this.elevationGainMeters = elevationGainMeters;
    }

    public static RunRecording of(PlannedRun run) {
        SimulatedAthlete athlete = run.athlete();
        AthleteProfile profile = athlete.profileOn(run.localDate());
        int restingHr = profile.getRestingHr();
        int maxHr = profile.getMaxHr();
        double reserve = maxHr - restingHr;
        RunPrescription prescription = run.prescription();
        RecordingStyle style = run.recordingStyle();
        SplittableRandom random = new SplittableRandom(run.seed());

        int duration = prescription.durationSec();
        int warmUpSec = 300 + random.nextInt(181);
        double hrr = uniform(random, PRE_RUN_HRR_MIN, PRE_RUN_HRR_MAX);
        int dropoutStart = Integer.MAX_VALUE;
        int dropoutEnd = Integer.MAX_VALUE;
        if (random.nextDouble() < style.dropoutChancePerRun() && duration > 1200) {
            dropoutStart = 600 + random.nextInt(duration - 1200);
            dropoutEnd = dropoutStart + 20 + random.nextInt(71);
        }
        int invalidAt = random.nextDouble() < style.invalidChancePerRun() && duration > 240
                ? 60 + random.nextInt(duration - 120)
                : Integer.MAX_VALUE;
        String runIdOnSamples = athlete.samplesCarryRunId() ? run.runId() : null;

        List<HeartRateSample> samples = new ArrayList<>(run.recordsHeartRate() ? duration : 0);
        double hrNoise = 0;
        double speedNoise = 0;
        double distance = 0;
        int moving = 0;
        int nextRecorded = 0;
        int segmentIndex = 0;
        int segmentEnd = prescription.segments().get(0).seconds();
        for (int t = 0; t < duration; t++) {
            while (t >= segmentEnd) {
                segmentIndex++;
                segmentEnd += prescription.segments().get(segmentIndex).seconds();
            }
            EffortSegment segment = prescription.segments().get(segmentIndex);
            double target = segment.isMoving()
                    ? segment.hrrFraction()
                            + prescription.hrrOffset()
                            + prescription.driftPerHour() * Math.max(0, t - DRIFT_ONSET_SEC) / 3600.0
                    : segment.hrrFraction();
            // The warm-up rise takes its 5-8 minutes because the first time constant is a third of it.
            double tau = t < warmUpSec ? warmUpSec / 3.0 : (target > hrr ? RISE_TAU_SEC : FALL_TAU_SEC);
            hrr += (target - hrr) * (1 - Math.exp(-1 / tau));
            hrNoise = 0.85 * hrNoise + 0.75 * random.nextGaussian();
            int bpm = (int) Math.round(restingHr + hrr * reserve + hrNoise);
            bpm = Math.max(restingHr + 10, Math.min(maxHr + 2, bpm));

            double speed = 0;
            int cadence = 0;
            if (segment.isMoving()) {
                speedNoise = 0.95 * speedNoise + 0.01 * random.nextGaussian();
                speed = athlete.easySpeedMps() * segment.speedFactor() * (1 + speedNoise);
                // About 165 spm at 2.5 m/s and 180 spm at 4.5 m/s.
                cadence =
                        (int) Math.round(148 + 7.5 * speed + athlete.cadenceOffsetSpm() + 1.5 * random.nextGaussian());
                cadence = Math.max(150, Math.min(195, cadence));
                moving++;
            }
            distance += speed;

            boolean inDropout = t >= dropoutStart && t < dropoutEnd;
            if (run.recordsHeartRate() && t == nextRecorded && !inDropout) {
                int recordedBpm = t >= invalidAt ? FIT_INVALID_BPM : bpm;
                if (t >= invalidAt) {
                    invalidAt = Integer.MAX_VALUE;
                }
                samples.add(new HeartRateSample(
                        athlete.athleteId(),
                        runIdOnSamples,
                        athlete.deviceId(),
                        athlete.source(),
                        run.start().plusSeconds(t),
                        recordedBpm,
                        Math.round(speed * 1000) / 1000.0,
                        cadence,
                        athlete.chestStrap() ? rrIntervals(bpm, random) : null,
                        run.label()));
                nextRecorded = t
                        + (random.nextDouble() < style.gapChancePerSecond()
                                ? style.minGapSec() + random.nextInt(style.maxGapSec() - style.minGapSec() + 1)
                                : 1);
            } else if (inDropout || t > nextRecorded) {
                nextRecorded = t + 1;
            }
        }
        double elevation = distance / 1000 * athlete.climbPerKm() * uniform(random, 0.8, 1.2);
        return new RunRecording(
                run, samples, moving, Math.round(distance * 10) / 10.0, Math.round(elevation * 10) / 10.0);
    }

    /** Beats in one second of a chest-strap recording, with a little beat-to-beat variability. */
    private static List<Integer> rrIntervals(int bpm, SplittableRandom random) {
        double meanMs = 60_000.0 / bpm;
        int beats = Math.max(1, (int) Math.floor(bpm / 60.0 + random.nextDouble()));
        List<Integer> intervals = new ArrayList<>(beats);
        for (int beat = 0; beat < beats; beat++) {
            intervals.add((int) Math.round(meanMs + 8 * random.nextGaussian()));
        }
        return intervals;
    }

    public PlannedRun run() {
        return run;
    }

    /** Samples in event-time order; empty for a run without a heart-rate sensor. */
    public List<HeartRateSample> samples() {
        return samples;
    }

    public int movingTimeSec() {
        return movingTimeSec;
    }

    public double distanceMeters() {
        return distanceMeters;
    }

    /** The upload as the athlete's own source reports it. */
    public RunEvent upsert(Instant updatedAt) {
        return new RunEvent(
                run.runId(),
                run.athlete().athleteId(),
                run.athlete().source(),
                run.externalId(),
                RunOp.UPSERT,
                Sport.RUN,
                run.start(),
                run.zone().getId(),
                run.prescription().durationSec(),
                movingTimeSec,
                distanceMeters,
                elevationGainMeters,
                run.label(),
                updatedAt);
    }
}
