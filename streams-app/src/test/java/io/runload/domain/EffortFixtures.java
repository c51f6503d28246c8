package io.runload.domain;

import io.runload.avro.Sex;
import io.runload.avro.ZoneModel;
import java.time.DayOfWeek;
import java.time.ZoneId;

/** Profiles shared by the effort tests. */
final class EffortFixtures {

    static final ZoneId UTC = ZoneId.of("UTC");

    private EffortFixtures() {}

    /** Resting 60, max 190: heart-rate reserve 130, the numbers of docs/domain.md's worked TRIMP check. */
    static ResolvedProfile karvonen(Sex sex) {
        return new ResolvedProfile(190, 60, 170.5, false, sex, ZoneModel.KARVONEN, UTC, DayOfWeek.MONDAY);
    }

    static ResolvedProfile karvonenMale() {
        return karvonen(Sex.MALE);
    }

    /** Friel zones on an LTHR of 170. */
    static ResolvedProfile frielLthr170() {
        return new ResolvedProfile(190, 60, 170.0, false, Sex.MALE, ZoneModel.LTHR_FRIEL, UTC, DayOfWeek.MONDAY);
    }
}
