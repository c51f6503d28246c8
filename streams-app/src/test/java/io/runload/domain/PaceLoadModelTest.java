package io.runload.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class PaceLoadModelTest {

    private static PaceLoadModel fit(double fallbackSlope, PaceLoadModel.Point... points) {
        return PaceLoadModel.fit(List.of(points), 5, fallbackSlope).orElseThrow();
    }

    @Test
    void pointsOnALogLinearCurveGiveItBackWithFullQuality() {
        // ln L = 0 at 3 m/s and 0.5 at 4 m/s: slope 0.5 per m/s, so at 3.5 m/s L = e^0.25 = 1.28403.
        PaceLoadModel model =
                fit(0.8, new PaceLoadModel.Point(3.0, 1.0, 10), new PaceLoadModel.Point(4.0, Math.exp(0.5), 10));
        assertThat(model.slope()).isCloseTo(0.5, within(1e-12));
        assertThat(model.slopeFitted()).isTrue();
        assertThat(model.loadPerMinuteAt(3.5)).isCloseTo(1.28403, within(1e-5));
        assertThat(model.quality()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void speedsFarOutsideTheObservedOnesAreClampedHalfAMetrePerSecondBeyondThem() {
        PaceLoadModel model =
                fit(0.8, new PaceLoadModel.Point(3.0, 1.0, 10), new PaceLoadModel.Point(4.0, Math.exp(0.5), 10));
        // Clamped at 4.5 m/s: e^(0.5 * 1.5) = 2.11700; at 1 m/s clamped to 2.5: e^-0.25 = 0.77880.
        assertThat(model.loadPerMinuteAt(10.0)).isCloseTo(2.11700, within(1e-5));
        assertThat(model.loadPerMinuteAt(1.0)).isCloseTo(0.77880, within(1e-5));
        assertThat(model.covers(4.5)).isTrue();
        assertThat(model.covers(4.6)).isFalse();
    }

    @Test
    void aSingleSpeedTakesTheFallbackSlopeAtThreeQuartersQuality() {
        PaceLoadModel model = fit(0.8, new PaceLoadModel.Point(3.0, 2.0, 6), new PaceLoadModel.Point(3.0, 2.0, 4));
        assertThat(model.slopeFitted()).isFalse();
        // 2 * e^(0.8 * 0.25) = 2.44281
        assertThat(model.loadPerMinuteAt(3.25)).isCloseTo(2.44281, within(1e-5));
        assertThat(model.quality()).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void aFallingLoadWithSpeedIsFittedFlat() {
        PaceLoadModel model = fit(0.8, new PaceLoadModel.Point(3.0, 2.0, 5), new PaceLoadModel.Point(4.0, 1.0, 5));
        assertThat(model.slope()).isZero();
        // Flat at the mean of ln 2 and ln 1: sqrt(2) = 1.41421; residuals +-0.34657, quality 1 - 0.34657/0.5 = 0.30685.
        assertThat(model.loadPerMinuteAt(3.5)).isCloseTo(1.41421, within(1e-5));
        assertThat(model.quality()).isCloseTo(0.30685, within(1e-5));
    }

    @Test
    void tooFewMinutesOrUnusablePointsFitNothing() {
        assertThat(PaceLoadModel.fit(List.of(new PaceLoadModel.Point(3.0, 1.0, 4.9)), 5, 0.8))
                .isEmpty();
        assertThat(PaceLoadModel.fit(
                        List.of(
                                new PaceLoadModel.Point(3.0, 0.0, 10),
                                new PaceLoadModel.Point(Double.NaN, 1.0, 10),
                                new PaceLoadModel.Point(0.0, 1.0, 10)),
                        5,
                        0.8))
                .isEmpty();
    }
}
