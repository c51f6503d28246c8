package io.runload.domain;

import static io.runload.domain.LedgerRunBuilder.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.runload.avro.IntensityClass;
import io.runload.avro.PlannedType;
import io.runload.avro.RunStatus;
import io.runload.avro.Sport;
import io.runload.state.TrainingLedgerCodec;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingLedgerTest {

    /** A Monday. */
    private static final LocalDate D = LocalDate.of(2026, 11, 2);

    @Test
    void oneDayOfLoadStartsEveryChainAndTsbUsesYesterday() {
        TrainingLedger ledger = new TrainingLedger();
        ledger.upsert(run("r1", D).load(100).build());

        List<DailyLoad> days = ledger.series(D, D.plusDays(1));
        assertThat(days).hasSize(2);
        DailyLoad first = days.get(0);
        // CTL = 100 * (1 - e^(-1/42)) = 100 * 0.0235283 = 2.352831
        assertThat(first.ctl()).isCloseTo(2.352831, within(1e-6));
        // ATL = 100 * (1 - e^(-1/7)) = 100 * 0.1331221 = 13.312210
        assertThat(first.atl()).isCloseTo(13.312210, within(1e-6));
        // TSB uses yesterday's CTL and ATL, both still 0
        assertThat(first.tsb()).isEqualTo(0.0);
        // acute EWMA: l = 2/8 = 0.25 -> 25; chronic: l = 2/29 -> 100 * 2/29 = 6.896552; ratio 3.625
        assertThat(first.acuteEwma()).isCloseTo(25.0, within(1e-12));
        assertThat(first.chronicEwma()).isCloseTo(6.896552, within(1e-6));
        assertThat(first.acwr()).isCloseTo(3.625, within(1e-9));
        // 7-day block 0,0,0,0,0,0,100: mean 14.2857 / SD 34.9927 = 0.408248
        assertThat(first.monotony()).isCloseTo(0.408248, within(1e-6));

        DailyLoad rest = days.get(1);
        assertThat(rest.load()).isEqualTo(0.0);
        // TSB = 2.352831 - 13.312210 = -10.959379
        assertThat(rest.tsb()).isCloseTo(-10.959379, within(1e-6));
        // CTL decays by e^(-1/42) = 0.976471: 2.352831 * 0.976471 = 2.297473
        assertThat(rest.ctl()).isCloseTo(2.297473, within(1e-6));
        // ATL decays by e^(-1/7) = 0.866878: 13.312210 * 0.866878 = 11.540061
        assertThat(rest.atl()).isCloseTo(11.540061, within(1e-6));
        // acute 0.75 * 25 = 18.75; chronic 6.896552 * 27/29 = 6.420927; ratio 2.920139
        assertThat(rest.acuteEwma()).isCloseTo(18.75, within(1e-12));
        assertThat(rest.chronicEwma()).isCloseTo(6.420927, within(1e-6));
        assertThat(rest.acwr()).isCloseTo(2.920139, within(1e-6));
    }

    @Test
    void acwrIsNullWithoutChronicLoad() {
        TrainingLedger ledger = new TrainingLedger();
        ledger.upsert(run("r1", D.plusDays(3)).load(100).build());
        DailyLoad before = ledger.series(D, D).get(0);
        assertThat(before.chronicEwma()).isEqualTo(0.0);
        assertThat(before.acwr()).isNull();
        assertThat(before.monotony()).isNull();
        assertThat(before.strain()).isNull();
    }

    @Test
    void lateRunChangesEveryLaterDayAndDeletingItRestoresTheSeries() {
        TrainingLedger ledger = new TrainingLedger();
        for (int i = 0; i < 20; i++) {
            ledger.upsert(run("r" + i, D.plusDays(i)).load(50).build());
        }
        List<DailyLoad> original = ledger.series(D, D.plusDays(19));

        LocalDate lateDay = D.plusDays(9); // 10 days before the latest day D+19
        LedgerUpdate late = ledger.upsert(run("late", lateDay)
                .startShiftMinutes(11 * 60)
                .distance(5000)
                .duration(1800)
                .load(80)
                .build());
        assertThat(late.earliestChangedDay()).isEqualTo(lateDay);
        List<DailyLoad> corrected = ledger.series(D, D.plusDays(19));
        for (int i = 0; i < 20; i++) {
            if (i < 9) {
                assertThat(corrected.get(i)).isEqualTo(original.get(i));
            } else {
                assertThat(corrected.get(i).ctl()).isGreaterThan(original.get(i).ctl());
                assertThat(corrected.get(i).atl()).isGreaterThan(original.get(i).atl());
                assertThat(corrected.get(i).chronicEwma())
                        .isGreaterThan(original.get(i).chronicEwma());
            }
        }
        assertThat(corrected.get(9).load()).isEqualTo(130.0);

        // D+9 is a Wednesday: its Monday week (Nov 9) and every week up to the latest day's (Nov 16)
        assertThat(ledger.affectedWeekStarts(late.earliestChangedDay(), DayOfWeek.MONDAY))
                .containsExactly(LocalDate.of(2026, 11, 9), LocalDate.of(2026, 11, 16));
        assertThat(ledger.affectedWeekStarts(late.earliestChangedDay(), DayOfWeek.SUNDAY))
                .containsExactly(LocalDate.of(2026, 11, 8), LocalDate.of(2026, 11, 15));

        LedgerUpdate deletion = ledger.delete("late");
        assertThat(deletion.earliestChangedDay()).isEqualTo(lateDay);
        assertThat(ledger.series(D, D.plusDays(19))).isEqualTo(original);
    }

    @Test
    void updateCanMoveARunToAnotherDay() {
        TrainingLedger ledger = new TrainingLedger();
        ledger.upsert(run("a", D).load(40).build());
        ledger.upsert(run("r", D.plusDays(5)).load(70).build());
        LedgerUpdate moved = ledger.upsert(
                run("r", D.plusDays(2)).load(70).planned(PlannedType.LONG).build());
        assertThat(moved.earliestChangedDay()).isEqualTo(D.plusDays(2));
        List<DailyLoad> days = ledger.series(D, D.plusDays(5));
        assertThat(days.get(2).load()).isEqualTo(70.0);
        assertThat(days.get(5).load()).isEqualTo(0.0);
        assertThat(ledger.entry("r").orElseThrow().run().plannedType()).isEqualTo(PlannedType.LONG);
        // the latest day never moves back: it is the newest day the athlete has reached
        assertThat(ledger.latestDay()).isEqualTo(D.plusDays(5));
    }

    @Test
    void weeksBucketByMondayOrSundayStart() {
        TrainingLedger ledger = new TrainingLedger();
        LocalDate saturday = LocalDate.of(2026, 11, 14);
        LocalDate sunday = saturday.plusDays(1);
        LocalDate monday = saturday.plusDays(2);
        ledger.upsert(
                run("sat", saturday).distance(8_000).duration(2_400).load(40).build());
        ledger.upsert(run("sun", sunday)
                .distance(10_000)
                .duration(3_000)
                .load(50)
                .hr(3_600, 2_700)
                .build());
        ledger.upsert(
                run("mon", monday).distance(12_000).duration(3_600).load(60).build());

        WeeklyTotals mondayWeek = ledger.week(LocalDate.of(2026, 11, 9), sunday);
        assertThat(mondayWeek.distanceMeters()).isEqualTo(18_000.0);
        assertThat(mondayWeek.runs()).isEqualTo(2);
        assertThat(mondayWeek.movingTimeSec()).isEqualTo(5_400L);
        assertThat(mondayWeek.load()).isEqualTo(90.0);
        assertThat(mondayWeek.weekOverWeekChangePct()).isNull();

        WeeklyTotals nextMondayWeek = ledger.week(monday, monday);
        assertThat(nextMondayWeek.distanceMeters()).isEqualTo(12_000.0);
        assertThat(nextMondayWeek.previousWeekDistanceMeters()).isEqualTo(18_000.0);
        // (12 - 18) * 100 / 18 = -33.33%
        assertThat(nextMondayWeek.weekOverWeekChangePct()).isCloseTo(-33.3333, within(1e-4));

        WeeklyTotals sundayWeek = ledger.week(sunday, monday);
        assertThat(sundayWeek.distanceMeters()).isEqualTo(22_000.0);
        assertThat(sundayWeek.previousWeekDistanceMeters()).isEqualTo(8_000.0);
        // (22 - 8) * 100 / 8 = +175%
        assertThat(sundayWeek.weekOverWeekChangePct()).isCloseTo(175.0, within(1e-9));

        // rolling 7 days ending Monday: Nov 10..16 holds all three runs
        assertThat(sundayWeek.rolling7DistanceMeters()).isEqualTo(30_000.0);
        assertThat(sundayWeek.rolling7Runs()).isEqualTo(3);
        assertThat(sundayWeek.rolling7MovingTimeSec()).isEqualTo(9_000L);
        assertThat(sundayWeek.rolling7Load()).isEqualTo(150.0);
        // easy share = (3600 + 2700 + 3600) / (3 * 3600) = 9900 / 10800 = 0.916667
        assertThat(sundayWeek.easyShare()).isCloseTo(0.916667, within(1e-6));

        DailyLoad mondayFigures = ledger.series(monday, monday).get(0);
        assertThat(sundayWeek.ctl()).isEqualTo(mondayFigures.ctl());
        assertThat(sundayWeek.tsb()).isEqualTo(mondayFigures.tsb());
        assertThat(sundayWeek.monotony()).isEqualTo(mondayFigures.monotony());
    }

    @Test
    void easyShareIsNullWithoutHeartRate() {
        TrainingLedger ledger = new TrainingLedger();
        ledger.upsert(run("nohr", D).estimated().load(80).build());
        assertThat(ledger.week(D, D).easyShare()).isNull();
        assertThat(ledger.week(D, D).load()).isEqualTo(80.0);
    }

    @Test
    void lateness() {
        TrainingLedger ledger = new TrainingLedger();
        assertThat(ledger.isLate(D, 7)).isFalse();
        ledger.upsert(run("r", D.plusDays(19)).build());
        assertThat(ledger.isLate(D.plusDays(12), 7)).isFalse(); // exactly latest - grace
        assertThat(ledger.isLate(D.plusDays(11), 7)).isTrue();
        // a grace longer than the window still cannot reach before the window (D+19 - 55)
        assertThat(ledger.windowStart()).isEqualTo(D.plusDays(19 - 55));
        assertThat(ledger.isLate(D.plusDays(19 - 55), 100)).isFalse();
        assertThat(ledger.isLate(D.plusDays(19 - 56), 100)).isTrue();
    }

    @Test
    void runsOutsideTheWindowOrNotRunningChangeNothing() {
        TrainingLedger ledger = new TrainingLedger();
        ledger.upsert(run("r", D.plusDays(60)).build());
        byte[] before = TrainingLedgerCodec.encode(ledger);

        LedgerUpdate old = ledger.upsert(run("old", D).build());
        assertThat(old.outcome()).isEqualTo(LedgerUpdate.Outcome.OUTSIDE_WINDOW);
        LedgerUpdate ride =
                ledger.upsert(run("ride", D.plusDays(60)).sport(Sport.OTHER).build());
        assertThat(ride.outcome()).isEqualTo(LedgerUpdate.Outcome.NOT_A_RUN);
        assertThat(ledger.delete("nope").outcome()).isEqualTo(LedgerUpdate.Outcome.UNKNOWN_RUN);
        assertThat(TrainingLedgerCodec.encode(ledger)).isEqualTo(before);
    }

    @Test
    void advancingTheDayAddsRestDays() {
        TrainingLedger ledger = new TrainingLedger();
        ledger.upsert(run("r", D).load(100).build());
        LedgerUpdate next = ledger.advanceTo(D.plusDays(3));
        assertThat(next.earliestChangedDay()).isEqualTo(D.plusDays(1));
        assertThat(ledger.latestDay()).isEqualTo(D.plusDays(3));
        // 7 days ending D+3 hold only the 100: rolling load 100
        assertThat(ledger.week(D, D.plusDays(3)).rolling7Load()).isEqualTo(100.0);
        assertThat(ledger.advanceTo(D.plusDays(2)).earliestChangedDay()).isNull();
    }

    @Test
    void easyLoadPerMinuteIsTheMedianOfMeasuredEasyRuns() {
        TrainingLedger ledger = new TrainingLedger();
        // no measured easy run: 0.65 * 0.64 * e^(1.92 * 0.65) = 0.416 * 3.483289 = 1.449082
        assertThat(ledger.easyLoadPerMinute()).isCloseTo(1.449082, within(1e-6));

        ledger.upsert(run("a", D).load(72).build()); // 72 / 60 min = 1.2
        ledger.upsert(run("b", D.plusDays(1)).load(90).build()); // 1.5
        ledger.upsert(run("c", D.plusDays(2)).load(108).build()); // 1.8
        ledger.upsert(run("est", D.plusDays(3)).estimated().load(300).build()); // ignored
        ledger.upsert(run("hard", D.plusDays(4))
                .intensity(IntensityClass.HARD)
                .load(200)
                .build()); // ignored
        assertThat(ledger.easyLoadPerMinute()).isCloseTo(1.5, within(1e-12));

        ledger.upsert(run("d", D.plusDays(5)).duration(2_700).load(72).build()); // 72 / 45 min = 1.6
        // median of 1.2, 1.5, 1.6, 1.8 = (1.5 + 1.6) / 2 = 1.55; 40 minutes -> 62
        assertThat(ledger.easyLoadPerMinute()).isCloseTo(1.55, within(1e-12));
        assertThat(ledger.estimatedLoad(40)).isCloseTo(62.0, within(1e-9));
    }

    @Test
    void stateStaysBoundedAndChainsMatchAFullHistoryRecomputation() {
        int totalDays = 400;
        double[] loads = new double[totalDays];
        TrainingLedger ledger = new TrainingLedger();
        int sizeAtDay200 = 0;
        for (int i = 0; i < totalDays; i++) {
            if (i % 7 != 6) { // a rest day each week
                loads[i] = 30 + (i * 37) % 71;
                ledger.upsert(run(String.format("run-%03d", i), D.plusDays(i))
                        .load(loads[i])
                        .ef(1.0 + i / 1000.0)
                        .build());
            }
            if (i == 200) {
                sizeAtDay200 = TrainingLedgerCodec.encode(ledger).length;
            }
        }
        LocalDate last = D.plusDays(totalDays - 1);
        ledger.advanceTo(last);
        int size = TrainingLedgerCodec.encode(ledger).length;
        assertThat(size).isLessThan(6 * 1024);
        assertThat(size).isLessThanOrEqualTo(sizeAtDay200 + 64);

        // Reference: the chains over all 400 days, written out independently of the ledger.
        double ctl = 0;
        double atl = 0;
        double acute = 0;
        double chronic = 0;
        double[] ctlRef = new double[totalDays];
        double[] atlRef = new double[totalDays];
        double[] tsbRef = new double[totalDays];
        double[] acuteRef = new double[totalDays];
        double[] chronicRef = new double[totalDays];
        for (int i = 0; i < totalDays; i++) {
            tsbRef[i] = ctl - atl;
            ctl = ctl + (loads[i] - ctl) * (1 - Math.exp(-1.0 / 42));
            atl = atl + (loads[i] - atl) * (1 - Math.exp(-1.0 / 7));
            acute = 0.25 * loads[i] + 0.75 * acute;
            chronic = (2.0 / 29) * loads[i] + (27.0 / 29) * chronic;
            ctlRef[i] = ctl;
            atlRef[i] = atl;
            acuteRef[i] = acute;
            chronicRef[i] = chronic;
        }
        List<DailyLoad> window = ledger.series(D, last);
        assertThat(window).hasSize(TrainingLedger.WINDOW_DAYS);
        for (DailyLoad day : window) {
            int i = (int) java.time.temporal.ChronoUnit.DAYS.between(D, day.date());
            assertThat(day.ctl()).isCloseTo(ctlRef[i], within(1e-9));
            assertThat(day.atl()).isCloseTo(atlRef[i], within(1e-9));
            assertThat(day.tsb()).isCloseTo(tsbRef[i], within(1e-9));
            assertThat(day.acuteEwma()).isCloseTo(acuteRef[i], within(1e-9));
            assertThat(day.chronicEwma()).isCloseTo(chronicRef[i], within(1e-9));
            double[] block = new double[7];
            System.arraycopy(loads, i - 6, block, 0, 7);
            assertThat(day.monotony()).isCloseTo(FosterMonotony.monotony(block), within(1e-9));
        }
        // the CTL after 400 days of ~60 a day is far from zero: the comparison is not vacuous
        assertThat(window.get(window.size() - 1).ctl()).isGreaterThan(40);

        TrainingLedger restored = TrainingLedgerCodec.decode(TrainingLedgerCodec.encode(ledger));
        assertThat(restored.series(D, last)).isEqualTo(window);
        assertThat(TrainingLedgerCodec.encode(restored)).isEqualTo(TrainingLedgerCodec.encode(ledger));
    }

    @Test
    void codecRoundTripKeepsEveryField() {
        TrainingLedger ledger = new TrainingLedger();
        ledger.upsert(run("rich", D)
                .ef(1.23)
                .planned(PlannedType.EASY)
                .coverage(0.97)
                .hr(3_500, 3_000)
                .build());
        ledger.upsert(run("poor", D)
                .source("strava")
                .startShiftMinutes(1)
                .estimated()
                .load(55)
                .build());
        ledger.upsert(run("hard", D.plusDays(1))
                .intensity(IntensityClass.HARD)
                .planned(PlannedType.WORKOUT)
                .sport(Sport.TRACK_RUN)
                .distance(8_000)
                .load(120)
                .build());
        ledger.upsert(run("gone", D.plusDays(2)).build());
        ledger.delete("gone");

        TrainingLedger copy = TrainingLedgerCodec.decode(TrainingLedgerCodec.encode(ledger));
        for (String id : List.of("rich", "poor", "hard", "gone")) {
            assertThat(copy.entry(id)).isEqualTo(ledger.entry(id));
        }
        assertThat(copy.entry("poor").orElseThrow().status()).isEqualTo(RunStatus.DUPLICATE);
        assertThat(copy.entry("poor").orElseThrow().duplicateOf()).isEqualTo("rich");
        assertThat(copy.entry("gone").orElseThrow().status()).isEqualTo(RunStatus.DELETED);
        assertThat(copy.latestDay()).isEqualTo(ledger.latestDay());
        assertThat(copy.historyStart()).isEqualTo(D);
        assertThat(copy.series(D, D.plusDays(2))).isEqualTo(ledger.series(D, D.plusDays(2)));
        assertThat(TrainingLedgerCodec.encode(copy)).isEqualTo(TrainingLedgerCodec.encode(ledger));

        TrainingLedger empty = TrainingLedgerCodec.decode(TrainingLedgerCodec.encode(new TrainingLedger()));
        assertThat(empty.isEmpty()).isTrue();
        byte[] wrongVersion = TrainingLedgerCodec.encode(ledger);
        wrongVersion[0] = 99;
        assertThatThrownBy(() -> TrainingLedgerCodec.decode(wrongVersion)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEstimatedLoadUsesOnlyEasyRunsThatStartedBeforeItAndIsCorrectedWhenOneArrivesLate() {
        LocalDate d = LocalDate.of(2026, 3, 2);
        TrainingLedger ledger = new TrainingLedger();
        TrainingLedger.Estimates fromEarlier = TrainingLedger.Estimates.FROM_EARLIER_RUNS;
        // Measured easy runs: 1.5/min on d, 2.0/min on d+20 (after the estimated run).
        ledger.upsert(run("a", d).load(90).build(), fromEarlier);
        ledger.upsert(run("later", d.plusDays(20)).load(120).build(), fromEarlier);
        // 40 minutes without HR on d+10: only "a" started before it -> 1.5 * 40 = 60.
        ledger.upsert(
                run("nohr", d.plusDays(10))
                        .duration(2_400)
                        .load(999)
                        .estimated()
                        .build(),
                fromEarlier);
        assertThat(ledger.entry("nohr").orElseThrow().run().load()).isEqualTo(60.0);
        // A measured easy run of d+5 at 1.7/min arrives late: the median of 1.5 and 1.7 is 1.6 -> 64.
        LedgerUpdate late = ledger.upsert(run("b", d.plusDays(5)).load(102).build(), fromEarlier);
        assertThat(ledger.entry("nohr").orElseThrow().run().load()).isCloseTo(64.0, within(1e-9));
        assertThat(late.changedRuns()).extracting(c -> c.run().runId()).contains("b", "nohr");
        assertThat(late.earliestChangedDay()).isEqualTo(d.plusDays(5));
        // Without an earlier measured easy run the default rate applies: 1.449082... * 40.
        TrainingLedger fresh = new TrainingLedger();
        fresh.upsert(run("nohr", d).duration(2_400).load(999).estimated().build(), fromEarlier);
        assertThat(fresh.entry("nohr").orElseThrow().run().load()).isCloseTo(57.963, within(1e-3));
    }
}
