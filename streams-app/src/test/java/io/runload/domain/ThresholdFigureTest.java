package io.runload.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThresholdFigureTest {

    @Test
    void aValueClearOfTheThresholdKeepsItsUsualRounding() {
        assertThat(ThresholdFigure.above(10.1, 10, 1)).isEqualTo("10.1");
        assertThat(ThresholdFigure.below(-30.4, -30, 1)).isEqualTo("-30.4");
        assertThat(ThresholdFigure.below(75, 80, 0)).isEqualTo("75");
    }

    @Test
    void aValueJustPastTheThresholdGainsDigitsRatherThanPrintingAsTheThreshold() {
        // 10.04 to one decimal is 10.0, which is not above 10; to two it is 10.04
        assertThat(ThresholdFigure.above(10.04, 10, 1)).isEqualTo("10.04");
        // -30.04 to one decimal is -30.0, not below -30
        assertThat(ThresholdFigure.below(-30.04, -30, 1)).isEqualTo("-30.04");
        // 79.96 to none is 80 and to one 80.0, neither below 80
        assertThat(ThresholdFigure.below(79.96, 80, 0)).isEqualTo("79.96");
        // 50.3% of the live window, more than half: not "50%"
        assertThat(ThresholdFigure.above(50.3, 50, 0)).isEqualTo("50.3");
    }

    @Test
    void aValueWithinTwoExtraDigitsOfTheThresholdIsRoundedAwayFromIt() {
        // 10.0004 is 10.0, 10.00 and 10.000 at one to three decimals; rounded up at three: 10.001
        assertThat(ThresholdFigure.above(10.0004, 10, 1)).isEqualTo("10.001");
        assertThat(ThresholdFigure.below(-30.0004, -30, 1)).isEqualTo("-30.001");
    }

    @Test
    void atLeastAcceptsTheThresholdItself() {
        assertThat(ThresholdFigure.atLeast(1.5, 1.5, 2)).isEqualTo("1.50");
        // 1.573 to two decimals is 1.57
        assertThat(ThresholdFigure.atLeast(1.573, 1.5, 2)).isEqualTo("1.57");
    }
}
