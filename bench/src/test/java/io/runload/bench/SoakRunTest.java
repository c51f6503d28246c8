package io.runload.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.runload.bench.SoakRun.Measure;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SoakRunTest {
    private static SoakRun.Sample heap(double at, Long bytes) {
        return new SoakRun.Sample(at, bytes, 0, 0, null, 0);
    }

    /** One sample a minute, at 0, 60, 120, ... s; the first is the warm-up minute the verdict leaves out. */
    private static List<SoakRun.Sample> minutes(Long... heapBytes) {
        List<SoakRun.Sample> out = new ArrayList<>();
        for (int i = 0; i < heapBytes.length; i++) {
            out.add(heap(60.0 * i, heapBytes[i]));
        }
        return out;
    }

    @Test
    void slopeIsTheLeastSquaresLineThroughNoisySamples() {
        // t = 0, 60, 120, 180 s; heap 10, 30, 20, 40 bytes. Means 90 s and 25 bytes.
        // dx = -90, -30, 30, 90; dy = -15, 5, -5, 15.
        // sxy = 1350 - 150 - 150 + 1350 = 2400; sxx = 8100 + 900 + 900 + 8100 = 18000.
        // slope = 2400 / 18000 = 0.1333... bytes per second.
        List<SoakRun.Sample> samples = List.of(heap(0, 10L), heap(60, 30L), heap(120, 20L), heap(180, 40L));

        assertThat(SoakRun.slope(samples, Measure.HEAP)).isCloseTo(2400.0 / 18000.0, within(1e-12));
        assertThat(SoakRun.slope(samples, Measure.ROCKSDB)).isZero();
    }

    @Test
    void aConstantRateToTheEndIsGrowing() {
        // After the warm-up: 110, 120, ..., 190 at 60, 120, ..., 540 s, 10 bytes a minute throughout.
        // Fitted change 1/6 B/s x 480 s = 80 bytes, above a tenth of the mean 150 (15).
        // First half 60..300 s and second half 300..540 s both rise at 1/6 B/s: ratio 1 > 0.5.
        List<SoakRun.Sample> leak = minutes(100L, 110L, 120L, 130L, 140L, 150L, 160L, 170L, 180L, 190L);

        assertThat(SoakRun.slope(SoakRun.afterWarmUp(leak, Measure.HEAP), Measure.HEAP))
                .isCloseTo(1.0 / 6, within(1e-12));
        assertThat(SoakRun.drift(leak, Measure.HEAP)).isEqualTo("growing");
    }

    @Test
    void aCacheReachingItsCapacityIsLevellingOff() {
        // After the warm-up: 120, 140, 160, 180, 200 at 60..300 s, then 200 to 540 s.
        // Whole fit: t mean 300, dx = -240, -180, ..., 240; sum(dx * y) = -240*120 - 180*140 - 120*160
        // - 60*180 + 200*(60 + 120 + 180 + 240) = -84000 + 120000 = 36000; sxx = 2*(240^2 + 180^2 +
        // 120^2 + 60^2) = 216000; slope 1/6 B/s, change 80 bytes, above a tenth of the mean 1600/9 (17.8).
        // First half rises at 20 bytes a minute (1/3 B/s), second half is flat: ratio 0.
        List<SoakRun.Sample> filling = minutes(100L, 120L, 140L, 160L, 180L, 200L, 200L, 200L, 200L, 200L);

        assertThat(SoakRun.slope(SoakRun.afterWarmUp(filling, Measure.HEAP), Measure.HEAP))
                .isCloseTo(36000.0 / 216000.0, within(1e-12));
        assertThat(SoakRun.drift(filling, Measure.HEAP)).isEqualTo("levelling off");
    }

    @Test
    void theSecondHalfAtHalfTheRateIsLevellingOffAndAtThreeFifthsStillGrowing() {
        // First half 120..200 at 60..300 s: 1/3 B/s (dy = -40, -20, 0, 20, 40 against dx = -120, -60,
        // 0, 60, 120: 12000 / 36000). Second half 10 bytes a minute: 6000 / 36000 = 1/6 B/s, exactly
        // half; 12 bytes a minute: 7200 / 36000 = 1/5 B/s, three fifths.
        List<SoakRun.Sample> halved = minutes(100L, 120L, 140L, 160L, 180L, 200L, 210L, 220L, 230L, 240L);
        List<SoakRun.Sample> threeFifths = minutes(100L, 120L, 140L, 160L, 180L, 200L, 212L, 224L, 236L, 248L);

        assertThat(SoakRun.drift(halved, Measure.HEAP)).isEqualTo("levelling off");
        assertThat(SoakRun.drift(threeFifths, Measure.HEAP)).isEqualTo("growing");
    }

    @Test
    void aRiseThatTurnsIsLevellingOff() {
        // 120..200 at 60..300 s, then down 5 bytes a minute to 180. Whole fit: sum(dx * y) = -84000
        // + 60*195 + 120*190 + 180*185 + 240*180 = 27000, slope 27000 / 216000 = 1/8 B/s, change
        // 60 bytes, above a tenth of the mean 1550/9 (17.2); the second half falls: levelling off.
        List<SoakRun.Sample> turning = minutes(100L, 120L, 140L, 160L, 180L, 200L, 195L, 190L, 185L, 180L);

        assertThat(SoakRun.drift(turning, Measure.HEAP)).isEqualTo("levelling off");
    }

    @Test
    void theWarmUpMinuteIsLeftOutOfTheFit() {
        // 50 in the first minute, then 200 for nine: flat after the warm-up, so stable.
        // Over all ten samples it would be growing: t mean 270, sum(dx * y) = -270*50 + 200*270 = 40500
        // (the other nine dx sum to +270), sxx = 3600 * 2*(0.5^2 + 1.5^2 + 2.5^2 + 3.5^2 + 4.5^2)
        // = 297000, slope 40500 / 297000 B/s, change x 540 s = 73.6 bytes above a tenth of 185 (18.5).
        List<SoakRun.Sample> warming = minutes(50L, 200L, 200L, 200L, 200L, 200L, 200L, 200L, 200L, 200L);

        assertThat(SoakRun.slope(warming, Measure.HEAP)).isCloseTo(40500.0 / 297000.0, within(1e-12));
        assertThat(SoakRun.drift(warming, Measure.HEAP)).isEqualTo("stable");
    }

    @Test
    void minutesWithoutAConfirmedFullCollectionAreLeftOut() {
        // The constant leak of 10 bytes a minute with two minutes unmeasured: the seven left lie on
        // the same line, slope 1/6 B/s, and it is still growing.
        List<SoakRun.Sample> leak = minutes(100L, 110L, 120L, 130L, 140L, null, 160L, null, 180L, 190L);

        assertThat(SoakRun.afterWarmUp(leak, Measure.HEAP)).hasSize(7);
        assertThat(SoakRun.slope(SoakRun.afterWarmUp(leak, Measure.HEAP), Measure.HEAP))
                .isCloseTo(1.0 / 6, within(1e-12));
        assertThat(SoakRun.drift(leak, Measure.HEAP)).isEqualTo("growing");
    }

    @Test
    void smallChangesAreStableAndFallsAreShrinking() {
        // 1 byte a minute on 100: change 8 bytes over 480 s, within a tenth of the mean 105 (10.5).
        List<SoakRun.Sample> stable = minutes(100L, 101L, 102L, 103L, 104L, 105L, 106L, 107L, 108L, 109L);
        // 190 down to 110, 10 bytes a minute throughout: change -80, both halves at -1/6 B/s.
        List<SoakRun.Sample> shrinking = minutes(200L, 190L, 180L, 170L, 160L, 150L, 140L, 130L, 120L, 110L);

        assertThat(SoakRun.drift(stable, Measure.HEAP)).isEqualTo("stable");
        assertThat(SoakRun.drift(shrinking, Measure.HEAP)).isEqualTo("shrinking");
        assertThat(SoakRun.drift(shrinking.subList(0, 4), Measure.HEAP)).startsWith("undecided");
    }
}
