package io.runload.domain;

import io.runload.avro.IntensityClass;
import io.runload.avro.PlannedType;
import io.runload.avro.RunStatus;
import io.runload.avro.Sport;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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

    /** 1: fixed-width fields and the ids as strings; 2: compact (see {@link #toBytes()}). Both decode. */
    private static final byte FORMAT_VERSION = 2;

    private static final byte FORMAT_VERSION_1 = 1;
    /**
     * Resolution the ledger keeps loads, EFs and HR coverage at, so that they encode as short
     * fixed-point varints. Half a step is 5e-7 load units per run (CTL, ATL and weekly loads are
     * shown to 0.01) and 5e-10 m/s per bpm of EF (about 3e-8 of a typical 0.018; the drift rule
     * compares means at 5%). Coverage only ranks two uploads of one run (richest first): two
     * uploads whose coverages differ by less than 1e-6, a few milliseconds of HR in an hour, now
     * tie and are ranked by the next criteria instead.
     */
    static final double LOAD_SCALE = 1e6;

    static final double EF_SCALE = 1e9;
    static final double COVERAGE_SCALE = 1e6;
    /** Distance is kept exactly: the fewest decimals (up to mm) that represent it exactly are written. */
    private static final int DISTANCE_MAX_DECIMALS = 3;

    private static final int MONOTONY_DAYS = 7;
    /** Days of measured easy runs before a run that its duration-based estimate is taken from. */
    public static final int ESTIMATE_LOOKBACK_DAYS = 42;

    /** Entries of the detail window, by runId; a sorted map keeps sums and the codec deterministic. */
    private final TreeMap<String, LedgerEntry> entries = new TreeMap<>();

    private LocalDate latestDay;
    private LocalDate historyStart;
    private LoadChains seed = LoadChains.ZERO;
    /** Loads of the 6 folded days before the window, oldest first: monotony's 7-day block needs them. */
    private double[] foldedTail = new double[MONOTONY_DAYS - 1];

    private record LedgerEntry(LedgerRun run, RunStatus status, String duplicateOf) {
        boolean counted() {
            return status == RunStatus.COUNTED;
        }
    }

    /** Per-day totals and figures of the window, with the HR seconds the easy share needs. */
    private record DayFigures(DailyLoad daily, long hrSeconds, long easySeconds) {}

    public TrainingLedger() {}

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
                changed.add(new LedgerEntry(withLoad(run, load), entry.status(), entry.duplicateOf()));
            }
        }
        // Estimates only read measured runs, so one pass settles them all.
        changed.forEach(e -> entries.put(e.run().runId(), e));
    }

    private static LedgerRun withLoad(LedgerRun run, double load) {
        return new LedgerRun(
                run.runId(),
                run.source(),
                run.uploadKey(),
                run.sport(),
                run.startMillis(),
                run.durationSec(),
                run.movingTimeSec(),
                run.distanceMeters(),
                run.localDate(),
                load,
                run.loadEstimated(),
                run.hrSeconds(),
                run.easySeconds(),
                run.efficiencyFactor(),
                run.intensity(),
                run.plannedType(),
                run.hrCoverage());
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
    private static LedgerRun atStoredPrecision(LedgerRun run) {
        double load = quantised(run.load(), LOAD_SCALE);
        Double ef = run.efficiencyFactor() == null ? null : quantised(run.efficiencyFactor(), EF_SCALE);
        double coverage = quantised(run.hrCoverage(), COVERAGE_SCALE);
        if (load == run.load() && Objects.equals(ef, run.efficiencyFactor()) && coverage == run.hrCoverage()) {
            return run;
        }
        return new LedgerRun(
                run.runId(),
                run.source(),
                run.uploadKey(),
                run.sport(),
                run.startMillis(),
                run.durationSec(),
                run.movingTimeSec(),
                run.distanceMeters(),
                run.localDate(),
                load,
                run.loadEstimated(),
                run.hrSeconds(),
                run.easySeconds(),
                ef,
                run.intensity(),
                run.plannedType(),
                coverage);
    }

    private static double quantised(double value, double scale) {
        double scaled = value * scale;
        if (!Double.isFinite(scaled) || Math.abs(scaled) >= MAX_EXACT_STEPS) {
            return value;
        }
        return Math.round(scaled) / scale;
    }

    // ---- codec: a RocksDB store value ----

    /** 2^52: below it every whole number of steps is an exact double. */
    private static final double MAX_EXACT_STEPS = 4.503599627370496E15;

    private static final int SEED_VALUES = 4 + MONOTONY_DAYS - 1;

    // Shape bits of a v2 entry. Enums go by their StoredEnumCodes code in fixed-width slots; a
    // code beyond its slot fails the encode (a new format version is then due) instead of
    // corrupting the value.
    private static final int STATUS_SHIFT = 0;
    private static final int STATUS_BITS = 2;
    private static final int INTENSITY_SHIFT = 2;
    private static final int PLANNED_SHIFT = 5;
    private static final int SPORT_SHIFT = 8;
    private static final int ENUM_BITS = 3;
    private static final int SHAPE_ESTIMATED = 1 << 11;
    private static final int SHAPE_EF = 1 << 12;
    private static final int SHAPE_DUPLICATE_OF = 1 << 13;

    /**
     * Format 2, all integers as varints: version; a non-empty flag; latest day (epoch day) and
     * history start as days before it; the 10 chain seed and folded-tail values, a bit mask of
     * the non-zero ones then those as raw doubles; the athlete's sources, once each; then the
     * entries in runId order. An entry's runId is front-coded (length shared with the previous
     * id, then the rest), with a canonical UUID at its end as 16 bytes; source is an index into
     * the source list; the external id is its 8-byte {@link UploadKey}; the day is counted back
     * from the latest day, the start is an offset from the day's UTC midnight (in whole seconds
     * when it has no millis), moving and HR seconds are differences from the duration; load, EF
     * and coverage are whole steps of their stored resolution and distance has the fewest exact
     * decimals, each with a raw-double escape. duplicateOf is the keeper's entry index.
     */
    public byte[] toBytes() {
        CompactBytesOut out = new CompactBytesOut(64 + entries.size() * 40);
        out.writeByte(FORMAT_VERSION);
        out.writeByte(latestDay != null ? 1 : 0);
        if (latestDay == null) {
            return out.toByteArray();
        }
        out.writeSigned(latestDay.toEpochDay());
        out.writeUnsigned(ChronoUnit.DAYS.between(historyStart, latestDay));
        double[] seedValues = seedValues();
        int nonZero = 0;
        for (int i = 0; i < seedValues.length; i++) {
            if (Double.doubleToRawLongBits(seedValues[i]) != 0) {
                nonZero |= 1 << i;
            }
        }
        out.writeUnsigned(nonZero);
        for (int i = 0; i < seedValues.length; i++) {
            if ((nonZero & (1 << i)) != 0) {
                writeFixedLong(out, Double.doubleToRawLongBits(seedValues[i]));
            }
        }
        List<String> sources = new ArrayList<>();
        Map<String, Integer> sourceIndex = new HashMap<>();
        Map<String, Integer> entryIndex = new HashMap<>();
        for (LedgerEntry entry : entries.values()) {
            if (sourceIndex.putIfAbsent(entry.run().source(), sources.size()) == null) {
                sources.add(entry.run().source());
            }
            entryIndex.put(entry.run().runId(), entryIndex.size());
        }
        out.writeUnsigned(sources.size());
        sources.forEach(out::writeString);
        out.writeUnsigned(entries.size());
        String previousHead = "";
        for (LedgerEntry entry : entries.values()) {
            previousHead = writeEntry(out, entry, previousHead, sourceIndex, entryIndex);
        }
        return out.toByteArray();
    }

    public static TrainingLedger fromBytes(byte[] data) {
        if (data.length == 0) {
            throw CompactBytesIn.corrupt("empty TrainingLedger value");
        }
        return switch (data[0]) {
            case FORMAT_VERSION -> readV2(new CompactBytesIn(data));
            case FORMAT_VERSION_1 -> readV1(data);
            default -> throw new IllegalArgumentException("unknown TrainingLedger format version " + data[0]);
        };
    }

    private double[] seedValues() {
        double[] values = new double[SEED_VALUES];
        values[0] = seed.ctl();
        values[1] = seed.atl();
        values[2] = seed.acuteEwma();
        values[3] = seed.chronicEwma();
        System.arraycopy(foldedTail, 0, values, 4, foldedTail.length);
        return values;
    }

    /** Writes one entry; returns the text part of its run id, which the next id is front-coded against. */
    private String writeEntry(
            CompactBytesOut out,
            LedgerEntry entry,
            String previousHead,
            Map<String, Integer> sourceIndex,
            Map<String, Integer> entryIndex) {
        LedgerRun run = entry.run();
        boolean uuidTail = RunIdUuidTail.endsWithUuid(run.runId());
        String head = uuidTail ? RunIdUuidTail.head(run.runId()) : run.runId();
        int shared = sharedPrefix(previousHead, head);
        out.writeUnsigned((long) shared << 1 | (uuidTail ? 1 : 0));
        out.writeString(head.substring(shared));
        if (uuidTail) {
            RunIdUuidTail.write(out, run.runId());
        }
        int shape = slot(StoredEnumCodes.RUN_STATUS.code(entry.status()), STATUS_BITS, STATUS_SHIFT)
                | slot(StoredEnumCodes.INTENSITY.code(run.intensity()), ENUM_BITS, INTENSITY_SHIFT)
                | slot(
                        run.plannedType() == null ? 0 : StoredEnumCodes.PLANNED_TYPE.code(run.plannedType()) + 1,
                        ENUM_BITS,
                        PLANNED_SHIFT)
                | slot(StoredEnumCodes.SPORT.code(run.sport()), ENUM_BITS, SPORT_SHIFT)
                | (run.loadEstimated() ? SHAPE_ESTIMATED : 0)
                | (run.efficiencyFactor() != null ? SHAPE_EF : 0)
                | (entry.duplicateOf() != null ? SHAPE_DUPLICATE_OF : 0);
        out.writeUnsigned(shape);
        out.writeUnsigned(sourceIndex.get(run.source()));
        writeFixedLong(out, run.uploadKey());
        out.writeSigned(ChronoUnit.DAYS.between(run.localDate(), latestDay));
        long offset = run.startMillis() - run.localDate().toEpochDay() * 86_400_000L;
        out.writeSigned(offset % 1000 == 0 ? (offset / 1000) * 2 : offset * 2 + 1);
        out.writeUnsigned(run.durationSec());
        out.writeSigned((long) run.durationSec() - run.movingTimeSec());
        writeExactDecimal(out, run.distanceMeters(), DISTANCE_MAX_DECIMALS);
        writeDecimal(out, run.load(), LOAD_SCALE);
        out.writeSigned(run.durationSec() - run.hrSeconds());
        out.writeUnsigned(run.hrSeconds() - run.easySeconds());
        if (run.efficiencyFactor() != null) {
            writeDecimal(out, run.efficiencyFactor(), EF_SCALE);
        }
        writeDecimal(out, run.hrCoverage(), COVERAGE_SCALE);
        if (entry.duplicateOf() != null) {
            Integer keeper = entryIndex.get(entry.duplicateOf());
            // The keeper is always held (prune drops duplicates with their keeper); the string
            // form only keeps the codec total.
            out.writeUnsigned(keeper == null ? 0 : keeper + 1L);
            if (keeper == null) {
                out.writeString(entry.duplicateOf());
            }
        }
        return head;
    }

    private static TrainingLedger readV2(CompactBytesIn in) {
        TrainingLedger ledger = new TrainingLedger();
        in.readByte();
        int nonEmpty = in.readByte();
        if (nonEmpty == 0) {
            requireEnd(in);
            return ledger;
        }
        ledger.latestDay = LocalDate.ofEpochDay(in.readSigned());
        ledger.historyStart = ledger.latestDay.minusDays(in.readUnsigned());
        long nonZero = in.readUnsigned();
        if (nonZero >= 1L << SEED_VALUES) {
            throw CompactBytesIn.corrupt("seed mask " + nonZero);
        }
        double[] seedValues = new double[SEED_VALUES];
        for (int i = 0; i < SEED_VALUES; i++) {
            if ((nonZero & (1L << i)) != 0) {
                seedValues[i] = Double.longBitsToDouble(readFixedLong(in));
            }
        }
        ledger.seed = new LoadChains(seedValues[0], seedValues[1], seedValues[2], seedValues[3]);
        System.arraycopy(seedValues, 4, ledger.foldedTail, 0, ledger.foldedTail.length);
        int sourceCount = in.readUnsignedInt();
        List<String> sources = new ArrayList<>();
        for (int i = 0; i < sourceCount; i++) {
            sources.add(in.readString());
        }
        int count = in.readUnsignedInt();
        List<LedgerRun> runs = new ArrayList<>();
        List<RunStatus> statuses = new ArrayList<>();
        List<Object> duplicateRefs = new ArrayList<>();
        String previousHead = "";
        for (int i = 0; i < count; i++) {
            int prefix = in.readUnsignedInt();
            int shared = prefix >>> 1;
            if (shared > previousHead.length()) {
                throw CompactBytesIn.corrupt("runId prefix " + shared + " longer than " + previousHead.length());
            }
            String head = previousHead.substring(0, shared) + in.readString();
            String runId = (prefix & 1) != 0 ? head + RunIdUuidTail.read(in) : head;
            int shape = in.readUnsignedInt();
            String source = sources.get(checkedIndex(in.readUnsignedInt(), sources.size()));
            long uploadKey = readFixedLong(in);
            LocalDate localDate = ledger.latestDay.minusDays(in.readSigned());
            long code = in.readSigned();
            long offset = (code & 1) == 0 ? (code >> 1) * 1000 : code >> 1;
            long start = localDate.toEpochDay() * 86_400_000L + offset;
            int duration = in.readUnsignedInt();
            long moving = duration - in.readSigned();
            double distance = readExactDecimal(in, DISTANCE_MAX_DECIMALS);
            double load = readDecimal(in, LOAD_SCALE);
            long hrSeconds = duration - in.readSigned();
            long easySeconds = hrSeconds - in.readUnsigned();
            Double ef = (shape & SHAPE_EF) != 0 ? readDecimal(in, EF_SCALE) : null;
            double coverage = readDecimal(in, COVERAGE_SCALE);
            int planned = field(shape, ENUM_BITS, PLANNED_SHIFT);
            if (moving < 0 || moving > Integer.MAX_VALUE) {
                throw CompactBytesIn.corrupt("moving time " + moving);
            }
            runs.add(new LedgerRun(
                    runId,
                    source,
                    uploadKey,
                    stored(StoredEnumCodes.SPORT, field(shape, ENUM_BITS, SPORT_SHIFT)),
                    start,
                    duration,
                    (int) moving,
                    distance,
                    localDate,
                    load,
                    (shape & SHAPE_ESTIMATED) != 0,
                    hrSeconds,
                    easySeconds,
                    ef,
                    stored(StoredEnumCodes.INTENSITY, field(shape, ENUM_BITS, INTENSITY_SHIFT)),
                    planned == 0 ? null : stored(StoredEnumCodes.PLANNED_TYPE, planned - 1),
                    coverage));
            statuses.add(stored(StoredEnumCodes.RUN_STATUS, field(shape, STATUS_BITS, STATUS_SHIFT)));
            Object duplicateRef = null;
            if ((shape & SHAPE_DUPLICATE_OF) != 0) {
                int keeper = in.readUnsignedInt();
                duplicateRef = keeper == 0 ? in.readString() : (Object) (keeper - 1);
            }
            duplicateRefs.add(duplicateRef);
            previousHead = head;
        }
        requireEnd(in);
        for (int i = 0; i < count; i++) {
            Object ref = duplicateRefs.get(i);
            String duplicateOf = ref instanceof Integer keeper
                    ? runs.get(checkedIndex(keeper, count)).runId()
                    : (String) ref;
            ledger.entries.put(runs.get(i).runId(), new LedgerEntry(runs.get(i), statuses.get(i), duplicateOf));
        }
        return ledger;
    }

    /** Chars the two ids share at the start, never splitting a surrogate pair (its halves alone are not valid UTF-8). */
    private static int sharedPrefix(String a, String b) {
        int max = Math.min(a.length(), b.length());
        int n = 0;
        while (n < max && a.charAt(n) == b.charAt(n)) {
            n++;
        }
        if (n > 0 && Character.isHighSurrogate(a.charAt(n - 1))) {
            n--;
        }
        return n;
    }

    private static int slot(int value, int bits, int shift) {
        if (value >= 1 << bits) {
            throw new IllegalStateException("enum code " + value + " does not fit the ledger format's " + bits
                    + "-bit slot: a new format version is needed");
        }
        return value << shift;
    }

    private static int field(int shape, int bits, int shift) {
        return (shape >>> shift) & ((1 << bits) - 1);
    }

    private static <E extends Enum<E>> E stored(StoredEnumCode<E> codes, int code) {
        E constant = codes.constant(code);
        if (constant == null) {
            throw CompactBytesIn.corrupt("no " + codes.type().getSimpleName() + " has stored code " + code);
        }
        return constant;
    }

    private static int checkedIndex(int index, int size) {
        if (index < 0 || index >= size) {
            throw CompactBytesIn.corrupt("index " + index + " outside 0.." + (size - 1));
        }
        return index;
    }

    private static void requireEnd(CompactBytesIn in) {
        if (!in.atEnd()) {
            throw CompactBytesIn.corrupt("trailing bytes after the ledger");
        }
    }

    /**
     * A non-negative number that is a whole count of 1/scale steps goes out as that count (tag
     * bit 0), anything else as tag 1 and its raw 8 bytes: the round trip is always bit-exact.
     */
    private static void writeDecimal(CompactBytesOut out, double value, double scale) {
        double scaled = value * scale;
        if (scaled >= 0 && scaled < MAX_EXACT_STEPS) {
            long steps = Math.round(scaled);
            if (Double.doubleToRawLongBits(steps / scale) == Double.doubleToRawLongBits(value)) {
                out.writeUnsigned(steps << 1);
                return;
            }
        }
        out.writeUnsigned(1);
        writeFixedLong(out, Double.doubleToRawLongBits(value));
    }

    private static double readDecimal(CompactBytesIn in, double scale) {
        long tagged = in.readUnsigned();
        if ((tagged & 1) == 0) {
            return (tagged >>> 1) / scale;
        }
        if (tagged != 1) {
            throw CompactBytesIn.corrupt("bad number tag " + tagged);
        }
        return Double.longBitsToDouble(readFixedLong(in));
    }

    /**
     * A non-negative number with at most {@code maxDecimals} decimals goes out as its digits and
     * the count of decimals (low 3 bits: 10 km to the dm takes 3 bytes where a fixed mm scale takes
     * 4), anything else as tag 7 and its raw 8 bytes: the round trip is always bit-exact.
     */
    private static void writeExactDecimal(CompactBytesOut out, double value, int maxDecimals) {
        for (int decimals = 0; decimals <= maxDecimals; decimals++) {
            double scale = POWERS_OF_TEN[decimals];
            double scaled = value * scale;
            if (!(scaled >= 0 && scaled < MAX_EXACT_STEPS)) {
                break;
            }
            long steps = Math.round(scaled);
            if (Double.doubleToRawLongBits(steps / scale) == Double.doubleToRawLongBits(value)) {
                out.writeUnsigned(steps << 3 | decimals);
                return;
            }
        }
        out.writeUnsigned(RAW_DECIMAL_TAG);
        writeFixedLong(out, Double.doubleToRawLongBits(value));
    }

    private static double readExactDecimal(CompactBytesIn in, int maxDecimals) {
        long tagged = in.readUnsigned();
        int decimals = (int) (tagged & 7);
        if (decimals <= maxDecimals) {
            return (tagged >>> 3) / POWERS_OF_TEN[decimals];
        }
        if (tagged != RAW_DECIMAL_TAG) {
            throw CompactBytesIn.corrupt("bad number tag " + tagged);
        }
        return Double.longBitsToDouble(readFixedLong(in));
    }

    private static final double[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};
    private static final int RAW_DECIMAL_TAG = 7;

    private static void writeFixedLong(CompactBytesOut out, long value) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.writeByte((int) (value >>> shift));
        }
    }

    private static long readFixedLong(CompactBytesIn in) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | in.readByte();
        }
        return value;
    }

    // ---- format 1, read only: a changelog written before format 2 must still restore ----

    private static TrainingLedger readV1(byte[] data) {
        TrainingLedger ledger = new TrainingLedger();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            in.readByte();
            if (!in.readBoolean()) {
                return ledger;
            }
            ledger.latestDay = LocalDate.ofEpochDay(in.readInt());
            ledger.historyStart = LocalDate.ofEpochDay(in.readInt());
            ledger.seed = new LoadChains(in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble());
            for (int i = 0; i < ledger.foldedTail.length; i++) {
                ledger.foldedTail[i] = in.readDouble();
            }
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                LedgerEntry entry = readEntryV1(in);
                ledger.entries.put(entry.run().runId(), entry);
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("corrupt TrainingLedger bytes", e);
        }
        return ledger;
    }

    private static final int V1_ESTIMATED = 1;
    private static final int V1_EF = 2;
    private static final int V1_PLANNED = 4;
    private static final int V1_DUPLICATE_OF = 8;

    private static LedgerEntry readEntryV1(DataInputStream in) throws IOException {
        String runId = in.readUTF();
        String source = in.readUTF();
        String externalId = in.readUTF();
        Sport sport = stored(StoredEnumCodes.SPORT, in.readByte());
        long start = in.readLong();
        int duration = in.readInt();
        int moving = in.readInt();
        double distance = in.readDouble();
        LocalDate localDate = LocalDate.ofEpochDay(in.readInt());
        double load = in.readDouble();
        int flags = in.readByte();
        long hrSeconds = in.readInt();
        long easySeconds = in.readInt();
        Double ef = (flags & V1_EF) != 0 ? in.readDouble() : null;
        IntensityClass intensity = stored(StoredEnumCodes.INTENSITY, in.readByte());
        PlannedType planned = (flags & V1_PLANNED) != 0 ? stored(StoredEnumCodes.PLANNED_TYPE, in.readByte()) : null;
        double coverage = in.readDouble();
        RunStatus status = stored(StoredEnumCodes.RUN_STATUS, in.readByte());
        String duplicateOf = (flags & V1_DUPLICATE_OF) != 0 ? in.readUTF() : null;
        LedgerRun run = new LedgerRun(
                runId,
                source,
                externalId,
                sport,
                start,
                duration,
                moving,
                distance,
                localDate,
                load,
                (flags & V1_ESTIMATED) != 0,
                hrSeconds,
                easySeconds,
                ef,
                intensity,
                planned,
                coverage);
        return new LedgerEntry(atStoredPrecision(run), status, duplicateOf);
    }
}
