package io.runload.domain;

import io.runload.avro.Sex;
import io.runload.avro.WeekStart;
import io.runload.avro.ZoneModel;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Year;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * One version of an athlete's profile as published, valid from {@code effectiveFrom}. Every
 * physiological field may be missing; {@link ProfileHistory#resolve} fills the gaps.
 */
public record ProfileVersion(
        Integer maxHr,
        Integer restingHr,
        Integer lthr,
        Integer birthYear,
        Sex sex,
        ZoneId timezone,
        DayOfWeek weekStart,
        ZoneModel zoneModel,
        LocalDate effectiveFrom) {

    /** Widest heart rates a human profile can state; anything outside is a typo or a unit mix-up. */
    public static final int LOWEST_PLAUSIBLE_HR = 25;

    public static final int HIGHEST_PLAUSIBLE_HR = 250;
    public static final int EARLIEST_BIRTH_YEAR = 1900;

    /** Why this profile cannot describe a real athlete, judged against the current UTC year. */
    public Optional<String> impossibility() {
        return impossibility(Year.now(ZoneOffset.UTC).getValue());
    }

    /** As {@link #impossibility()}, with the current year given so that callers and tests control the clock. */
    public Optional<String> impossibility(int currentYear) {
        if (effectiveFrom == null) {
            return Optional.of("missing_effective_from");
        }
        if (outOfRange(maxHr)) {
            return Optional.of("max_hr_out_of_range");
        }
        if (outOfRange(restingHr)) {
            return Optional.of("resting_hr_out_of_range");
        }
        if (outOfRange(lthr)) {
            return Optional.of("lthr_out_of_range");
        }
        if (maxHr != null && restingHr != null && maxHr <= restingHr) {
            return Optional.of("max_hr_below_resting");
        }
        if (lthr != null && restingHr != null && lthr <= restingHr) {
            return Optional.of("lthr_not_above_resting");
        }
        if (lthr != null && maxHr != null && lthr > maxHr) {
            return Optional.of("lthr_above_max_hr");
        }
        if (birthYear != null && birthYear > currentYear) {
            return Optional.of("birth_year_in_future");
        }
        if (birthYear != null && birthYear < EARLIEST_BIRTH_YEAR) {
            return Optional.of("birth_year_before_1900");
        }
        return Optional.empty();
    }

    /** The Avro profile only knows Monday and Sunday weeks; a missing value means ISO Monday. */
    public static DayOfWeek firstDayOf(WeekStart weekStart) {
        return weekStart == WeekStart.SUNDAY ? DayOfWeek.SUNDAY : DayOfWeek.MONDAY;
    }

    private static boolean outOfRange(Integer bpm) {
        return bpm != null && (bpm < LOWEST_PLAUSIBLE_HR || bpm > HIGHEST_PLAUSIBLE_HR);
    }
}
