package io.runload.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.runload.avro.Sex;
import org.junit.jupiter.api.Test;

class BanisterTrimpTest {

    @Test
    void workedCheckFromDomainMd() {
        // x = (150 - 60) / (190 - 60) = 0.692308; e^(1.92 * 0.692308) = 3.77810;
        // per minute 0.692308 * 0.64 * 3.77810 = 1.674005; 45 min -> 75.330.
        double x = (150 - 60) / 130.0;
        assertThat(45 * BanisterTrimp.perMinute(x, 1.92)).isCloseTo(75.33, within(0.005));
    }

    @Test
    void femaleConstantWeighsHighIntensityLess() {
        // e^(1.67 * 0.692308) = 3.17773; 0.692308 * 0.64 * 3.17773 = 1.407960/min; 45 min -> 63.358.
        double x = (150 - 60) / 130.0;
        assertThat(45 * BanisterTrimp.perMinute(x, 1.67)).isCloseTo(63.358, within(0.001));
        assertThat(EffortFixtures.karvonen(Sex.FEMALE).trimpK()).isEqualTo(1.67);
        assertThat(EffortFixtures.karvonen(Sex.UNKNOWN).trimpK()).isEqualTo(1.92);
    }

    @Test
    void fractionIsClampedToZeroAndOne() {
        // x = 1: 0.64 * e^1.92 = 0.64 * 6.82096 = 4.36541
        assertThat(BanisterTrimp.perMinute(1.5, 1.92)).isCloseTo(4.36541, within(1e-5));
        assertThat(BanisterTrimp.perMinute(1.0, 1.92)).isCloseTo(4.36541, within(1e-5));
        assertThat(BanisterTrimp.perMinute(-0.2, 1.92)).isZero();
    }

    @Test
    void accumulatedRunReproducesTheWorkedCheck() {
        // 2701 samples at 1 Hz, 0..2700 s: 2700 credited seconds = 45 minutes at 150 bpm.
        RunHeartRateAccumulator run = new RunHeartRateAccumulator();
        for (int s = 0; s <= 2700; s++) {
            run.add(s * 1000L, 150, Double.NaN, -1);
        }
        RunEffort effort = run.summarize(EffortFixtures.karvonenMale(), 0, 2700);
        assertThat(effort.trimp()).isCloseTo(75.33, within(0.005));
        assertThat(run.summarize(EffortFixtures.karvonen(Sex.FEMALE), 0, 2700).trimp())
                .isCloseTo(63.358, within(0.001));
    }
}
