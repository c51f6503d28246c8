package io.runload.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.runload.avro.Sex;
import io.runload.avro.WeekStart;
import io.runload.avro.ZoneModel;
import io.runload.state.ProfileHistoryCodec;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ProfileHistoryTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static ProfileVersion version(Integer max, Integer resting, Integer lthr, Integer birthYear, String from) {
        return new ProfileVersion(
                max,
                resting,
                lthr,
                birthYear,
                Sex.FEMALE,
                BERLIN,
                DayOfWeek.SUNDAY,
                ZoneModel.KARVONEN,
                LocalDate.parse(from));
    }

    @Test
    void tanakaEstimatesMaxHrFromAgeAtTheActivityDate() {
        // Born 1985, run in 2025: age 40 -> 208 - 0.7 * 40 = 180.
        ProfileHistory history = new ProfileHistory();
        history.upsert(version(null, 50, null, 1985, "2020-01-01"));
        ResolvedProfile profile = history.resolve(LocalDate.parse("2025-06-01"));
        assertThat(profile.maxHr()).isEqualTo(180);
        assertThat(profile.maxHrEstimated()).isTrue();
        // Missing LTHR: 50 + 0.85 * (180 - 50) = 160.5
        assertThat(profile.lthr()).isCloseTo(160.5, within(1e-9));
        // Same athlete five years earlier was 35: 208 - 24.5 = 183.5 -> 184.
        assertThat(history.resolve(LocalDate.parse("2020-06-01")).maxHr()).isEqualTo(184);
        assertThat(ProfileHistory.tanakaMaxHr(40)).isEqualTo(180);
    }

    @Test
    void theVersionForADateIsTheLatestEffectiveThenOrElseTheEarliest() {
        ProfileHistory history = new ProfileHistory();
        history.upsert(version(190, 50, null, null, "2026-06-01"));
        history.upsert(version(null, 55, null, 1985, "2026-01-01"));
        assertThat(history.versionFor(LocalDate.parse("2026-05-31")))
                .map(ProfileVersion::restingHr)
                .hasValue(55);
        assertThat(history.versionFor(LocalDate.parse("2026-06-01")))
                .map(ProfileVersion::maxHr)
                .hasValue(190);
        // Before every version the earliest fills in, as resolve does: born 1985, in 2025 age 40 -> 180.
        assertThat(history.versionFor(LocalDate.parse("2025-12-31")))
                .map(ProfileVersion::effectiveFrom)
                .hasValue(LocalDate.parse("2026-01-01"));
        assertThat(history.resolve(LocalDate.parse("2025-12-31")).maxHr()).isEqualTo(180);
        assertThat(new ProfileHistory().versionFor(LocalDate.parse("2026-01-01")))
                .isEmpty();
    }

    @Test
    void missingEverythingFallsBackToDocumentedDefaults() {
        // No profile at all: Tanaka at 30 = 208 - 21 = 187, resting 60, LTHR 60 + 0.85 * 127 = 167.95.
        ResolvedProfile none = new ProfileHistory().resolve(LocalDate.parse("2025-01-01"));
        assertThat(none.maxHr()).isEqualTo(187);
        assertThat(none.restingHr()).isEqualTo(60);
        assertThat(none.lthr()).isCloseTo(167.95, within(1e-9));
        assertThat(none.maxHrEstimated()).isTrue();
        assertThat(none.sex()).isEqualTo(Sex.UNKNOWN);
        assertThat(none.trimpK()).isEqualTo(1.92);
        assertThat(none.timezone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(none.weekStart()).isEqualTo(DayOfWeek.MONDAY);

        ProfileHistory bare = new ProfileHistory();
        bare.upsert(new ProfileVersion(null, null, null, null, null, null, null, null, LocalDate.parse("2024-01-01")));
        ResolvedProfile resolved = bare.resolve(LocalDate.parse("2025-01-01"));
        assertThat(resolved.maxHr()).isEqualTo(187);
        assertThat(resolved.restingHr()).isEqualTo(60);
        assertThat(resolved.maxHrEstimated()).isTrue();
        assertThat(resolved.sex()).isEqualTo(Sex.UNKNOWN);
        assertThat(resolved.zoneModel()).isEqualTo(ZoneModel.KARVONEN);
    }

    @Test
    void appliesTheVersionInForceOnTheActivityDate() {
        ProfileHistory history = new ProfileHistory();
        history.upsert(version(185, 50, null, null, "2025-03-01"));
        history.upsert(version(190, 60, 172, null, "2024-01-01"));

        ResolvedProfile dayBefore = history.resolve(LocalDate.parse("2025-02-28"));
        assertThat(dayBefore.maxHr()).isEqualTo(190);
        assertThat(dayBefore.restingHr()).isEqualTo(60);
        assertThat(dayBefore.lthr()).isEqualTo(172.0);
        assertThat(dayBefore.maxHrEstimated()).isFalse();

        ResolvedProfile sameDay = history.resolve(LocalDate.parse("2025-03-01"));
        assertThat(sameDay.maxHr()).isEqualTo(185);
        assertThat(sameDay.restingHr()).isEqualTo(50);
        // 50 + 0.85 * 135 = 164.75
        assertThat(sameDay.lthr()).isCloseTo(164.75, within(1e-9));

        // Before every version: the earliest one.
        assertThat(history.resolve(LocalDate.parse("2023-05-05")).maxHr()).isEqualTo(190);
    }

    @Test
    void resolveAtDatesTheInstantInTheGivenOrHomeZone() {
        ProfileHistory history = new ProfileHistory();
        history.upsert(version(190, 60, null, null, "2024-01-01"));
        history.upsert(version(180, 60, null, null, "2025-03-02"));
        // 2025-03-01T23:30Z is already 2 March in Berlin (UTC+1).
        Instant lateEvening = Instant.parse("2025-03-01T23:30:00Z");
        assertThat(history.resolveAt(lateEvening, null).maxHr()).isEqualTo(180);
        assertThat(history.resolveAt(lateEvening, ZoneId.of("America/New_York")).maxHr())
                .isEqualTo(190);
    }

    @Test
    void sameEffectiveDateReplacesAndHistoryIsBounded() {
        ProfileHistory history = new ProfileHistory();
        history.upsert(version(190, 60, null, null, "2024-01-01"));
        history.upsert(version(195, 60, null, null, "2024-01-01"));
        assertThat(history.versions()).hasSize(1);
        assertThat(history.resolve(LocalDate.parse("2024-06-01")).maxHr()).isEqualTo(195);

        LocalDate start = LocalDate.parse("2020-01-01");
        for (int i = 0; i < 20; i++) {
            history.upsert(version(170 + i, 60, null, null, start.plusMonths(i).toString()));
        }
        assertThat(history.versions()).hasSize(ProfileHistory.MAX_VERSIONS);
        // 21 versions (20 monthly + the 2024 one): the five oldest, 2020-01..2020-05, were dropped;
        // the earliest left is 2020-06-01 (i = 5, max 175) and the 2024 version survives.
        assertThat(history.versions().get(0).effectiveFrom()).isEqualTo(LocalDate.parse("2020-06-01"));
        assertThat(history.resolve(LocalDate.parse("2019-01-01")).maxHr()).isEqualTo(175);
        assertThat(history.resolve(LocalDate.parse("2024-06-01")).maxHr()).isEqualTo(195);
    }

    @Test
    void impossibleProfilesAreNamedAndRefused() {
        assertThat(version(150, 160, null, null, "2024-01-01").impossibility(2025))
                .contains("max_hr_below_resting");
        assertThat(version(160, 160, null, null, "2024-01-01").impossibility(2025))
                .contains("max_hr_below_resting");
        assertThat(version(260, 60, null, null, "2024-01-01").impossibility(2025))
                .contains("max_hr_out_of_range");
        assertThat(version(190, 20, null, null, "2024-01-01").impossibility(2025))
                .contains("resting_hr_out_of_range");
        assertThat(version(190, 60, 60, null, "2024-01-01").impossibility(2025)).contains("lthr_not_above_resting");
        assertThat(version(190, 60, 191, null, "2024-01-01").impossibility(2025))
                .contains("lthr_above_max_hr");
        assertThat(version(190, 60, 190, null, "2024-01-01").impossibility(2025))
                .isEmpty();
        assertThat(version(null, null, null, 2026, "2024-01-01").impossibility(2025))
                .contains("birth_year_in_future");
        assertThat(version(null, null, null, 1899, "2024-01-01").impossibility(2025))
                .contains("birth_year_before_1900");
        assertThat(version(null, null, null, 1900, "2024-01-01").impossibility(2025))
                .isEmpty();

        ProfileHistory history = new ProfileHistory();
        assertThat(history.upsert(version(150, 160, null, null, "2024-01-01"))).isFalse();
        assertThat(history.isEmpty()).isTrue();
    }

    @Test
    void frielNeedsAMeasuredLthrElseKarvonenIsUsed() {
        ProfileHistory history = new ProfileHistory();
        history.upsert(new ProfileVersion(
                190,
                60,
                null,
                null,
                Sex.MALE,
                BERLIN,
                DayOfWeek.MONDAY,
                ZoneModel.LTHR_FRIEL,
                LocalDate.parse("2024-01-01")));
        history.upsert(new ProfileVersion(
                190,
                60,
                170,
                null,
                Sex.MALE,
                BERLIN,
                DayOfWeek.MONDAY,
                ZoneModel.LTHR_FRIEL,
                LocalDate.parse("2025-01-01")));
        assertThat(history.resolve(LocalDate.parse("2024-06-01")).zoneModel()).isEqualTo(ZoneModel.KARVONEN);
        assertThat(history.resolve(LocalDate.parse("2025-06-01")).zoneModel()).isEqualTo(ZoneModel.LTHR_FRIEL);
    }

    @Test
    void estimatedMaxBelowStatedRestingKeepsAPositiveReserve() {
        // Born 1925, run 2025: age 100 -> 208 - 70 = 138, below the stated resting 140: resting yields to 60.
        ProfileHistory history = new ProfileHistory();
        history.upsert(version(null, 140, null, 1925, "2024-01-01"));
        ResolvedProfile profile = history.resolve(LocalDate.parse("2025-06-01"));
        assertThat(profile.maxHr()).isEqualTo(138);
        assertThat(profile.restingHr()).isEqualTo(60);
    }

    @Test
    void codecRoundTripsEveryFieldIncludingMissingOnes() {
        ProfileHistory history = new ProfileHistory();
        history.upsert(new ProfileVersion(
                191,
                48,
                171,
                1980,
                Sex.MALE,
                ZoneId.of("America/Los_Angeles"),
                DayOfWeek.SUNDAY,
                ZoneModel.LTHR_FRIEL,
                LocalDate.parse("2024-02-29")));
        history.upsert(
                new ProfileVersion(null, null, null, null, null, null, null, null, LocalDate.parse("1969-12-31")));
        byte[] bytes = ProfileHistoryCodec.encode(history);
        ProfileHistory decoded = ProfileHistoryCodec.decode(bytes);
        assertThat(decoded.versions()).containsExactlyElementsOf(history.versions());
        assertThat(bytes.length).isLessThan(48);
        assertThat(ProfileHistoryCodec.decode(ProfileHistoryCodec.encode(new ProfileHistory()))
                        .isEmpty())
                .isTrue();
        assertThatThrownBy(() -> ProfileHistoryCodec.decode(new byte[] {9, 0}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void weekStartFromAvro() {
        assertThat(ProfileVersion.firstDayOf(WeekStart.SUNDAY)).isEqualTo(DayOfWeek.SUNDAY);
        assertThat(ProfileVersion.firstDayOf(WeekStart.MONDAY)).isEqualTo(DayOfWeek.MONDAY);
        assertThat(ProfileVersion.firstDayOf(null)).isEqualTo(DayOfWeek.MONDAY);
    }
}
