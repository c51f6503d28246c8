package io.runload.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Hand arithmetic with e^(−1/42) = 0.976472 (gC = 0.023528) and e^(−1/7) = 0.866878 (gA = 0.133122),
 * so s = gA − gC = 0.109594.
 */
class FormOutlookTest {
    private static final FormOutlook.Band DEFAULT = new FormOutlook.Band(-30, -10);

    @Test
    void todaysLoadRangeFollowsFromTheLinearFormOfTomorrowsTsb() {
        // C = 50, A = 60: R = 50 × 0.976472 − 60 × 0.866878 = 48.82358 − 52.01267 = −3.18909.
        // Floor −30: L ≤ (−3.18909 + 30) / 0.109594 = 26.81091 / 0.109594 = 244.639.
        // Top −10:   L ≥ (−3.18909 + 10) / 0.109594 =  6.81091 / 0.109594 =  62.147.
        FormOutlook.LoadRange range = FormOutlook.loadRange(50, 60, DEFAULT);
        assertThat(range.restTsbTomorrow()).isCloseTo(-3.18909, within(1e-5));
        assertThat(range.highestLoad()).isCloseTo(244.639, within(1e-3));
        assertThat(range.lowestLoad()).isCloseTo(62.147, within(1e-3));
        assertThat(range.reachable()).isTrue();
    }

    @Test
    void theRangeEndsPutTomorrowsFormOnTheBandEdgesWhenRunThroughTheChains() {
        FormOutlook.LoadRange range = FormOutlook.loadRange(50, 60, DEFAULT);
        LoadChains yesterday = new LoadChains(50, 60, 0, 0);
        assertThat(yesterday.next(range.highestLoad()).balance()).isCloseTo(-30, within(1e-9));
        assertThat(yesterday.next(range.lowestLoad()).balance()).isCloseTo(-10, within(1e-9));
    }

    @Test
    void aFreshAthleteNeedsAtLeastSomeLoadToReachTheBand() {
        // C = 60, A = 40: R = 58.58830 − 34.67512 = 23.91319 (fresh).
        // Top −10: L ≥ 33.91319 / 0.109594 = 309.444; floor −30: L ≤ 53.91319 / 0.109594 = 491.937.
        FormOutlook.LoadRange range = FormOutlook.loadRange(60, 40, DEFAULT);
        assertThat(range.lowestLoad()).isCloseTo(309.444, within(1e-3));
        assertThat(range.highestLoad()).isCloseTo(491.937, within(1e-3));
    }

    @Test
    void restAlreadyInsideTheBandStartsTheRangeAtZero() {
        // C = 50, A = 60 with band −30..0: R = −3.18909 ≤ 0, so no load is needed.
        FormOutlook.LoadRange range = FormOutlook.loadRange(50, 60, new FormOutlook.Band(-30, 0));
        assertThat(range.lowestLoad()).isZero();
    }

    @Test
    void whenEvenRestLeavesFormBelowTheFloorNoLoadIsOffered() {
        // C = 30, A = 80: R = 29.29415 − 69.35023 = −40.05608 < −30.
        FormOutlook.LoadRange range = FormOutlook.loadRange(30, 80, DEFAULT);
        assertThat(range.restTsbTomorrow()).isCloseTo(-40.05608, within(1e-5));
        assertThat(range.reachable()).isFalse();
        assertThat(range.lowestLoad()).isNull();
        assertThat(range.highestLoad()).isNull();
    }

    @Test
    void restDaysCountUntilFormReachesTheThreshold() {
        // CTL 40, ATL 70 after today, form today −35 (below −10). Resting:
        // day 1: 40 − 70 = −30
        // day 2: 40 × 0.976472 − 70 × 0.866878 = 39.05887 − 60.68145 = −21.62
        // day 3: 40 × 0.953497 − 70 × 0.751477 = 38.13988 − 52.60341 = −14.46
        // day 4: 40 × 0.931063 − 70 × 0.651439 = 37.24252 − 45.60073 =  −8.36 ≥ −10
        assertThat(FormOutlook.restDaysUntil(-35, 40, 70, -10)).hasValue(4);
        // −14.46 ≥ −15 already on day 3.
        assertThat(FormOutlook.restDaysUntil(-35, 40, 70, -15)).hasValue(3);
    }

    @Test
    void formAlreadyAtTheThresholdNeedsNoRestAndAnUnreachableThresholdHasNoAnswer() {
        assertThat(FormOutlook.restDaysUntil(-10, 40, 70, -10)).hasValue(0);
        // CTL 5, ATL 0: form at rest is 5 × e^(−k/42) ≤ 5, never 10.
        assertThat(FormOutlook.restDaysUntil(-1, 5, 0, 10)).isEmpty();
    }

    @Test
    void aBandMustBeOrdered() {
        assertThatThrownBy(() -> new FormOutlook.Band(-10, -30)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FormOutlook.Band(Double.NaN, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
