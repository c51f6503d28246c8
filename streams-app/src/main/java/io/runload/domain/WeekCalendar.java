package io.runload.domain;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;

/**
 * Calendar weeks on local dates. Kafka's epoch-aligned windows start on a Thursday in UTC, so
 * weekly volume is bucketed here instead, on the local date the caller resolved.
 */
public final class WeekCalendar {

    private WeekCalendar() {
    }

    /** First day of the calendar week that contains {@code date}. */
    public static LocalDate weekStart(LocalDate date, DayOfWeek firstDay) {
        return date.with(TemporalAdjusters.previousOrSame(firstDay));
    }

    /**
     * ISO label such as {@code 2026-W47}. It is taken from the week's fourth day, so a Sunday-start
     * week gets the ISO week that holds six of its seven days rather than the one its Sunday
     * belongs to.
     */
    public static String isoWeekLabel(LocalDate weekStart) {
        LocalDate middle = weekStart.plusDays(3);
        return String.format("%d-W%02d",
                middle.get(IsoFields.WEEK_BASED_YEAR),
                middle.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }
}
