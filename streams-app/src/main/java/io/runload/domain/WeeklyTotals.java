package io.runload.domain;

import java.time.LocalDate;

/**
 * One calendar week's volume plus the rolling-7-day and chain figures at {@code asOf}; mirrors
 * the WeeklyVolume record.
 *
 * @param weekOverWeekChangePct distance change against the previous week in percent, null when
 *     the previous week had no distance
 * @param easyShare easy HR seconds over all HR seconds in the 7 days ending asOf, null without HR
 */
public record WeeklyTotals(
        LocalDate weekStart,
        LocalDate asOf,
        double distanceMeters,
        long movingTimeSec,
        int runs,
        double load,
        double previousWeekDistanceMeters,
        Double weekOverWeekChangePct,
        double rolling7DistanceMeters,
        long rolling7MovingTimeSec,
        int rolling7Runs,
        double rolling7Load,
        long rolling7HrSeconds,
        long rolling7EasySeconds,
        Double easyShare,
        double ctl,
        double atl,
        double tsb,
        Double acwr,
        Double monotony,
        Double strain) {}
