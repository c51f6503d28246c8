package io.runload.domain;

import io.runload.avro.IntensityClass;
import io.runload.avro.PlannedType;
import io.runload.avro.RunStatus;
import io.runload.avro.Sport;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.ByteArrayInputStream;
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
     * 65% of heart-rate reserve with the male k (domain.md), 0.65 * 0.64 * e^(1.92 * 0.65) =
     * 1.449 per minute.
     */
    public static final double DEFAULT_EASY_LOAD_PER_MINUTE = 0.65 * 0.64 * Math.exp(1.92 * 0.65);

    private static final byte FORMAT_VERSION = 1;
    private static final int MONOTONY_DAYS = 7;

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
    private record DayFigures(DailyLoad daily, long hrSeconds, long easySeconds) {
    }

    public TrainingLedger() {
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
        return entries.values().stream()
                .filter(e -> e.run().source().equals(source) && e.run().externalId().equals(externalId))
                .map(e -> e.run().runId())
                .findFirst();
    }

    public Optional<RunStatusChange> entry(String runId) {
        LedgerEntry entry = entries.get(runId);
        return entry == null ? Optional.empty()
                : Optional.of(new RunStatusChange(entry.run(), entry.status(), entry.duplicateOf()));
    }

    /** Counted runs of the window, by start time. */
    public List<LedgerRun> countedRuns() {
        return entries.values().stream()
                .filter(LedgerEntry::counted)
                .map(LedgerEntry::run)
                .sorted((a, b) -> Long.compare(a.startMillis(), b.startMillis()))
                .toList();
    }

    /**
     * Adds or replaces a run. A re-send of a known (source, externalId) under another id updates
     * the known run. Fuzzy duplicates are then re-resolved so that the richest upload counts.
     */
    public LedgerUpdate upsert(LedgerRun incoming) {
        Objects.requireNonNull(incoming, "run");
        if (incoming.sport() == Sport.OTHER) {
            return LedgerUpdate.unchanged(LedgerUpdate.Outcome.NOT_A_RUN, incoming.runId());
        }
        LedgerRun run = entries.values().stream()
                .map(LedgerEntry::run)
                .filter(known -> !known.runId().equals(incoming.runId())
                        && known.source().equals(incoming.source())
                        && known.externalId().equals(incoming.externalId()))
                .findFirst()
                .map(known -> incoming.withRunId(known.runId()))
                .orElse(incoming);
        if (latestDay != null && run.localDate().isBefore(windowStart())) {
            return LedgerUpdate.unchanged(LedgerUpdate.Outcome.OUTSIDE_WINDOW, run.runId());
        }
        Map<String, LedgerEntry> before = new TreeMap<>(entries);
        LocalDate previousLatest = latestDay;
        entries.put(run.runId(), new LedgerEntry(run, RunStatus.COUNTED, null));
        resolveDuplicates();
        historyStart = historyStart == null || run.localDate().isBefore(historyStart)
                ? run.localDate() : historyStart;
        advance(run.localDate());
        return describe(before, previousLatest, run.runId());
    }

    /** Removes a run's load; a fuzzy duplicate it suppressed counts again. */
    public LedgerUpdate delete(String runId) {
        LedgerEntry entry = entries.get(runId);
        if (entry == null || entry.status() == RunStatus.DELETED) {
            return LedgerUpdate.unchanged(LedgerUpdate.Outcome.UNKNOWN_RUN, runId);
        }
        Map<String, LedgerEntry> before = new TreeMap<>(entries);
        // The tombstone stays for the window so that the status can be reported and a later
        // re-upload of the same (source, externalId) revives the same run id.
        entries.put(runId, new LedgerEntry(entry.run(), RunStatus.DELETED, null));
        resolveDuplicates();
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
                !week.isAfter(latestDay); week = week.plusWeeks(1)) {
            weeks.add(week);
        }
        return weeks;
    }

    /**
     * Median load per active minute of recent counted easy runs with measured HR load, or
     * {@link #DEFAULT_EASY_LOAD_PER_MINUTE} when there is none.
     */
    public double easyLoadPerMinute() {
        double[] rates = entries.values().stream()
                .filter(LedgerEntry::counted)
                .map(LedgerEntry::run)
                .filter(r -> !r.loadEstimated() && r.intensity() == IntensityClass.EASY
                        && r.activeMinutes() > 0)
                .mapToDouble(r -> r.load() / r.activeMinutes())
                .sorted()
                .toArray();
        if (rates.length == 0) {
            return DEFAULT_EASY_LOAD_PER_MINUTE;
        }
        int mid = rates.length / 2;
        return rates.length % 2 == 1 ? rates[mid] : (rates[mid - 1] + rates[mid]) / 2;
    }

    /** Duration-based load for a run without usable HR: it must not count as zero load. */
    public double estimatedLoad(double activeMinutes) {
        return easyLoadPerMinute() * activeMinutes;
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
        DailyLoad at = timeline.stream().map(DayFigures::daily)
                .filter(d -> d.date().equals(asOf)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("asOf " + asOf + " is before the ledger window"));
        // Multiplying before dividing keeps round figures exact (12 km on 40 km is 30%, not
        // 30.000000000000004%), which matters at the rule thresholds.
        Double change = previous.distance > 0
                ? (calendar.distance - previous.distance) * 100 / previous.distance : null;
        Double easyShare = rolling.hrSeconds > 0 ? (double) rolling.easySeconds / rolling.hrSeconds : null;
        return new WeeklyTotals(weekStart, asOf, calendar.distance, calendar.moving, calendar.runs,
                calendar.load, previous.distance, change, rolling.distance, rolling.moving, rolling.runs,
                rolling.load, rolling.hrSeconds, rolling.easySeconds, easyShare,
                at.ctl(), at.atl(), at.tsb(), at.acwr(), at.monotony(), at.strain());
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
            DailyLoad daily = new DailyLoad(start.plusDays(i), load[i], distance[i], moving[i], runs[i],
                    chains.ctl(), chains.atl(), tsb, chains.acuteEwma(), chains.chronicEwma(),
                    chains.acwr(), FosterMonotony.monotony(block), FosterMonotony.strain(block));
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
                entries.put(run.runId(), new LedgerEntry(run, RunStatus.DUPLICATE, keeper.get().runId()));
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
        LocalDate earliest = previousLatest != null && latestDay.isAfter(previousLatest)
                ? previousLatest.plusDays(1) : null;
        if (previousLatest == null) {
            earliest = latestDay;
        }
        for (LedgerEntry after : entries.values()) {
            String id = after.run().runId();
            LedgerEntry old = before.get(id);
            boolean statusChanged = old == null || old.status() != after.status()
                    || !Objects.equals(old.duplicateOf(), after.duplicateOf());
            if (statusChanged || id.equals(runId)) {
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

    // ---- codec: a RocksDB store value ----

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_VERSION);
            out.writeBoolean(latestDay != null);
            if (latestDay == null) {
                return bytes.toByteArray();
            }
            out.writeInt((int) latestDay.toEpochDay());
            out.writeInt((int) historyStart.toEpochDay());
            out.writeDouble(seed.ctl());
            out.writeDouble(seed.atl());
            out.writeDouble(seed.acuteEwma());
            out.writeDouble(seed.chronicEwma());
            for (double load : foldedTail) {
                out.writeDouble(load);
            }
            out.writeInt(entries.size());
            for (LedgerEntry entry : entries.values()) {
                writeEntry(out, entry);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static TrainingLedger fromBytes(byte[] data) {
        TrainingLedger ledger = new TrainingLedger();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte version = in.readByte();
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException("unknown TrainingLedger format version " + version);
            }
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
                LedgerEntry entry = readEntry(in);
                ledger.entries.put(entry.run().runId(), entry);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt TrainingLedger bytes", e);
        }
        return ledger;
    }

    private static final int FLAG_ESTIMATED = 1;
    private static final int FLAG_EF = 2;
    private static final int FLAG_PLANNED = 4;
    private static final int FLAG_DUPLICATE_OF = 8;

    // Enums are stored by ordinal: Avro only allows appending symbols compatibly, which keeps
    // existing ordinals stable.
    private static void writeEntry(DataOutputStream out, LedgerEntry entry) throws IOException {
        LedgerRun run = entry.run();
        out.writeUTF(run.runId());
        out.writeUTF(run.source());
        out.writeUTF(run.externalId());
        out.writeByte(run.sport().ordinal());
        out.writeLong(run.startMillis());
        out.writeInt(run.durationSec());
        out.writeInt(run.movingTimeSec());
        out.writeDouble(run.distanceMeters());
        out.writeInt((int) run.localDate().toEpochDay());
        out.writeDouble(run.load());
        int flags = (run.loadEstimated() ? FLAG_ESTIMATED : 0)
                | (run.efficiencyFactor() != null ? FLAG_EF : 0)
                | (run.plannedType() != null ? FLAG_PLANNED : 0)
                | (entry.duplicateOf() != null ? FLAG_DUPLICATE_OF : 0);
        out.writeByte(flags);
        out.writeInt((int) run.hrSeconds());
        out.writeInt((int) run.easySeconds());
        if (run.efficiencyFactor() != null) {
            out.writeDouble(run.efficiencyFactor());
        }
        out.writeByte(run.intensity().ordinal());
        if (run.plannedType() != null) {
            out.writeByte(run.plannedType().ordinal());
        }
        out.writeDouble(run.hrCoverage());
        out.writeByte(entry.status().ordinal());
        if (entry.duplicateOf() != null) {
            out.writeUTF(entry.duplicateOf());
        }
    }

    private static LedgerEntry readEntry(DataInputStream in) throws IOException {
        String runId = in.readUTF();
        String source = in.readUTF();
        String externalId = in.readUTF();
        Sport sport = Sport.values()[in.readByte()];
        long start = in.readLong();
        int duration = in.readInt();
        int moving = in.readInt();
        double distance = in.readDouble();
        LocalDate localDate = LocalDate.ofEpochDay(in.readInt());
        double load = in.readDouble();
        int flags = in.readByte();
        long hrSeconds = in.readInt();
        long easySeconds = in.readInt();
        Double ef = (flags & FLAG_EF) != 0 ? in.readDouble() : null;
        IntensityClass intensity = IntensityClass.values()[in.readByte()];
        PlannedType planned = (flags & FLAG_PLANNED) != 0 ? PlannedType.values()[in.readByte()] : null;
        double coverage = in.readDouble();
        RunStatus status = RunStatus.values()[in.readByte()];
        String duplicateOf = (flags & FLAG_DUPLICATE_OF) != 0 ? in.readUTF() : null;
        LedgerRun run = new LedgerRun(runId, source, externalId, sport, start, duration, moving, distance,
                localDate, load, (flags & FLAG_ESTIMATED) != 0, hrSeconds, easySeconds, ef, intensity,
                planned, coverage);
        return new LedgerEntry(run, status, duplicateOf);
    }
}
