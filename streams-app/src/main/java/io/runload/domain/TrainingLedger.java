package io.runload.domain;

import io.runload.avro.IntensityClass;
import io.runload.avro.RunStatus;
import io.runload.avro.Sport;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * One athlete's training ledger: the runs of a bounded detail window, their dedup status, and
 * the chain seeds (CTL, ATL, acute and chronic EWMA) as of the day before the window. Days that
 * leave the window are folded into the seeds, so the state does not grow with history while the
 * chains still run over the whole of it.
 *
 * <p>Mutable and not thread-safe: one instance per athlete, held by one stream task.
 */
public final class TrainingLedger {

    /**
     * Local days kept in detail, ending at the latest day: 42 days for the query API, the week
     * before the oldest of them for week-over-week change, plus a week of slack for late data.
     * A late-arrival grace period must stay below this.
     */
    public static final int WINDOW_DAYS = 56;

    /**
     * Default load per minute when the athlete has no measured easy run yet: Banister TRIMP at
     * 65% of heart-rate reserve with the male k (docs/domain.md), 0.65 * 0.64 * e^(1.92 * 0.65) =
     * 1.449 per minute.
     */
    public static final double DEFAULT_EASY_LOAD_PER_MINUTE = 0.65 * 0.64 * Math.exp(1.92 * 0.65);

    /**
     * Resolution the ledger keeps loads, EFs and HR coverage at, so that they encode as short
     * fixed-point varints. Half a step is 5e-7 load units per run (CTL, ATL and weekly loads are
     * shown to 0.01) and 5e-10 m/s per bpm of EF (about 3e-8 of a typical 0.018; the drift rule
     * compares means at 5%). Coverage only ranks two uploads of one run (richest first): two
     * uploads whose coverages differ by less than 1e-6, a few milliseconds of HR in an hour, now
     * tie and are ranked by the next criteria instead.
     */
    public static final double LOAD_SCALE = 1e6;

    public static final double EF_SCALE = 1e9;
    public static final double COVERAGE_SCALE = 1e6;

    private static final int MONOTONY_DAYS = 7;
    /** Days folded out of the window whose loads are still kept: monotony's 7-day block reaches back 6 days. */
    public static final int FOLDED_TAIL_DAYS = MONOTONY_DAYS - 1;
    /** Days of measured easy runs before a run that its duration-based estimate is taken from. */
    public static final int ESTIMATE_LOOKBACK_DAYS = 42;

    /** Entries of the detail window, by runId; a sorted map keeps sums and the codec deterministic. */
    private final TreeMap<String, LedgerEntry> entries = new TreeMap<>();

    private LocalDate latestDay;
    private LocalDate historyStart;
    private LoadChains seed = LoadChains.ZERO;
    /** Loads of the 6 folded days before the window, oldest first: monotony's 7-day block needs them. */
    private double[] foldedTail = new double[FOLDED_TAIL_DAYS];

    private record LedgerEntry(LedgerRun run, RunStatus status, String duplicateOf) {
        boolean counted() {
            return status == RunStatus.COUNTED;
        }
    }

    /** Per-day totals and figures of the window, with the HR seconds the easy share needs. */
    private record DayFigures(DailyLoad daily, long hrSeconds, long easySeconds) {}

    public TrainingLedger() {}

    /**
     * Everything a ledger holds, as plain values to store it by and restore it from: null days for
     * an empty ledger, {@code foldedTail} of {@link #FOLDED_TAIL_DAYS} loads oldest first, and the
     * entries in runId order.
     */
    // A hand-over to the codec, never compared or hashed: the array is the tail as it is written.
    @SuppressWarnings("ArrayRecordComponent")
    public record Snapshot(
            LocalDate latestDay,
            LocalDate historyStart,
            LoadChains seed,
            double[] foldedTail,
            List<RunStatusChange> entries) {}

    public Snapshot snapshot() {
        List<RunStatusChange> held = new ArrayList<>(entries.size());
        for (LedgerEntry entry : entries.values()) {
            held.add(new RunStatusChange(entry.run(), entry.status(), entry.duplicateOf()));
        }
        return new Snapshot(latestDay, historyStart, seed, foldedTail.clone(), held);
    }

    /** The ledger a snapshot describes; its runs are taken as they are, at the resolution they were kept at. */
    public static TrainingLedger restore(Snapshot snapshot) {
        TrainingLedger ledger = new TrainingLedger();
        if (snapshot.latestDay() == null) {
            return ledger;
        }
        if (snapshot.foldedTail().length != FOLDED_TAIL_DAYS) {
            throw new IllegalArgumentException("folded tail of " + snapshot.foldedTail().length + " days");
        }
        ledger.latestDay = snapshot.latestDay();
        ledger.historyStart = snapshot.historyStart();
        ledger.seed = snapshot.seed();
        System.arraycopy(snapshot.foldedTail(), 0, ledger.foldedTail, 0, FOLDED_TAIL_DAYS);
        for (RunStatusChange entry : snapshot.entries()) {
            ledger.entries.put(entry.run().runId(), new LedgerEntry(entry.run(), entry.status(), entry.duplicateOf()));
        }
        return ledger;
    }

    /** Latest local day the ledger has seen (a run's date or a day it was advanced to); null if empty. */
    public LocalDate latestDay() {
        return latestDay;
    }

    /** Earliest local day of any run ever accepted; null if empty. */
    public LocalDate historyStart() {
        return historyStart;
    }

    /** First local day held in detail; null if empty. */
    public LocalDate windowStart() {
        return latestDay == null ? null : latestDay.minusDays(WINDOW_DAYS - 1L);
    }

    public boolean isEmpty() {
        return latestDay == null;
    }

    /**
     * True when a run on {@code localDate} is past the late-arrival grace, or older than the
     * detail window: such data cannot correct the ledger and belongs in the dead-letter topic.
     */
    public boolean isLate(LocalDate localDate, int graceDays) {
        if (latestDay == null) {
            return false;
        }
        return localDate.isBefore(latestDay.minusDays(graceDays)) || localDate.isBefore(windowStart());
    }

    /** Run id already used for an upload, for deletes that arrive under another id. */
    public Optional<String> runIdOf(String source, String externalId) {
        long key = UploadKey.of(source, externalId);
        return entries.values().stream()
                .filter(e -> e.run().source().equals(source) && e.run().uploadKey() == key)
                .map(e -> e.run().runId())
                .findFirst();
    }

    public Optional<RunStatusChange> entry(String runId) {
        LedgerEntry entry = entries.get(runId);
        return entry == null
                ? Optional.empty()
                : Optional.of(new RunStatusChange(entry.run(), entry.status(), entry.duplicateOf()));
    }

    /** Dedup status of a run the ledger holds. */
    public Optional<RunStatus> statusOf(String runId) {
        return Optional.ofNullable(entries.get(runId)).map(LedgerEntry::status);
    }

    /** Counted runs of the window, by start time. */
    public List<LedgerRun> countedRuns() {
        return entries.values().stream()
                .filter(LedgerEntry::counted)
                .map(LedgerEntry::run)
                .sorted((a, b) -> Long.compare(a.startMillis(), b.startMillis()))
                .toList();
    }

    /** What happens to the loads of runs without heart rate when the ledger changes. */
    public enum Estimates {
        /** Every run keeps the load it came with. */
        AS_GIVEN,
        /**
         * Runs without heart rate get their duration-based estimate from the measured runs before
         * them ({@link #estimatedLoadBefore}), re-derived after every change, so that the result
         * does not depend on the order runs arrived in.
         */
        FROM_EARLIER_RUNS
    }

    /** As {@link #upsert(LedgerRun, Estimates)}, every run keeping the load it came with. */
    public LedgerUpdate upsert(LedgerRun incoming) {
        return upsert(incoming, Estimates.AS_GIVEN);
    }

    /**
     * Adds or replaces a run. A re-send of a known (source, externalId) under another id updates
     * the known run. Fuzzy duplicates are then re-resolved so that the richest upload counts.
     */
    public LedgerUpdate upsert(LedgerRun incoming, Estimates estimates) {
        Objects.requireNonNull(incoming, "run");
        if (incoming.sport() == Sport.OTHER) {
            return LedgerUpdate.unchanged(LedgerUpdate.Outcome.NOT_A_RUN, incoming.runId());
        }
        LedgerRun stored = atStoredPrecision(incoming);
        LedgerRun run = entries.values().stream()
                .map(LedgerEntry::run)
                .filter(known -> !known.runId().equals(stored.runId())
                        && known.source().equals(stored.source())
                        && known.uploadKey() == stored.uploadKey())
                .findFirst()
                .map(known -> stored.withRunId(known.runId()))
                .orElse(stored);
        if (latestDay != null && run.localDate().isBefore(windowStart())) {
            return LedgerUpdate.unchanged(LedgerUpdate.Outcome.OUTSIDE_WINDOW, run.runId());
        }
        Map<String, LedgerEntry> before = new TreeMap<>(entries);
        LocalDate previousLatest = latestDay;
        entries.put(run.runId(), new LedgerEntry(run, RunStatus.COUNTED, null));
        resolveDuplicates();
        historyStart = historyStart == null || run.localDate().isBefore(historyStart) ? run.localDate() : historyStart;
        advance(run.localDate());
        if (estimates == Estimates.FROM_EARLIER_RUNS) {
            reestimate();
        }
        return describe(before, previousLatest, run.runId());
    }

    /** As {@link #delete(String, Estimates)}, every run keeping the load it came with. */
    public LedgerUpdate delete(String runId) {
        return delete(runId, Estimates.AS_GIVEN);
    }

    /** Removes a run's load; a fuzzy duplicate it suppressed counts again. */
    public LedgerUpdate delete(String runId, Estimates estimates) {
        LedgerEntry entry = entries.get(runId);
        if (entry == null || entry.status() == RunStatus.DELETED) {
            return LedgerUpdate.unchanged(LedgerUpdate.Outcome.UNKNOWN_RUN, runId);
        }
        Map<String, LedgerEntry> before = new TreeMap<>(entries);
        // The tombstone stays for the window so that the status can be reported and a later
        // re-upload of the same (source, externalId) revives the same run id.
        entries.put(runId, new LedgerEntry(entry.run(), RunStatus.DELETED, null));
        resolveDuplicates();
        if (estimates == Estimates.FROM_EARLIER_RUNS) {
            reestimate();
        }
        return describe(before, latestDay, runId);
    }

    /**
     * Moves the ledger's latest day forward without a run, e.g. when the athlete's local day
     * changes: the rolling figures and chains then include the new rest days.
     */
    public LedgerUpdate advanceTo(LocalDate day) {
        if (latestDay == null || !day.isAfter(latestDay)) {
            return LedgerUpdate.unchanged(LedgerUpdate.Outcome.APPLIED, null);
        }
        Map<String, LedgerEntry> before = new TreeMap<>(entries);
        LocalDate previousLatest = latestDay;
        advance(day);
        return describe(before, previousLatest, null);
    }

    /**
     * Week starts whose published figures a change starting at {@code earliestChangedDay}
     * alters: its own week and every later one up to the latest day, because chain values carry
     * forward.
     */
    public List<LocalDate> affectedWeekStarts(LocalDate earliestChangedDay, DayOfWeek firstDay) {
        if (earliestChangedDay == null || latestDay == null) {
            return List.of();
        }
        LocalDate from = earliestChangedDay.isBefore(windowStart()) ? windowStart() : earliestChangedDay;
        List<LocalDate> weeks = new ArrayList<>();
        for (LocalDate week = WeekCalendar.weekStart(from, firstDay);
                !week.isAfter(latestDay);
                week = week.plusWeeks(1)) {
            weeks.add(week);
        }
        return weeks;
    }

    /**
     * Median load per active minute of recent counted easy runs with measured HR load, or
     * {@link #DEFAULT_EASY_LOAD_PER_MINUTE} when there is none.
     */
    public double easyLoadPerMinute() {
        return medianEasyLoadPerMinute(r -> true);
    }

    /** Duration-based load for a run without usable HR: it must not count as zero load. */
    public double estimatedLoad(double activeMinutes) {
        return easyLoadPerMinute() * activeMinutes;
    }

    /**
     * Median load per active minute of the counted, measured easy runs that started in the
     * {@link #ESTIMATE_LOOKBACK_DAYS} days before {@code startMillis}, or
     * {@link #DEFAULT_EASY_LOAD_PER_MINUTE} when there is none. Only earlier runs count, so a
     * run's estimate is the same whatever arrived after it.
     */
    public double easyLoadPerMinuteBefore(long startMillis) {
        long from = startMillis - ESTIMATE_LOOKBACK_DAYS * 86_400_000L;
        return medianEasyLoadPerMinute(r -> r.startMillis() < startMillis && r.startMillis() >= from);
    }

    private double medianEasyLoadPerMinute(java.util.function.Predicate<LedgerRun> considered) {
        double[] rates = entries.values().stream()
                .filter(LedgerEntry::counted)
                .map(LedgerEntry::run)
                .filter(considered)
                .filter(r -> !r.loadEstimated() && r.intensity() == IntensityClass.EASY && r.activeMinutes() > 0)
                .mapToDouble(r -> r.load() / r.activeMinutes())
                .sorted()
                .toArray();
        if (rates.length == 0) {
            return DEFAULT_EASY_LOAD_PER_MINUTE;
        }
        int mid = rates.length / 2;
        return rates.length % 2 == 1 ? rates[mid] : (rates[mid - 1] + rates[mid]) / 2;
    }

    /** The duration-based load of a run starting at {@code startMillis}, from the runs before it only. */
    public double estimatedLoadBefore(double activeMinutes, long startMillis) {
        return quantised(easyLoadPerMinuteBefore(startMillis) * activeMinutes, LOAD_SCALE);
    }

    /**
     * True while every run the lookback before {@code day} (of {@code lookbackDays}) could hold is
     * still in detail: the lookback starts inside the window, or the athlete's whole history does.
     * Figures over an incomplete lookback are not recomputed, so they keep the value they had.
     */
    public boolean lookbackKnown(LocalDate day, int lookbackDays) {
        if (latestDay == null) {
            return false;
        }
        return !day.minusDays(lookbackDays).isBefore(windowStart()) || !historyStart.isBefore(windowStart());
    }

    /**
     * Re-derives the estimated load of every run without heart rate from the runs before it, so
     * that a measured easy run arriving late corrects the estimates of the runs after it. Runs
     * with some heart rate keep theirs: their load is the larger of the estimate and their
     * partial TRIMP, and the ledger does not hold the TRIMP.
     */
    private void reestimate() {
        List<LedgerEntry> changed = new ArrayList<>();
        for (LedgerEntry entry : entries.values()) {
            LedgerRun run = entry.run();
            if (!run.loadEstimated()
                    || run.hrCoverage() > 0
                    || run.hrSeconds() > 0
                    || !lookbackKnown(run.localDate(), ESTIMATE_LOOKBACK_DAYS + 1)) {
                continue;
            }
            double load = estimatedLoadBefore(run.activeMinutes(), run.startMillis());
            if (Double.doubleToLongBits(load) != Double.doubleToLongBits(run.load())) {
                changed.add(new LedgerEntry(run.withLoad(load), entry.status(), entry.duplicateOf()));
            }
        }
        // Estimates only read measured runs, so one pass settles them all.
        changed.forEach(e -> entries.put(e.run().runId(), e));
    }

    /**
     * Daily figures from {@code from} to {@code to}, rest days included. Days before the window
     * are no longer held in detail, so the series starts at the later of {@code from} and
     * {@link #windowStart()}; days after the latest day are rest days.
     */
    public List<DailyLoad> series(LocalDate from, LocalDate to) {
        if (latestDay == null || to.isBefore(from)) {
            return List.of();
        }
        List<DayFigures> timeline = timeline(to);
        LocalDate start = from.isBefore(windowStart()) ? windowStart() : from;
        return timeline.stream()
                .map(DayFigures::daily)
                .filter(d -> !d.date().isBefore(start) && !d.date().isAfter(to))
                .toList();
    }

    /**
     * Calendar week starting {@code weekStart} (7 days), with rolling and chain figures at
     * {@code asOf}. Days before the window count as empty.
     */
    public WeeklyTotals week(LocalDate weekStart, LocalDate asOf) {
        if (latestDay == null) {
            throw new IllegalStateException("empty ledger");
        }
        LocalDate weekEnd = weekStart.plusDays(6);
        LocalDate end = asOf.isAfter(weekEnd) ? asOf : weekEnd;
        List<DayFigures> timeline = timeline(end);
        Totals calendar = Totals.over(timeline, weekStart, weekEnd);
        Totals previous = Totals.over(timeline, weekStart.minusDays(7), weekStart.minusDays(1));
        Totals rolling = Totals.over(timeline, asOf.minusDays(6), asOf);
        DailyLoad at = timeline.stream()
                .map(DayFigures::daily)
                .filter(d -> d.date().equals(asOf))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("asOf " + asOf + " is before the ledger window"));
        // Multiplying before dividing keeps round figures exact (12 km on 40 km is 30%, not
        // 30.000000000000004%), which matters at the rule thresholds.
        Double change =
                previous.distance > 0 ? (calendar.distance - previous.distance) * 100 / previous.distance : null;
        Double easyShare = rolling.hrSeconds > 0 ? (double) rolling.easySeconds / rolling.hrSeconds : null;
        return new WeeklyTotals(
                weekStart,
                asOf,
                calendar.distance,
                calendar.moving,
                calendar.runs,
                calendar.load,
                previous.distance,
                change,
                rolling.distance,
                rolling.moving,
                rolling.runs,
                rolling.load,
                rolling.hrSeconds,
                rolling.easySeconds,
                easyShare,
                at.ctl(),
                at.atl(),
                at.tsb(),
                at.acwr(),
                at.monotony(),
                at.strain());
    }

    private static final class Totals {
        double distance;
        long moving;
        int runs;
        double load;
        long hrSeconds;
        long easySeconds;

        static Totals over(List<DayFigures> timeline, LocalDate from, LocalDate to) {
            Totals totals = new Totals();
            for (DayFigures day : timeline) {
                LocalDate date = day.daily().date();
                if (!date.isBefore(from) && !date.isAfter(to)) {
                    totals.distance += day.daily().distanceMeters();
                    totals.moving += day.daily().movingTimeSec();
                    totals.runs += day.daily().runs();
                    totals.load += day.daily().load();
                    totals.hrSeconds += day.hrSeconds();
                    totals.easySeconds += day.easySeconds();
                }
            }
            return totals;
        }
    }

    /** Recomputes every day of the window (and rest days up to {@code to}) from the seed. */
    private List<DayFigures> timeline(LocalDate to) {
        LocalDate start = windowStart();
        LocalDate end = to.isAfter(latestDay) ? to : latestDay;
        int days = (int) ChronoUnit.DAYS.between(start, end) + 1;
        double[] load = new double[days];
        double[] distance = new double[days];
        long[] moving = new long[days];
        int[] runs = new int[days];
        long[] hr = new long[days];
        long[] easy = new long[days];
        for (LedgerEntry entry : entries.values()) {
            if (!entry.counted()) {
                continue;
            }
            LedgerRun run = entry.run();
            int i = (int) ChronoUnit.DAYS.between(start, run.localDate());
            load[i] += run.load();
            distance[i] += run.distanceMeters();
            moving[i] += run.movingTimeSec();
            runs[i]++;
            hr[i] += run.hrSeconds();
            easy[i] += run.easySeconds();
        }
        double[] block = new double[MONOTONY_DAYS];
        double[] recent = new double[foldedTail.length + days];
        System.arraycopy(foldedTail, 0, recent, 0, foldedTail.length);
        System.arraycopy(load, 0, recent, foldedTail.length, days);
        List<DayFigures> out = new ArrayList<>(days);
        LoadChains chains = seed;
        for (int i = 0; i < days; i++) {
            double tsb = chains.balance();
            chains = chains.next(load[i]);
            System.arraycopy(recent, i, block, 0, MONOTONY_DAYS);
            DailyLoad daily = new DailyLoad(
                    start.plusDays(i),
                    load[i],
                    distance[i],
                    moving[i],
                    runs[i],
                    chains.ctl(),
                    chains.atl(),
                    tsb,
                    chains.acuteEwma(),
                    chains.chronicEwma(),
                    chains.acwr(),
                    FosterMonotony.monotony(block),
                    FosterMonotony.strain(block));
            out.add(new DayFigures(daily, hr[i], easy[i]));
        }
        return out;
    }

    /**
     * Fuzzy dedup over the whole window, richest upload first: each run either matches a run
     * already kept (and becomes its duplicate) or is kept. Resolving from scratch makes the result
     * independent of arrival order, and lets a delete or an update un-suppress a duplicate.
     */
    private void resolveDuplicates() {
        List<LedgerRun> active = entries.values().stream()
                .filter(e -> e.status() != RunStatus.DELETED)
                .map(LedgerEntry::run)
                .sorted(LedgerRun.RICHEST_FIRST)
                .toList();
        List<LedgerRun> kept = new ArrayList<>();
        for (LedgerRun run : active) {
            Optional<LedgerRun> keeper = kept.stream()
                    .filter(k -> FuzzyRunMatch.sameActivity(k, run))
                    .findFirst();
            if (keeper.isPresent()) {
                entries.put(
                        run.runId(),
                        new LedgerEntry(run, RunStatus.DUPLICATE, keeper.get().runId()));
            } else {
                entries.put(run.runId(), new LedgerEntry(run, RunStatus.COUNTED, null));
                kept.add(run);
            }
        }
    }

    /** Raises the latest day and folds the days that leave the window into the seed. */
    private void advance(LocalDate day) {
        if (latestDay == null) {
            latestDay = day;
            return;
        }
        if (!day.isAfter(latestDay)) {
            return;
        }
        LocalDate oldStart = windowStart();
        latestDay = day;
        LocalDate newStart = windowStart();
        Map<LocalDate, Double> loadByDay = new TreeMap<>();
        for (LedgerEntry entry : entries.values()) {
            if (entry.counted() && entry.run().localDate().isBefore(newStart)) {
                loadByDay.merge(entry.run().localDate(), entry.run().load(), Double::sum);
            }
        }
        for (LocalDate d = oldStart; d.isBefore(newStart); d = d.plusDays(1)) {
            double load = loadByDay.getOrDefault(d, 0.0);
            seed = seed.next(load);
            System.arraycopy(foldedTail, 1, foldedTail, 0, foldedTail.length - 1);
            foldedTail[foldedTail.length - 1] = load;
        }
        prune(newStart);
    }

    private void prune(LocalDate newStart) {
        Set<String> gone = new HashSet<>();
        entries.values().stream()
                .filter(e -> e.run().localDate().isBefore(newStart))
                .forEach(e -> gone.add(e.run().runId()));
        // A duplicate whose keeper has been folded must go with it: resolving it again would
        // count the same run a second time.
        entries.values().stream()
                .filter(e -> e.duplicateOf() != null && gone.contains(e.duplicateOf()))
                .forEach(e -> gone.add(e.run().runId()));
        gone.forEach(entries::remove);
    }

    private LedgerUpdate describe(Map<String, LedgerEntry> before, LocalDate previousLatest, String runId) {
        List<RunStatusChange> changed = new ArrayList<>();
        LocalDate earliest =
                previousLatest != null && latestDay.isAfter(previousLatest) ? previousLatest.plusDays(1) : null;
        if (previousLatest == null) {
            earliest = latestDay;
        }
        for (LedgerEntry after : entries.values()) {
            String id = after.run().runId();
            LedgerEntry old = before.get(id);
            boolean statusChanged = old == null
                    || old.status() != after.status()
                    || !Objects.equals(old.duplicateOf(), after.duplicateOf());
            // A re-estimated load changes the run's published summary too.
            boolean runChanged = old != null && !old.run().equals(after.run());
            if (statusChanged || runChanged || id.equals(runId)) {
                changed.add(new RunStatusChange(after.run(), after.status(), after.duplicateOf()));
            }
            LedgerRun countedBefore = old != null && old.counted() ? old.run() : null;
            LedgerRun countedAfter = after.counted() ? after.run() : null;
            if (!Objects.equals(countedBefore, countedAfter)) {
                for (LedgerRun r : Arrays.asList(countedBefore, countedAfter)) {
                    if (r != null && (earliest == null || r.localDate().isBefore(earliest))) {
                        earliest = r.localDate();
                    }
                }
            }
        }
        return new LedgerUpdate(LedgerUpdate.Outcome.APPLIED, runId, earliest, changed);
    }

    /** The run as the ledger keeps it: numbers at the stored resolution, so memory and store agree. */
    public static LedgerRun atStoredPrecision(LedgerRun run) {
        double load = quantised(run.load(), LOAD_SCALE);
        Double ef = run.efficiencyFactor() == null ? null : quantised(run.efficiencyFactor(), EF_SCALE);
        double coverage = quantised(run.hrCoverage(), COVERAGE_SCALE);
        if (load == run.load() && Objects.equals(ef, run.efficiencyFactor()) && coverage == run.hrCoverage()) {
            return run;
        }
        return run.withLoad(load).withEfficiencyFactor(ef).withHrCoverage(coverage);
    }

    /** 2^52: below it every whole number of steps is an exact double. */
    private static final double MAX_EXACT_STEPS = 4.503599627370496E15;

    private static double quantised(double value, double scale) {
        double scaled = value * scale;
        if (!Double.isFinite(scaled) || Math.abs(scaled) >= MAX_EXACT_STEPS) {
            return value;
        }
        return Math.round(scaled) / scale;
    }
}
