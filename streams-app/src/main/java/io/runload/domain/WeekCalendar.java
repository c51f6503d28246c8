package io.runload.domain;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/**
 * Calendar weeks on local dates. Kafka's epoch-aligned windows start on a Thursday in UTC, so
 * weekly volume is bucketed here instead, on the local date the caller resolved.
 */
public final class WeekCalendar {

    private WeekCalendar() {}

    /**
     * Local date at a run's start in the zone where it happened. Runs are bucketed by this date,
     * so a run that starts just before midnight belongs to that day even after a DST change or a
     * flight across zones.
     */
    public static LocalDate localDate(long startMillis, ZoneId zone) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(startMillis), zone);
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
        return String.format(
                Locale.ROOT,
                "%d-W%02d",
                middle.get(IsoFields.WEEK_BASED_YEAR),
                middle.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }
}
