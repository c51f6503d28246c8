package io.runload.domain;

import java.time.LocalDate;

/**
 * One local day of an athlete's ledger: the counted runs' totals and the chain values after the
 * day. Rest days appear with zero load.
 *
 * @param tsb yesterday's CTL minus yesterday's ATL
 * @param acwr null while the chronic average is ~0
 * @param monotony Foster monotony of the 7 days ending on this date, null when they carry no load
 * @param strain 7-day load times monotony, null with monotony
 */
public record DailyLoad(
        LocalDate date,
        double load,
        double distanceMeters,
        long movingTimeSec,
        int runs,
        double ctl,
        double atl,
        double tsb,
        double acuteEwma,
        double chronicEwma,
        Double acwr,
        Double monotony,
        Double strain) {}
