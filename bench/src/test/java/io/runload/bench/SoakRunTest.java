package io.runload.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SoakRunTest {
    private static SoakRun.Sample heap(double at, long bytes) {
        return new SoakRun.Sample(at, bytes, 0, null, 0);
    }

    @Test
    void slopeIsTheLeastSquaresLineThroughNoisySamples() {
        // t = 0, 60, 120, 180 s; heap 10, 30, 20, 40 bytes. Means 90 s and 25 bytes.
        // dx = -90, -30, 30, 90; dy = -15, 5, -5, 15.
        // sxy = 1350 - 150 - 150 + 1350 = 2400; sxx = 8100 + 900 + 900 + 8100 = 18000.
        // slope = 2400 / 18000 = 0.1333... bytes per second.
        List<SoakRun.Sample> samples = List.of(heap(0, 10), heap(60, 30), heap(120, 20), heap(180, 40));

        assertThat(SoakRun.slope(samples, true)).isCloseTo(2400.0 / 18000.0, within(1e-12));
        assertThat(SoakRun.slope(samples, false)).isZero();
    }

    @Test
    void aFittedChangeAboveATenthOfTheMeanIsDrift() {
        // 100, 160, 220 bytes at 0, 60, 120 s: slope 1 byte/s, change over 120 s = 120 bytes,
        // mean 160, a tenth of it 16: growing.
        List<SoakRun.Sample> growing = List.of(heap(0, 100), heap(60, 160), heap(120, 220));
        // 100, 101, 102 bytes: slope 1/60, change 2 bytes, a tenth of the mean 10.1: stable.
        List<SoakRun.Sample> stable = List.of(heap(0, 100), heap(60, 101), heap(120, 102));
        // 220, 160, 100 bytes: change -120: shrinking.
        List<SoakRun.Sample> shrinking = List.of(heap(0, 220), heap(60, 160), heap(120, 100));

        assertThat(SoakRun.drift(growing, SoakRun.slope(growing, true), true)).isEqualTo("growing");
        assertThat(SoakRun.drift(stable, SoakRun.slope(stable, true), true)).isEqualTo("stable");
        assertThat(SoakRun.drift(shrinking, SoakRun.slope(shrinking, true), true))
                .isEqualTo("shrinking");
        assertThat(SoakRun.drift(growing.subList(0, 2), 1.0, true)).startsWith("undecided");
    }
}
