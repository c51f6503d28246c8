package io.runload.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class WeekCalendarTest {

    @Test
    void mondayAndSundayWeeksStartOnTheRightDay() {
        LocalDate wednesday = LocalDate.of(2026, 11, 25);
        LocalDate sunday = LocalDate.of(2026, 11, 29);
        assertThat(WeekCalendar.weekStart(wednesday, DayOfWeek.MONDAY)).isEqualTo(LocalDate.of(2026, 11, 23));
        assertThat(WeekCalendar.weekStart(wednesday, DayOfWeek.SUNDAY)).isEqualTo(LocalDate.of(2026, 11, 22));
        // A Sunday closes a Monday week but opens a Sunday week.
        assertThat(WeekCalendar.weekStart(sunday, DayOfWeek.MONDAY)).isEqualTo(LocalDate.of(2026, 11, 23));
        assertThat(WeekCalendar.weekStart(sunday, DayOfWeek.SUNDAY)).isEqualTo(sunday);
    }

    @Test
    void labelsFollowIsoWeeksIncludingYearEnds() {
        // 2026 starts on a Thursday, so ISO week 1 is 2025-12-29..2026-01-04 and 2026 has 53 weeks.
        assertThat(WeekCalendar.isoWeekLabel(LocalDate.of(2026, 11, 23))).isEqualTo("2026-W48");
        assertThat(WeekCalendar.isoWeekLabel(LocalDate.of(2026, 12, 28))).isEqualTo("2026-W53");
        assertThat(WeekCalendar.isoWeekLabel(LocalDate.of(2025, 12, 29))).isEqualTo("2026-W01");
        // A Sunday-start week takes the ISO week of its Monday..Saturday, not of its Sunday.
        assertThat(WeekCalendar.isoWeekLabel(LocalDate.of(2026, 11, 22))).isEqualTo("2026-W48");
        assertThat(WeekCalendar.isoWeekLabel(LocalDate.of(2027, 1, 3))).isEqualTo("2027-W01");
    }

    @Test
    void localDatesFollowDaylightSavingAndTravel() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        // 2026-03-29 01:00 UTC clocks jump from CET (+1) to CEST (+2).
        // 22:30 UTC on Mar 28 is 23:30 CET: still Mar 28.
        assertThat(WeekCalendar.localDate(Instant.parse("2026-03-28T22:30:00Z").toEpochMilli(), berlin))
                .isEqualTo(LocalDate.of(2026, 3, 28));
        // 22:30 UTC on Mar 29 is 00:30 CEST on Mar 30: the +2 offset moves it to the next day,
        // and to the next Monday week.
        LocalDate afterChange =
                WeekCalendar.localDate(Instant.parse("2026-03-29T22:30:00Z").toEpochMilli(), berlin);
        assertThat(afterChange).isEqualTo(LocalDate.of(2026, 3, 30));
        assertThat(WeekCalendar.weekStart(afterChange, DayOfWeek.MONDAY)).isEqualTo(LocalDate.of(2026, 3, 30));
        // The same instant after a flight: 2026-11-22 23:00 UTC is Sunday 15:00 in Los Angeles
        // (-8) but Monday 08:00 in Tokyo (+9), so it lands in different Monday weeks.
        long instant = Instant.parse("2026-11-22T23:00:00Z").toEpochMilli();
        LocalDate la = WeekCalendar.localDate(instant, ZoneId.of("America/Los_Angeles"));
        LocalDate tokyo = WeekCalendar.localDate(instant, ZoneId.of("Asia/Tokyo"));
        assertThat(la).isEqualTo(LocalDate.of(2026, 11, 22));
        assertThat(tokyo).isEqualTo(LocalDate.of(2026, 11, 23));
        assertThat(WeekCalendar.weekStart(la, DayOfWeek.MONDAY)).isEqualTo(LocalDate.of(2026, 11, 16));
        assertThat(WeekCalendar.weekStart(tokyo, DayOfWeek.MONDAY)).isEqualTo(LocalDate.of(2026, 11, 23));
    }
}
