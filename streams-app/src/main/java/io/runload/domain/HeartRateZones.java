package io.runload.domain;

import io.runload.avro.ZoneModel;

/**
 * Five heart-rate zones of one resolved profile (docs/domain.md, "Heart-rate zones").
 * Karvonen: Z1 &lt; 0.60 &lt;= Z2 &lt; 0.70 &lt;= Z3 &lt; 0.80 &lt;= Z4 &lt; 0.90 &lt;= Z5 of heart-rate reserve; easy
 * is below 70% HRR. Friel: Z1 &lt; 85%, Z2 85-89%, Z3 90-94%, Z4 95-99%, Z5 &gt;= 100% of LTHR; easy is
 * below 89% of LTHR. With Friel, 89.x% of LTHR is therefore Z2 but not easy: docs/domain.md defines both
 * and we follow it literally rather than smoothing one into the other.
 */
public final class HeartRateZones {

    public static final int ZONE_COUNT = 5;

    private static final double[] KARVONEN_LOWER_BOUNDS = {0.60, 0.70, 0.80, 0.90};
    private static final double KARVONEN_EASY_CEILING = 0.70;
    private static final double[] FRIEL_LOWER_BOUNDS = {0.85, 0.90, 0.95, 1.00};
    private static final double FRIEL_EASY_CEILING = 0.89;

    private final boolean friel;
    private final int restingHr;
    private final int reserve;
    private final double lthr;

    HeartRateZones(ResolvedProfile profile) {
        this.friel = profile.zoneModel() == ZoneModel.LTHR_FRIEL;
        this.restingHr = profile.restingHr();
        this.reserve = profile.heartRateReserve();
        this.lthr = profile.lthr();
    }

    public ZoneModel model() {
        return friel ? ZoneModel.LTHR_FRIEL : ZoneModel.KARVONEN;
    }

    /** Zone 0..4 for Z1..Z5. */
    public int zoneIndex(int bpm) {
        // Dividing (rather than multiplying the bound) keeps exact boundaries exact: a bpm that
        // sits at precisely 70% yields the same double as the literal 0.70.
        double share = friel ? bpm / lthr : (double) (bpm - restingHr) / reserve;
        double[] lowerBounds = friel ? FRIEL_LOWER_BOUNDS : KARVONEN_LOWER_BOUNDS;
        int zone = 0;
        while (zone < lowerBounds.length && share >= lowerBounds[zone]) {
            zone++;
        }
        return zone;
    }

    public boolean isEasy(int bpm) {
        return friel ? bpm / lthr < FRIEL_EASY_CEILING : (double) (bpm - restingHr) / reserve < KARVONEN_EASY_CEILING;
    }

    /** The heart rate at which easy ends; samples at or above it are not easy. */
    public double easyCeilingBpm() {
        return friel ? FRIEL_EASY_CEILING * lthr : restingHr + KARVONEN_EASY_CEILING * reserve;
    }

    /** Heart-rate-reserve fraction clamped to [0,1], the x of Banister TRIMP, whatever the zone model. */
    public double hrrFraction(int bpm) {
        double fraction = (double) (bpm - restingHr) / reserve;
        return Math.max(0.0, Math.min(1.0, fraction));
    }
}
