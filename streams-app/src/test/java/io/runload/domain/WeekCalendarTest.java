package io.runload.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDate;
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
}
