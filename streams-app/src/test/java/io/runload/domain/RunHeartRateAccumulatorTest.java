package io.runload.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.runload.avro.IntensityClass;
import io.runload.state.RunHeartRateAccumulatorCodec;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RunHeartRateAccumulatorTest {

    private static final double NO_SPEED = Double.NaN;
    private static final int NO_CADENCE = -1;
    private static final long T0 = 1_750_000_000_000L;

    private static long sec(double seconds) {
        return T0 + Math.round(seconds * 1000);
    }

    @Test
    void eachSampleIsCreditedTheCappedGapToTheNextAndTheLastCountsZero() {
        RunHeartRateAccumulator run = new RunHeartRateAccumulator();
        run.add(sec(0), 140, NO_SPEED, NO_CADENCE);
        run.add(sec(5), 150, NO_SPEED, NO_CADENCE);
        run.add(sec(25), 160, NO_SPEED, NO_CADENCE);
        // 0 s -> 5 s: 5 s; 5 s -> 25 s is 20 s, capped at 10 s; the last sample waits for a successor.
        assertThat(run.creditedMillisAt(140)).isEqualTo(5_000);
        assertThat(run.creditedMillisAt(150)).isEqualTo(10_000);
        assertThat(run.creditedMillisAt(160)).isZero();
        assertThat(run.creditedMillis()).isEqualTo(15_000);
        assertThat(run.sampleCount()).isEqualTo(3);
    }

    @Test
    void duplicatesAreIgnoredAndOutOfOrderSamplesAreCountedButNotCredited() {
        RunHeartRateAccumulator run = new RunHeartRateAccumulator();
        assertThat(run.add(sec(0), 140, NO_SPEED, NO_CADENCE)).isEqualTo(AddOutcome.ACCEPTED);
        assertThat(run.add(sec(1), 141, NO_SPEED, NO_CADENCE)).isEqualTo(AddOutcome.ACCEPTED);
        assertThat(run.add(sec(2), 142, NO_SPEED, NO_CADENCE)).isEqualTo(AddOutcome.ACCEPTED);
        assertThat(run.add(sec(1), 141, NO_SPEED, NO_CADENCE)).isEqualTo(AddOutcome.DUPLICATE);
        assertThat(run.add(sec(2), 142, NO_SPEED, NO_CADENCE)).isEqualTo(AddOutcome.DUPLICATE);
        assertThat(run.add(sec(1.5), 150, NO_SPEED, NO_CADENCE)).isEqualTo(AddOutcome.OUT_OF_ORDER);
        assertThat(run.add(sec(3), 255, NO_SPEED, NO_CADENCE)).isEqualTo(AddOutcome.INVALID);
        assertThat(run.add(sec(3), 29, NO_SPEED, NO_CADENCE)).isEqualTo(AddOutcome.INVALID);
        assertThat(run.add(sec(3), 143, NO_SPEED, NO_CADENCE)).isEqualTo(AddOutcome.ACCEPTED);

        assertThat(run.sampleCount()).isEqualTo(5);
        assertThat(run.duplicateSamples()).isEqualTo(2);
        assertThat(run.outOfOrderSamples()).isEqualTo(1);
        // 140, 141, 142 each 1 s; 150 (out of order) nothing; 143 is the last.
        assertThat(run.creditedMillis()).isEqualTo(3_000);
        assertThat(run.creditedMillisAt(150)).isZero();
        RunEffort effort = run.summarize(EffortFixtures.karvonenMale(), sec(0), 3);
        assertThat(effort.qualityFlags()).containsExactly(HrQualityFlag.OUT_OF_ORDER_SAMPLES.name());
        assertThat(effort.maxHr()).isEqualTo(150);
    }

    /** 60 s at 130 (Z1), 120 s at 145 (Z2), 30 s at 170 (Z4), then a closing sample at 170. */
    private static RunHeartRateAccumulator zoneRun() {
        RunHeartRateAccumulator run = new RunHeartRateAccumulator();
        for (int s = 0; s <= 210; s++) {
            int bpm = s < 60 ? 130 : s < 180 ? 145 : 170;
            run.add(sec(s), bpm, NO_SPEED, NO_CADENCE);
        }
        return run;
    }

    @Test
    void timeInZonesTrimpAndAverageComeFromCreditedTime() {
        RunEffort effort = zoneRun().summarize(EffortFixtures.karvonenMale(), sec(0), 210);
        // HRR fractions: 130 -> 70/130 = 0.538 (Z1), 145 -> 85/130 = 0.654 (Z2), 170 -> 110/130 = 0.846 (Z4).
        assertThat(effort.timeInZoneSec()).containsExactly(60, 120, 0, 30, 0);
        // TRIMP/min: 0.538*0.64*e^(1.92*0.538) = 0.96901, 0.654*0.64*e^(1.92*0.654) = 1.46846,
        // 0.846*0.64*e^(1.92*0.846) = 2.74910; 1 min * 0.96901 + 2 min * 1.46846 + 0.5 min * 2.74910 = 5.28048.
        assertThat(effort.trimp()).isCloseTo(5.28048, within(1e-5));
        // (130*60 + 145*120 + 170*30) / 210 = 30300 / 210 = 144.2857
        assertThat(effort.avgHr()).isCloseTo(144.2857, within(1e-4));
        assertThat(effort.maxHr()).isEqualTo(170);
        assertThat(effort.easySeconds()).isEqualTo(180);
        assertThat(effort.hrSeconds()).isEqualTo(210);
        // Z4-Z5 share 30/210 = 14% < 20%, Z1-Z2 share 180/210 = 86% >= 80%.
        assertThat(effort.intensity()).isEqualTo(IntensityClass.EASY);
        assertThat(effort.hrCoverage()).isEqualTo(1.0);
        assertThat(effort.qualityFlags()).isEmpty();
        assertThat(effort.decouplingPct()).isNull();
        assertThat(effort.efficiencyFactor()).isNull();
    }

    @Test
    void theSameHistogramGivesOtherNumbersUnderAnotherProfile() {
        // Friel LTHR 170: 130 = 76% (Z1), 145 = 85.3% (Z2), 170 = 100% (Z5).
        RunEffort effort = zoneRun().summarize(EffortFixtures.frielLthr170(), sec(0), 210);
        assertThat(effort.timeInZoneSec()).containsExactly(60, 120, 0, 0, 30);
    }

    @Test
    void coverageBelowHalfIsFlagged() {
        // 210 credited seconds of a 600-second run: 0.35.
        RunEffort effort = zoneRun().summarize(EffortFixtures.karvonenMale(), sec(0), 600);
        assertThat(effort.hrCoverage()).isCloseTo(0.35, within(1e-12));
        assertThat(effort.qualityFlags()).containsExactly(HrQualityFlag.LOW_HR_COVERAGE.name());
    }

    @Test
    void intensityClasses() {
        // 50% Z2 (145), 50% Z4 (170): Z4-Z5 share 0.5 >= 0.2 -> HARD.
        RunHeartRateAccumulator hard = new RunHeartRateAccumulator();
        // 100% Z3 (155 -> 95/130 = 0.73): MODERATE.
        RunHeartRateAccumulator moderate = new RunHeartRateAccumulator();
        for (int s = 0; s <= 600; s++) {
            hard.add(sec(s), s < 300 ? 145 : 170, NO_SPEED, NO_CADENCE);
            moderate.add(sec(s), 155, NO_SPEED, NO_CADENCE);
        }
        assertThat(hard.summarize(EffortFixtures.karvonenMale(), sec(0), 600).intensity())
                .isEqualTo(IntensityClass.HARD);
        assertThat(moderate.summarize(EffortFixtures.karvonenMale(), sec(0), 600)
                        .intensity())
                .isEqualTo(IntensityClass.MODERATE);
    }

    @Test
    void aRunWithoutHeartRateIsFlaggedNoHr() {
        RunEffort effort = new RunHeartRateAccumulator().summarize(EffortFixtures.karvonenMale(), sec(0), 1800);
        assertThat(effort.trimp()).isZero();
        assertThat(effort.intensity()).isEqualTo(IntensityClass.UNKNOWN);
        assertThat(effort.avgHr()).isNull();
        assertThat(effort.maxHr()).isNull();
        assertThat(effort.hrCoverage()).isZero();
        assertThat(effort.qualityFlags()).containsExactly(HrQualityFlag.NO_HR.name());
        assertThat(effort.hasHeartRate()).isFalse();
    }

    @Test
    void jumpsOfMoreThanThirtyBpmWithinTwoSecondsAreFlagged() {
        RunHeartRateAccumulator smooth = new RunHeartRateAccumulator();
        smooth.add(sec(0), 100, NO_SPEED, NO_CADENCE);
        smooth.add(sec(1), 130, NO_SPEED, NO_CADENCE); // +30: not more than 30
        smooth.add(sec(4), 170, NO_SPEED, NO_CADENCE); // +40 but over 3 s
        assertThat(smooth.hrJumps()).isZero();

        RunHeartRateAccumulator jumpy = new RunHeartRateAccumulator();
        jumpy.add(sec(0), 100, NO_SPEED, NO_CADENCE);
        jumpy.add(sec(2), 131, NO_SPEED, NO_CADENCE); // +31 within 2 s
        assertThat(jumpy.hrJumps()).isEqualTo(1);
        assertThat(jumpy.summarize(EffortFixtures.karvonenMale(), sec(0), 2).qualityFlags())
                .containsExactly(HrQualityFlag.HR_JUMPS.name());
    }

    @Test
    void heartRateEqualToCadenceForMoreThanThirtySecondsIsCadenceLock() {
        RunHeartRateAccumulator thirty = new RunHeartRateAccumulator();
        RunHeartRateAccumulator thirtyOne = new RunHeartRateAccumulator();
        for (int s = 0; s <= 31; s++) {
            if (s <= 30) {
                thirty.add(sec(s), 165, 3.0, 165);
            }
            thirtyOne.add(sec(s), 165, 3.0, 165);
        }
        thirty.add(sec(31), 150, 3.0, 165);
        thirty.add(sec(32), 150, 3.0, 165);
        // 0..30 s is a 30 s streak: not more than 30 s.
        assertThat(thirty.cadenceLockSeconds()).isZero();
        assertThat(thirtyOne.cadenceLockSeconds()).isEqualTo(31);
        assertThat(thirtyOne
                        .summarize(EffortFixtures.karvonenMale(), sec(0), 31)
                        .qualityFlags())
                .contains(HrQualityFlag.CADENCE_LOCK.name());
        // Survives the codec while the streak is still open.
        assertThat(RunHeartRateAccumulatorCodec.decode(RunHeartRateAccumulatorCodec.encode(thirtyOne))
                        .cadenceLockSeconds())
                .isEqualTo(31);
    }

    @Test
    void samplesAboveProfileMaxPlusFiveAreCounted() {
        RunHeartRateAccumulator run = new RunHeartRateAccumulator();
        run.add(sec(0), 195, NO_SPEED, NO_CADENCE); // max 190 + 5: not above
        run.add(sec(1), 196, NO_SPEED, NO_CADENCE);
        run.add(sec(2), 198, NO_SPEED, NO_CADENCE);
        RunEffort effort = run.summarize(EffortFixtures.karvonenMale(), sec(0), 2);
        assertThat(effort.samplesAboveProfileMax()).isEqualTo(2);
        assertThat(effort.qualityFlags()).contains(HrQualityFlag.HR_ABOVE_PROFILE_MAX.name());
    }

    /**
     * 60 minutes at 1 Hz, constant 3.0 m/s; HR 130 for the first 10 minutes, 140 for minutes 10-35 and
     * 150 for minutes 35-60. After the warm-up the halves are minutes 10-35 and 35-60:
     * EF1 = 180 m/min / 140, EF2 = 180 / 150, decoupling = (1 - 140/150) * 100 = 6.667%.
     * EF over minutes 10-60 = 180 / 145 = 1.241379.
     */
    @Test
    void decouplingOnASyntheticHourWithKnownAnswer() {
        RunHeartRateAccumulator run = new RunHeartRateAccumulator();
        for (int s = 0; s <= 3600; s++) {
            int bpm = s < 600 ? 130 : s < 2100 ? 140 : 150;
            run.add(sec(s), bpm, 3.0, 170);
        }
        RunEffort effort = run.summarize(EffortFixtures.karvonenMale(), sec(0), 3600);
        assertThat(effort.decouplingPct()).isCloseTo(6.6667, within(1e-4));
        assertThat(effort.efficiencyFactor()).isCloseTo(1.241379, within(1e-6));
    }

    @Test
    void decouplingFromFallingPaceAtSteadyHeartRate() {
        // 50 min, HR 150 throughout; 3.0 m/s until minute 30, then 2.7 m/s. After the warm-up 40 buckets:
        // halves are minutes 10-30 (3.0 m/s) and 30-50 (2.7 m/s): (3.0 - 2.7) / 3.0 = 10%.
        RunHeartRateAccumulator run = new RunHeartRateAccumulator();
        for (int s = 0; s <= 3000; s++) {
            run.add(sec(s), 150, s < 1800 ? 3.0 : 2.7, NO_CADENCE);
        }
        assertThat(run.summarize(EffortFixtures.karvonenMale(), sec(0), 3000).decouplingPct())
                .isCloseTo(10.0, within(1e-9));
    }

    @Test
    void oddBucketCountSharesTheMiddleMinute() {
        // 41-minute run: after the warm-up 31 buckets (minutes 10..40); half 1 = minutes 10..24 + half of 25,
        // half 2 = half of 25 + 26..40. HR 150, speed 3.0 up to minute 25, 2.4 from minute 26, 2.7 in minute 25.
        // Mean speed half 1 = (15 * 3.0 + 0.5 * 2.7) / 15.5 = 46.35 / 15.5 = 2.990323;
        // half 2 = (0.5 * 2.7 + 15 * 2.4) / 15.5 = 37.35 / 15.5 = 2.409677. Decoupling = 1 - 2.409677/2.990323 =
        // 19.417%.
        RunHeartRateAccumulator run = new RunHeartRateAccumulator();
        for (int s = 0; s <= 2460; s++) {
            double speed = s < 1500 ? 3.0 : s < 1560 ? 2.7 : 2.4;
            run.add(sec(s), 150, speed, NO_CADENCE);
        }
        assertThat(run.summarize(EffortFixtures.karvonenMale(), sec(0), 2460).decouplingPct())
                .isCloseTo(19.417, within(1e-3));
    }

    @Test
    void noDecouplingUnderFortyMinutesOrWithoutSpeed() {
        RunHeartRateAccumulator shortRun = new RunHeartRateAccumulator();
        RunHeartRateAccumulator noSpeed = new RunHeartRateAccumulator();
        for (int s = 0; s <= 3600; s++) {
            if (s <= 2340) {
                shortRun.add(sec(s), 150, 3.0, NO_CADENCE);
            }
            noSpeed.add(sec(s), 150, NO_SPEED, NO_CADENCE);
        }
        RunEffort shortEffort = shortRun.summarize(EffortFixtures.karvonenMale(), sec(0), 2340);
        assertThat(shortEffort.decouplingPct()).isNull();
        // EF still exists: 180 m/min / 150 = 1.2
        assertThat(shortEffort.efficiencyFactor()).isCloseTo(1.2, within(1e-9));
        RunEffort noSpeedEffort = noSpeed.summarize(EffortFixtures.karvonenMale(), sec(0), 3600);
        assertThat(noSpeedEffort.decouplingPct()).isNull();
        assertThat(noSpeedEffort.efficiencyFactor()).isNull();
    }

    /** A realistic hour at 1 Hz: HR wandering 120..180, speed and cadence varying, a few dropouts. */
    private static RunHeartRateAccumulator realisticHour(long seed) {
        Random random = new Random(seed);
        RunHeartRateAccumulator run = new RunHeartRateAccumulator();
        double hr = 120;
        for (int s = 0; s <= 3600; s++) {
            if (random.nextInt(200) == 0) {
                s += 5 + random.nextInt(20);
            }
            hr = Math.max(100, Math.min(185, hr + random.nextGaussian() * 1.5 + (s < 600 ? 0.05 : 0.002)));
            double speed = s % 97 == 0 ? Double.NaN : 2.8 + random.nextGaussian() * 0.2;
            run.add(sec(s), (int) Math.round(hr), speed, 160 + random.nextInt(20));
        }
        return run;
    }

    @Test
    void codecRoundTripsAndStaysSmallForAnHourAtOneHertz() {
        RunHeartRateAccumulator run = realisticHour(42);
        run.add(sec(100), 150, 3.0, 160); // one out-of-order sample for good measure
        byte[] bytes = RunHeartRateAccumulatorCodec.encode(run);
        RunHeartRateAccumulator decoded = RunHeartRateAccumulatorCodec.decode(bytes);
        assertThat(decoded.sameStateAs(run)).isTrue();
        assertThat(decoded.summarize(EffortFixtures.karvonenMale(), sec(0), 3600))
                .isEqualTo(run.summarize(EffortFixtures.karvonenMale(), sec(0), 3600));
        assertThat(bytes.length).isLessThan(1500);

        // Decoding mid-run and carrying on gives the same state as never serializing.
        decoded.add(sec(3601), 150, 3.0, 170);
        run.add(sec(3601), 150, 3.0, 170);
        assertThat(decoded.sameStateAs(run)).isTrue();
        // A re-sent recent sample is still recognised after a round trip.
        assertThat(RunHeartRateAccumulatorCodec.decode(RunHeartRateAccumulatorCodec.encode(run))
                        .add(sec(3601), 150, 3.0, 170))
                .isEqualTo(AddOutcome.DUPLICATE);
    }

    @Test
    void emptyAndCorruptBytes() {
        RunHeartRateAccumulator empty =
                RunHeartRateAccumulatorCodec.decode(RunHeartRateAccumulatorCodec.encode(new RunHeartRateAccumulator()));
        assertThat(empty.isEmpty()).isTrue();
        assertThat(RunHeartRateAccumulatorCodec.encode(new RunHeartRateAccumulator()))
                .hasSize(2);
        byte[] bytes = RunHeartRateAccumulatorCodec.encode(realisticHour(7));
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 3);
        assertThatThrownBy(() -> RunHeartRateAccumulatorCodec.decode(truncated))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RunHeartRateAccumulatorCodec.decode(new byte[] {9, 0}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
