package io.runload.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FosterMonotonyTest {

    @Test
    void monotonyIsMeanOverPopulationSd() {
        // loads 0,50,100,0,50,100,50: sum 350, mean 50.
        // squared deviations 2500,0,2500,2500,0,2500,0 = 10000; /7 = 1428.571; SD = 37.7964.
        // monotony = 50 / 37.7964 = 1.322876; strain = 350 * 1.322876 = 463.0065
        double[] week = {0, 50, 100, 0, 50, 100, 50};
        assertThat(FosterMonotony.monotony(week)).isCloseTo(1.322876, within(1e-6));
        assertThat(FosterMonotony.strain(week)).isCloseTo(463.0065, within(1e-4));
    }

    @Test
    void oneLoadedDayInSevenHasLowMonotony() {
        // loads 0 x6, 100: mean 14.2857; squares 6*204.08 + 85.714^2 = 1224.49 + 7346.94 = 8571.43
        // /7 = 1224.49; SD = 34.9927; monotony = 14.2857 / 34.9927 = 0.408248
        double[] week = {0, 0, 0, 0, 0, 0, 100};
        assertThat(FosterMonotony.monotony(week)).isCloseTo(0.408248, within(1e-6));
    }

    @Test
    void identicalDaysAndNearIdenticalDaysHitTheCap() {
        // SD = 0: the ratio is undefined, reported as the cap 10; strain = 7*60 * 10 = 4200
        double[] same = {60, 60, 60, 60, 60, 60, 60};
        assertThat(FosterMonotony.monotony(same)).isEqualTo(10.0);
        assertThat(FosterMonotony.strain(same)).isEqualTo(4200.0);
        // 100 x6, 99: mean 99.857, SD = sqrt((6*0.1429^2 + 0.8571^2)/7) = 0.3499 -> 285 capped to 10
        double[] nearly = {100, 100, 100, 100, 100, 100, 99};
        assertThat(FosterMonotony.monotony(nearly)).isEqualTo(10.0);
    }

    @Test
    void noLoadHasNoMonotony() {
        double[] rest = new double[7];
        assertThat(FosterMonotony.monotony(rest)).isNull();
        assertThat(FosterMonotony.strain(rest)).isNull();
    }
}
