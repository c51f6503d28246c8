package io.runload.topology;

import io.runload.avro.RunEvent;
import io.runload.avro.RunOp;
import io.runload.domain.AthleteHeartRateState;
import io.runload.domain.HeartRateCompleteness;
import io.runload.domain.MinuteBucket;
import io.runload.domain.ProfileHistory;
import io.runload.domain.RunEffort;
import io.runload.domain.RunHeartRateAccumulator;
import io.runload.domain.SteadyRun;
import io.runload.domain.TrainingLedger;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Joins a run event with the heart rate recorded during it and the athlete's profile as of the
 * run's local date, giving the run's effort (TRIMP, zones, decoupling). A run whose heart rate has
 * not all arrived yet waits in a store (see {@link HeartRateCompleteness}) and is released by a
 * wall-clock punctuation; so does a run of an athlete whose first profile has not arrived yet. A
 * run summarised without all of its heart rate stays watched for a while
 * longer, because watches sync minutes to hours after the platform reports the run: when its
 * samples complete (or the watch ends with more of them than before), the summary is redone and
 * the ledger corrects the run like any other update.
 */
final class ObservedRunProcessor implements Processor<String, RunEvent, String, ObservedRun> {
    static final Duration RELEASE_INTERVAL = Duration.ofSeconds(1);
    /**
     * Watched runs checked per tick. Most runs without heart rate never get any, and there can be
     * many of them, so each tick checks a bounded slice and the whole set is covered round-robin.
     */
    static final int WATCHED_RUNS_PER_TICK = 500;
    /**
     * Waiting runs summarised per tick at most. A back-fill can leave hundreds of run events
     * waiting for their samples, which then complete at once; summarising them all in one
     * punctuation kept a transaction open past its timeout (10 s under exactly-once), and the
     * fenced producer went back to the last commit, to the same punctuation. The rest wait for the
     * next tick, which starts with the athlete where this one stopped.
     */
    static final int RELEASED_PER_TICK = 128;

    private final long maxWaitMillis;
    private final long lateWatchMillis;
    private final long hrRetentionMillis;
    private final int graceDays;
    private ProcessorContext<String, ObservedRun> context;
    private KeyValueStore<String, TrainingLedger> ledgers;
    private AthleteHeartRateStores heartRates;
    private KeyValueStore<String, ProfileHistory> profiles;
    private KeyValueStore<String, PendingRun> pending;
    private KeyValueStore<String, PendingRun> watched;
    private RunHeartRateRecords records;
    /** Where the next tick resumes checking watched runs; in memory, so a restart starts over. */
    private String watchCursor;
    /** The athlete prefix the next release starts at, or null for the first. */
    private String releaseCursor;

    /**
     * How far a run's heart rate has arrived: its newest sample, whether that is (most likely) all
     * of it, and whether it reaches the run's end by itself rather than by the athlete's later
     * samples having moved past the run.
     */
    private record HeartRateProgress(
            long lastSampleMillis, boolean complete, boolean reachesEnd, long frontierMillis) {}

    ObservedRunProcessor(
            Duration maxWait, Duration lateHeartRateWatch, Duration lateGrace, Duration heartRateRetention) {
        this.maxWaitMillis = maxWait.toMillis();
        this.hrRetentionMillis = heartRateRetention.toMillis();
        this.lateWatchMillis = lateHeartRateWatch.toMillis();
        this.graceDays = TrainingLoadProcessor.graceDays(lateGrace);
    }

    @Override
    public void init(ProcessorContext<String, ObservedRun> context) {
        this.context = context;
        heartRates = new AthleteHeartRateStores(
                context.getStateStore(StoreNames.HEART_RATE), context.getStateStore(StoreNames.HEART_RATE_RUNS));
        profiles = context.getStateStore(StoreNames.PROFILE_HISTORY);
        pending = context.getStateStore(StoreNames.PENDING_RUNS);
        watched = context.getStateStore(StoreNames.WATCHED_RUNS);
        ledgers = context.getStateStore(StoreNames.LEDGER);
        records = new RunHeartRateRecords(context.getStateStore(StoreNames.RUN_HEART_RATE_RECORD));
        context.schedule(RELEASE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::releaseDue);
    }

    @Override
    public void process(Record<String, RunEvent> record) {
        RunEvent run = record.value();
        String pendingKey = StoreNames.composite(record.key(), run.getRunId());
        rejectIfLate(record.key(), run);
        HeartRateProgress progress = progress(record.key(), run);
        if (run.getOp() != RunOp.DELETE
                && maxWaitMillis > 0
                && (!readyToSummarise(record.key(), progress) || earlierRunWaiting(record.key(), run, pendingKey))) {
            pending.put(pendingKey, PendingRun.waiting(context.currentSystemTimeMs() + maxWaitMillis, run));
            if (watched.get(pendingKey) != null) {
                watched.delete(pendingKey);
            }
            return;
        }
        // A delete, or a newer version, supersedes a version still waiting or watched.
        summarizeAndWatch(pendingKey, run, progress, record.timestamp());
    }

    private record Due(String key, PendingRun run, HeartRateProgress progress) {}

    /**
     * Whether a run of the athlete that started before this one is still waiting: then this one
     * waits too, so that the ledger gets an athlete's runs in start order when their run events
     * overtook their samples (a back-fill), instead of counting a run before the one before it.
     */
    private boolean earlierRunWaiting(String athleteId, RunEvent run, String key) {
        try (KeyValueIterator<String, PendingRun> it =
                pending.range(StoreNames.composite(athleteId, ""), athleteId + '\u0001')) {
            while (it.hasNext()) {
                KeyValue<String, PendingRun> entry = it.next();
                if (!entry.key.equals(key) && entry.value.event().getStartTime().isBefore(run.getStartTime())) {
                    return true;
                }
            }
        }
        return false;
    }

    private void releaseDue(long wallClockMillis) {
        List<Due> released = new ArrayList<>();
        String stoppedAt = collectDue(releaseCursor, null, wallClockMillis, released);
        if (stoppedAt == null && releaseCursor != null) {
            stoppedAt = collectDue(null, releaseCursor, wallClockMillis, released);
        }
        releaseCursor = stoppedAt;
        for (Due due : released) {
            RunEvent run = due.run().event();
            summarizeAndWatch(due.key(), run, due.progress(), endMillis(run));
        }
        checkWatchedSlice(wallClockMillis);
    }

    /**
     * Adds the due runs of the athletes with keys from {@code from} (inclusive) to {@code to}
     * (exclusive; both null for open) to {@code released}, up to {@link #RELEASED_PER_TICK};
     * returns the prefix of the athlete to start at next time if the budget ran out first.
     */
    private String collectDue(String from, String to, long wallClockMillis, List<Due> released) {
        List<KeyValue<String, PendingRun>> athleteRuns = new ArrayList<>();
        try (KeyValueIterator<String, PendingRun> it = pending.range(from, to)) {
            while (it.hasNext()) {
                KeyValue<String, PendingRun> entry = it.next();
                if (to != null && entry.key.compareTo(to) >= 0) {
                    break;
                }
                if (!athleteRuns.isEmpty() && !athleteOf(athleteRuns.get(0).key).equals(athleteOf(entry.key))) {
                    String stopped = releaseInStartOrder(athleteRuns, wallClockMillis, released);
                    if (stopped != null) {
                        return stopped;
                    }
                    athleteRuns.clear();
                }
                athleteRuns.add(entry);
            }
        }
        return releaseInStartOrder(athleteRuns, wallClockMillis, released);
    }

    /**
     * One athlete's waiting runs (keys share the athlete prefix), released oldest first and only
     * up to the first one still waiting, so a ready run never overtakes an earlier one; that
     * holds it back at most until the earlier one's deadline. Returns the athlete's prefix if the
     * tick's budget ran out before its due runs did.
     */
    private String releaseInStartOrder(
            List<KeyValue<String, PendingRun>> athleteRuns, long wallClockMillis, List<Due> released) {
        athleteRuns.sort(Comparator.comparing(
                        (KeyValue<String, PendingRun> e) -> e.value.event().getStartTime())
                .thenComparing(e -> e.key));
        for (KeyValue<String, PendingRun> entry : athleteRuns) {
            String athleteId = athleteOf(entry.key);
            if (released.size() >= RELEASED_PER_TICK) {
                return StoreNames.athletePrefix(athleteId);
            }
            HeartRateProgress progress = progress(athleteId, entry.value.event());
            if (entry.value.deadlineMillis() > wallClockMillis && !readyToSummarise(athleteId, progress)) {
                return null;
            }
            released.add(new Due(entry.key, entry.value, progress));
        }
        return null;
    }

    private void checkWatchedSlice(long wallClockMillis) {
        List<Due> ended = new ArrayList<>();
        String resumeAt = null;
        try (KeyValueIterator<String, PendingRun> it = watched.range(watchCursor, null)) {
            int checked = 0;
            while (it.hasNext()) {
                KeyValue<String, PendingRun> entry = it.next();
                if (checked++ == WATCHED_RUNS_PER_TICK) {
                    resumeAt = entry.key;
                    break;
                }
                HeartRateProgress progress = progress(athleteOf(entry.key), entry.value.event());
                // Samples moving past the run end its watch only once some of its own came since
                // its summary: a device that syncs an older run after a newer one still corrects it.
                boolean more = progress.lastSampleMillis() > entry.value.heartRateSeenMillis();
                if (entry.value.deadlineMillis() <= wallClockMillis
                        || progress.reachesEnd()
                        || (progress.complete() && more)) {
                    ended.add(new Due(entry.key, entry.value, progress));
                }
            }
        }
        watchCursor = resumeAt;
        for (Due due : ended) {
            watched.delete(due.key());
            RunEvent run = due.run().event();
            if (due.progress().lastSampleMillis() > due.run().heartRateSeenMillis()) {
                summarize(run.getAthleteId(), run, endMillis(run));
            }
        }
    }

    private void summarizeAndWatch(String key, RunEvent run, HeartRateProgress progress, long timestamp) {
        summarize(run.getAthleteId(), run, timestamp);
        if (pending.get(key) != null) {
            pending.delete(key);
        }
        if (run.getOp() != RunOp.DELETE && lateWatchMillis > 0 && mayStillCome(run, progress)) {
            watched.put(
                    key,
                    PendingRun.watched(
                            context.currentSystemTimeMs() + lateWatchMillis, run, progress.lastSampleMillis()));
        } else if (watched.get(key) != null) {
            watched.delete(key);
        }
    }

    /**
     * Whether more of the run's heart rate may still be synced: it has not reached the run's end,
     * and either the athlete's samples have not moved past the run, or only recently (within the
     * heart-rate retention), as when a second device syncs an older run after a newer one. A run
     * long behind the athlete's heart rate without its own (a manual upload) is not watched.
     */
    private boolean mayStillCome(RunEvent run, HeartRateProgress progress) {
        return !progress.reachesEnd()
                && (!progress.complete() || progress.frontierMillis() - endMillis(run) <= hrRetentionMillis);
    }

    private static String athleteOf(String key) {
        return key.substring(0, key.indexOf('\u0000'));
    }

    private static long endMillis(RunEvent run) {
        return run.getStartTime().toEpochMilli() + run.getDurationSec() * 1000L;
    }

    /**
     * Lateness is judged when the run arrives, against the athlete's latest day, so that a run
     * released later from the waiting store is never rejected for time it spent waiting.
     */
    private void rejectIfLate(String athleteId, RunEvent run) {
        if (run.getOp() == RunOp.DELETE) {
            return;
        }
        TrainingLedger ledger = ledgers.get(athleteId);
        if (ledger == null || ledger.latestDay() == null) {
            return;
        }
        LocalDate localDate = observe(athleteId, run).localDate();
        if (ledger.isLate(localDate, graceDays)) {
            throw new RejectedRecordException(
                    "late",
                    "run " + run.getRunId() + " on " + localDate + " is older than the athlete's latest day "
                            + ledger.latestDay() + " minus " + graceDays + " days");
        }
    }

    private HeartRateProgress progress(String athleteId, RunEvent run) {
        AthleteHeartRateState hr = heartRates.get(athleteId);
        if (hr == null) {
            return new HeartRateProgress(Long.MIN_VALUE, false, false, Long.MIN_VALUE);
        }
        long last = hr.findForRun(run.getRunId(), run.getStartTime().toEpochMilli(), run.getDurationSec())
                .map(RunHeartRateAccumulator::lastMillis)
                .orElse(Long.MIN_VALUE);
        return new HeartRateProgress(
                last,
                HeartRateCompleteness.complete(last, hr.frontierMillis(), endMillis(run)),
                HeartRateCompleteness.complete(last, Long.MIN_VALUE, endMillis(run)),
                hr.frontierMillis());
    }

    /**
     * All of the run's heart rate is there and a profile of the athlete is known: profiles travel
     * on a third topic, and a new athlete's first runs must not be judged by the population default
     * a moment too early.
     */
    private boolean readyToSummarise(String athleteId, HeartRateProgress progress) {
        return progress.complete() && profiles.get(athleteId) != null;
    }

    private void summarize(String athleteId, RunEvent run, long timestamp) {
        ObservedRun bare = observe(athleteId, run);
        ObservedRun observed = bare;
        if (run.getOp() != RunOp.DELETE) {
            AthleteHeartRateState hr = heartRates.get(athleteId);
            Optional<RunHeartRateAccumulator> accumulator = hr == null
                    ? Optional.empty()
                    : hr.findForRun(run.getRunId(), run.getStartTime().toEpochMilli(), run.getDurationSec());
            RunEffort effort = accumulator
                    .map(a -> a.summarize(bare.profile(), run.getStartTime().toEpochMilli(), run.getDurationSec()))
                    .filter(RunEffort::hasHeartRate)
                    .orElse(null);
            List<MinuteBucket> minutes =
                    effort == null ? List.of() : accumulator.get().minuteBuckets();
            effort = SteadyRun.gate(
                    effort,
                    minutes,
                    run.getStartTime().toEpochMilli(),
                    run.getDurationSec(),
                    run.getPlannedType(),
                    run.getSport());
            observed = new ObservedRun(run, bare.profile(), bare.zone(), bare.localDate(), effort, minutes);
        }
        context.forward(new Record<>(athleteId, observed, timestamp));
        // After the forward, so that the ledger's window includes this run.
        if (observed.isDelete()) {
            records.deleted(athleteId, run.getRunId());
        } else {
            AthleteHeartRateState hr = heartRates.get(athleteId);
            RunHeartRateAccumulator accumulator = hr == null
                    ? null
                    : hr.findForRun(run.getRunId(), run.getStartTime().toEpochMilli(), run.getDurationSec())
                            .orElse(null);
            records.summarised(
                    athleteId, run, observed.localDate(), accumulator, observed.effort(), ledgers.get(athleteId));
        }
    }

    /** The run with the profile of its date and its local date, before any heart rate is attached. */
    private ObservedRun observe(String athleteId, RunEvent run) {
        return ObservedRun.of(run, profiles.get(athleteId));
    }
}
