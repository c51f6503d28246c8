package io.runload.topology;

import io.runload.avro.AthleteProfile;
import io.runload.domain.ProfileVersion;
import java.time.ZoneId;

/** Avro profile to the domain's profile version. */
final class ProfileMapping {
    private ProfileMapping() {}

    static ProfileVersion toVersion(AthleteProfile p) {
        return new ProfileVersion(
                p.getMaxHr(),
                p.getRestingHr(),
                p.getLthr(),
                p.getBirthYear(),
                p.getSex(),
                ZoneId.of(p.getTimezone()),
                ProfileVersion.firstDayOf(p.getWeekStart()),
                p.getZoneModel(),
                p.getEffectiveFrom());
    }
}
