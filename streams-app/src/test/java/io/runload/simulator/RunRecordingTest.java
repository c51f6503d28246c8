package io.runload.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.runload.avro.HeartRateSample;
import io.runload.avro.RunEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunRecordingTest {

    /** HRR fraction for the test athlete: (bpm - 60) / 130. */
    private static double hrr(HeartRateSample sample) {
        return (sample.getBpm() - 60) / 130.0;
    }

    private static List<HeartRateSample> between(List<HeartRateSample> samples, int fromSec, int toSec) {
        long start = TestAthletes.START.toEpochMilli();
        return samples.stream()
                .filter(s -> s.getEventTime().toEpochMilli() >= start + fromSec * 1000L
                        && s.getEventTime().toEpochMilli() < start + toSec * 1000L)
                .toList();
    }

    private static double meanHrr(List<HeartRateSample> samples) {
        return samples.stream().mapToDouble(RunRecordingTest::hrr).average().orElseThrow();
    }

    private static RunPrescription steady(int seconds, double hrrFraction, double driftPerHour) {
        return new RunPrescription(RunKind.EASY, List.of(EffortSegment.running(seconds, hrrFraction)), driftPerHour, 0);
    }

    /**
     * 45 min at 64% HRR: Z2 is 60-70% HRR, i.e. 60 + 0.6 * 130 = 138 to 60 + 0.7 * 130 = 151 bpm,
     * and the target is 60 + 0.64 * 130 = 143.2 bpm. Drift of 3%/h from minute 10 adds at most
     * 0.03 * 35/60 = 0.0175 by the end.
     */
    @Test
    void fortyFiveMinuteEasyRunAt1HzHas2700SamplesInZone2AfterTheWarmUp() {
        RunRecording recording =
                RunRecording.of(TestAthletes.run(steady(2700, 0.64, 0.03), RecordingStyle.STRICT_ONE_HZ, 1));
        List<HeartRateSample> samples = recording.samples();

        assertThat(samples).hasSize(2700);
        assertThat(samples.get(0).getEventTime()).isEqualTo(TestAthletes.START);
        for (int i = 1; i < samples.size(); i++) {
            assertThat(samples.get(i).getEventTime().toEpochMilli()
                            - samples.get(i - 1).getEventTime().toEpochMilli())
                    .isEqualTo(1000);
        }
        // Warm-up: from about a third of the reserve, rising over 5-8 minutes.
        assertThat(hrr(samples.get(0))).isLessThan(0.42);
        assertThat(meanHrr(between(samples, 60, 120))).isLessThan(0.58);
        List<HeartRateSample> steady = between(samples, 480, 2700);
        assertThat(meanHrr(steady)).isBetween(0.63, 0.66);
        assertThat(steady).allSatisfy(s -> assertThat(hrr(s)).isBetween(0.58, 0.72));
        assertThat(steady.stream().filter(s -> hrr(s) >= 0.60 && hrr(s) < 0.70).count())
                .isGreaterThan(steady.size() * 99 / 100);

        // 3.0 m/s for 2700 s = 8100 m; cadence about 148 + 7.5 * 3.0 = 170.5 spm.
        assertThat(recording.distanceMeters()).isCloseTo(8100, within(160.0));
        assertThat(recording.movingTimeSec()).isEqualTo(2700);
        assertThat(samples).allSatisfy(s -> assertThat(s.getCadenceSpm()).isBetween(162, 179));
        RunEvent event = recording.upsert(TestAthletes.START.plusSeconds(2820));
        assertThat(event.getDurationSec()).isEqualTo(2700);
        assertThat(event.getDistanceMeters()).isEqualTo(recording.distanceMeters());
        assertThat(event.getRunId()).isEqualTo("test-0001-r001");
        assertThat(samples).allSatisfy(s -> assertThat(s.getRunId()).isEqualTo("test-0001-r001"));
    }

    @Test
    void smartRecordingSkipsUpToNineSecondsNowAndThen() {
        RecordingStyle smart = new RecordingStyle(0.004, 2, 9, 0, 0);
        List<HeartRateSample> samples = RunRecording.of(TestAthletes.run(steady(2700, 0.64, 0.03), smart, 2))
                .samples();
        List<Long> gaps = gapsSec(samples);
        assertThat(samples).hasSizeBetween(2550, 2699);
        assertThat(gaps).allSatisfy(gap -> assertThat(gap).isBetween(1L, 9L));
        assertThat(gaps.stream().filter(gap -> gap == 1).count()).isGreaterThan(gaps.size() * 95 / 100);
    }

    @Test
    void aDropoutLeavesOneLongerHole() {
        RecordingStyle dropping = new RecordingStyle(0, 1, 1, 1.0, 0);
        List<Long> gaps = gapsSec(RunRecording.of(TestAthletes.run(steady(3600, 0.64, 0.03), dropping, 3))
                .samples());
        assertThat(gaps.stream().filter(gap -> gap > 1).toList())
                .singleElement()
                .satisfies(gap -> assertThat(gap).isBetween(21L, 91L));
    }

    @Test
    void anInvalidReadingIsTheFitSentinel() {
        RecordingStyle invalid = RecordingStyle.STRICT_ONE_HZ.withInvalidChance(1.0);
        List<HeartRateSample> samples = RunRecording.of(TestAthletes.run(steady(1800, 0.64, 0.03), invalid, 4))
                .samples();
        assertThat(samples).filteredOn(s -> s.getBpm() == 255).hasSize(1);
        assertThat(samples)
                .filteredOn(s -> s.getBpm() != 255)
                .allSatisfy(s -> assertThat(s.getBpm()).isBetween(70, 192));
    }

    /**
     * 10 min at 63%, then 4 x (3 min at 90%, 2 min at 58%). With a 30 s rise time constant, HR is
     * within e^-4 (2%) of 90% after 2 minutes of each rep; speed there is 3.0 * (1 + 1.4 * (0.90 - 0.64))
     * = 4.09 m/s.
     */
    @Test
    void intervalsShowAsHeartRatePeaksAndFasterSpeed() {
        List<EffortSegment> segments = new ArrayList<>();
        segments.add(EffortSegment.running(600, 0.63));
        for (int rep = 0; rep < 4; rep++) {
            segments.add(EffortSegment.running(180, 0.90));
            segments.add(EffortSegment.running(120, 0.58));
        }
        segments.add(EffortSegment.running(300, 0.60));
        List<HeartRateSample> samples = RunRecording.of(TestAthletes.run(
                        new RunPrescription(RunKind.WORKOUT, segments, 0.02, 0), RecordingStyle.STRICT_ONE_HZ, 5))
                .samples();
        for (int rep = 0; rep < 4; rep++) {
            int repStart = 600 + rep * 300;
            List<HeartRateSample> endOfWork = between(samples, repStart + 120, repStart + 180);
            List<HeartRateSample> endOfRecovery = between(samples, repStart + 270, repStart + 300);
            assertThat(meanHrr(endOfWork)).isGreaterThan(0.86);
            assertThat(meanHrr(endOfRecovery)).isLessThan(0.70);
            assertThat(endOfWork.stream()
                            .mapToDouble(HeartRateSample::getSpeedMps)
                            .average()
                            .orElseThrow())
                    .isCloseTo(4.09, within(0.15));
        }
    }

    /**
     * Drift 0.03 HRR/h from minute 10: at minute 20 it adds 0.03 * 10/60 = 0.005, at minute 115
     * 0.03 * 105/60 = 0.0525; the later window should sit about 0.0475 higher.
     */
    @Test
    void heartRateDriftsUpAtConstantSpeedOnALongRun() {
        List<HeartRateSample> samples = RunRecording.of(
                        TestAthletes.run(steady(7200, 0.62, 0.03), RecordingStyle.STRICT_ONE_HZ, 6))
                .samples();
        double early = meanHrr(between(samples, 15 * 60, 25 * 60));
        double late = meanHrr(between(samples, 110 * 60, 120 * 60));
        assertThat(late - early).isBetween(0.035, 0.06);
    }

    @Test
    void theSamePlannedRunAlwaysRecordsTheSameAndAnotherSeedDiffers() {
        PlannedRun run =
                TestAthletes.run(RunPrescription.workout(new java.util.SplittableRandom(9)), RecordingStyle.SMART, 7);
        RunRecording first = RunRecording.of(run);
        RunRecording second = RunRecording.of(run);
        assertThat(second.samples()).isEqualTo(first.samples());
        assertThat(second.distanceMeters()).isEqualTo(first.distanceMeters());
        PlannedRun reseeded = new PlannedRun(
                run.athlete(),
                run.runId(),
                run.externalId(),
                run.start(),
                run.zone(),
                run.localDate(),
                run.prescription(),
                run.label(),
                true,
                run.recordingStyle(),
                run.uploadDelay(),
                run.lateBy(),
                8);
        assertThat(RunRecording.of(reseeded).samples()).isNotEqualTo(first.samples());
    }

    @Test
    void aRunWithoutHeartRateStillHasDistanceAndDuration() {
        RunRecording recording =
                RunRecording.of(TestAthletes.run(steady(1800, 0.64, 0.03), RecordingStyle.STRICT_ONE_HZ, 8)
                        .withoutHeartRate());
        assertThat(recording.samples()).isEmpty();
        // 3.0 m/s * 1800 s = 5400 m.
        assertThat(recording.distanceMeters()).isCloseTo(5400, within(150.0));
    }

    /** At 150 bpm one beat lasts 60000 / 150 = 400 ms, and a second holds 2-3 beats. */
    @Test
    void chestStrapSamplesCarryBeatToBeatIntervals() {
        SimulatedAthlete strapped = TestAthletes.athlete(true);
        List<HeartRateSample> samples = RunRecording.of(
                        TestAthletes.run(strapped, steady(1800, 0.64, 0.03), RecordingStyle.STRICT_ONE_HZ, 9))
                .samples();
        for (HeartRateSample sample : between(samples, 600, 1800)) {
            assertThat(sample.getRrIntervalsMs()).hasSizeBetween(2, 4);
            double meanRr = sample.getRrIntervalsMs().stream()
                    .mapToInt(Integer::intValue)
                    .average()
                    .orElseThrow();
            assertThat(meanRr).isCloseTo(60_000.0 / sample.getBpm(), within(25.0));
        }
    }

    private static List<Long> gapsSec(List<HeartRateSample> samples) {
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < samples.size(); i++) {
            gaps.add((samples.get(i).getEventTime().toEpochMilli()
                            - samples.get(i - 1).getEventTime().toEpochMilli())
                    / 1000);
        }
        return gaps;
    }
}
