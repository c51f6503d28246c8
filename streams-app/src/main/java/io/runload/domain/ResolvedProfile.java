package io.runload.domain;

import io.runload.avro.Sex;
import io.runload.avro.ZoneModel;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The profile that applies to one activity, with every gap filled (see {@link ProfileHistory#resolve}).
 * Zones and TRIMP are computed only from this, never from a raw {@link ProfileVersion}.
 */
public record ResolvedProfile(
        int maxHr,
        int restingHr,
        double lthr,
        boolean maxHrEstimated,
        Sex sex,
        ZoneModel zoneModel,
        ZoneId timezone,
        DayOfWeek weekStart) {

    /** Banister's weighting constants (docs/domain.md, "Load of one run"). */
    public static final double TRIMP_K_MALE = 1.92;

    public static final double TRIMP_K_FEMALE = 1.67;

    public ResolvedProfile {
        if (maxHr <= restingHr) {
            throw new IllegalArgumentException("maxHr " + maxHr + " must exceed restingHr " + restingHr);
        }
        sex = sex == null ? Sex.UNKNOWN : sex;
        zoneModel = zoneModel == null ? ZoneModel.KARVONEN : zoneModel;
        timezone = Objects.requireNonNullElse(timezone, ZoneId.of("UTC"));
        weekStart = Objects.requireNonNullElse(weekStart, DayOfWeek.MONDAY);
    }

    public int heartRateReserve() {
        return maxHr - restingHr;
    }

    public HeartRateZones zones() {
        return new HeartRateZones(this);
    }

    /** Unknown sex takes the male constant, as docs/domain.md prescribes. */
    public double trimpK() {
        return sex == Sex.FEMALE ? TRIMP_K_FEMALE : TRIMP_K_MALE;
    }
}
