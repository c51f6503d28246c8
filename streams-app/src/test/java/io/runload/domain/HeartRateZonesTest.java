package io.runload.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HeartRateZonesTest {

    // Karvonen, resting 60, max 190, HRR 130. Zone lower bounds:
    //   Z2: 60 + 0.60*130 = 138, Z3: 60 + 0.70*130 = 151, Z4: 60 + 0.80*130 = 164, Z5: 60 + 0.90*130 = 177.
    private final HeartRateZones karvonen = EffortFixtures.karvonenMale().zones();
    // Friel, LTHR 170. Z2: 0.85*170 = 144.5, Z3: 0.90*170 = 153, Z4: 0.95*170 = 161.5, Z5: 170. Easy < 0.89*170 =
    // 151.3.
    private final HeartRateZones friel = EffortFixtures.frielLthr170().zones();

    @Test
    void karvonenZonesSwitchExactlyAtTheirBoundaries() {
        assertThat(karvonen.zoneIndex(137)).isEqualTo(0);
        assertThat(karvonen.zoneIndex(138)).isEqualTo(1);
        assertThat(karvonen.zoneIndex(150)).isEqualTo(1);
        assertThat(karvonen.zoneIndex(151)).isEqualTo(2);
        assertThat(karvonen.zoneIndex(163)).isEqualTo(2);
        assertThat(karvonen.zoneIndex(164)).isEqualTo(3);
        assertThat(karvonen.zoneIndex(176)).isEqualTo(3);
        assertThat(karvonen.zoneIndex(177)).isEqualTo(4);
        assertThat(karvonen.zoneIndex(40)).isEqualTo(0);
        assertThat(karvonen.zoneIndex(230)).isEqualTo(4);
    }

    @Test
    void karvonenEasyMeansBelowSeventyPercentOfReserve() {
        assertThat(karvonen.easyCeilingBpm()).isCloseTo(151.0, within(1e-9));
        assertThat(karvonen.isEasy(150)).isTrue();
        assertThat(karvonen.isEasy(151)).isFalse();
    }

    @Test
    void frielZonesSwitchAtPercentagesOfLthr() {
        assertThat(friel.zoneIndex(144)).isEqualTo(0);
        assertThat(friel.zoneIndex(145)).isEqualTo(1);
        assertThat(friel.zoneIndex(152)).isEqualTo(1);
        assertThat(friel.zoneIndex(153)).isEqualTo(2);
        assertThat(friel.zoneIndex(161)).isEqualTo(2);
        assertThat(friel.zoneIndex(162)).isEqualTo(3);
        assertThat(friel.zoneIndex(169)).isEqualTo(3);
        assertThat(friel.zoneIndex(170)).isEqualTo(4);
    }

    @Test
    void frielEasyEndsAtEightyNinePercentOfLthrEvenInsideZ2() {
        assertThat(friel.easyCeilingBpm()).isCloseTo(151.3, within(1e-9));
        assertThat(friel.isEasy(151)).isTrue();
        assertThat(friel.isEasy(152)).isFalse();
        assertThat(friel.zoneIndex(152)).isEqualTo(1);
    }

    @Test
    void hrrFractionIsClampedToZeroAndOne() {
        // (125 - 60) / 130 = 0.5
        assertThat(karvonen.hrrFraction(125)).isCloseTo(0.5, within(1e-12));
        assertThat(karvonen.hrrFraction(50)).isZero();
        assertThat(karvonen.hrrFraction(200)).isEqualTo(1.0);
        // The TRIMP x stays heart-rate reserve under Friel zones too.
        assertThat(friel.hrrFraction(125)).isCloseTo(0.5, within(1e-12));
    }
}
