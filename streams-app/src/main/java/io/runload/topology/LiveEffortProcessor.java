package io.runload.topology;

import io.runload.avro.AlertSeverity;
import io.runload.avro.AlertType;
import io.runload.avro.HeartRateSample;
import io.runload.domain.AlertRule;
import io.runload.domain.AthleteHeartRateState;
import io.runload.domain.LiveEffortRule;
import io.runload.domain.LiveEffortViolation;
import io.runload.domain.ResolvedProfile;
import io.runload.domain.SampleOutcome;
import io.runload.domain.ThresholdFigure;
import io.runload.metrics.RunLoadMetrics;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per heart-rate sample: dedup, late check, accumulation into the run's HR accumulator, and the
 * live easy-run-too-hard rule. Emits an alert the moment the rule fires (in event time).
 */
final class LiveEffortProcessor implements Processor<String, HeartRateSample, String, SpecificRecord> {
    private static final Logger LOG = LoggerFactory.getLogger(LiveEffortProcessor.class);
    private final RunLoadMetrics metrics;
    private final Clock clock;
    private final long lateGraceMillis;
    /**
     * However far event time has moved on, a run's heart rate is kept this long after its last
     * sample was processed, because its run event may still be queued behind a backlog.
     */
    static final long RETENTION_WALL_FLOOR_MILLIS = 15 * 60_000L;

    private final long retentionMillis;
    private ProcessorContext<String, SpecificRecord> context;
    /**
     * Decoded heart-rate states per task. At about 4 KB each (the bpm histogram dominates), 4,096
     * athletes with a run in progress cost about 16 MB per task.
     */
    static final int DECODED_STATES_PER_TASK = 4096;

    private KeyValueStore<String, AthleteHeartRateState> heartRateStore;
    private DecodedStateCache<AthleteHeartRateState> states;
    private AthleteHeartRateStores heartRates;
    /** Set while the athlete's state is being changed and not yet written back. */
    private boolean changing;

    private final ProfileRevision profileRevision;
    private ProfileForDayCache profiles;
    private AlertPublisher alerts;

    LiveEffortProcessor(
            RunLoadMetrics metrics,
            Clock clock,
            long lateGraceMillis,
            long retentionMillis,
            ProfileRevision profileRevision) {
        this.metrics = metrics;
        this.profileRevision = profileRevision;
        this.clock = clock;
        this.lateGraceMillis = lateGraceMillis;
        this.retentionMillis = retentionMillis;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        heartRateStore = context.getStateStore(StoreNames.HEART_RATE);
        states = new DecodedStateCache<>(heartRateStore, DECODED_STATES_PER_TASK);
        heartRates = new AthleteHeartRateStores(heartRateStore, context.getStateStore(StoreNames.HEART_RATE_RUNS));
        profiles = new ProfileForDayCache(
                context.getStateStore(StoreNames.PROFILE_HISTORY), profileRevision, DECODED_STATES_PER_TASK);
        alerts = new AlertPublisher(
                context.getStateStore(StoreNames.ALERT_LOG), context.getStateStore(StoreNames.ALERTS), metrics, clock);
    }

    @Override
    public void process(Record<String, HeartRateSample> record) {
        changing = false;
        try {
            accumulate(record);
        } catch (RuntimeException e) {
            if (changing) {
                abandonHalfChangedState(record.key(), e);
            }
            throw e;
        }
    }

    /**
     * A failure while the state was being changed leaves it half-changed: neither the decoded copy
     * nor the store may keep it. If the store still holds it unflushed, that drops this athlete's
     * heart rate since the last commit too, so it is counted and logged (the record itself goes to
     * the dead-letter topic).
     */
    private void abandonHalfChangedState(String athleteId, RuntimeException cause) {
        states.forget(athleteId);
        CommitTimeEncodingStore<?> store = CommitTimeEncodingStore.under(heartRateStore);
        boolean runsLost = heartRates.discardUnflushedRuns(athleteId);
        if (store != null && (store.discard(athleteId) || runsLost)) {
            metrics.dropped("hr-samples", "uncommitted_state_discarded");
            LOG.error(
                    "Heart-rate state of {} failed half-way through a change; its samples since the last commit are lost",
                    athleteId,
                    cause);
        }
    }

    private void accumulate(Record<String, HeartRateSample> record) {
        String athleteId = record.key();
        HeartRateSample sample = record.value();
        long eventTime = sample.getEventTime().toEpochMilli();
        AthleteHeartRateState state = states.get(athleteId);
        if (state == null) {
            state = new AthleteHeartRateState();
        }
        heartRates.attachForWriting(athleteId, state);
        ResolvedProfile profile = profiles.at(athleteId, eventTime);
        double speed = sample.getSpeedMps() == null ? Double.NaN : sample.getSpeedMps();
        int cadence = sample.getCadenceSpm() == null ? -1 : sample.getCadenceSpm();
        changing = true;
        SampleOutcome outcome =
                state.onSample(sample.getRunId(), eventTime, sample.getBpm(), speed, cadence, profile, lateGraceMillis);
        switch (outcome.status()) {
            case LATE -> {
                changing = false; // judged before anything changed
                throw new RejectedRecordException(
                        "late",
                        "sample at " + sample.getEventTime()
                                + " is older than the athlete's latest heart rate minus the grace period");
            }
            case DUPLICATE -> {
                changing = false; // a re-send changes nothing, so nothing is written
                metrics.duplicate("hr_sample");
                metrics.dropped("hr-samples", "duplicate_sample");
                return;
            }
            default -> {}
        }
        if (sample.getPlannedType() != null) {
            state.applyPlan(outcome.runKey(), sample.getPlannedType());
        }
        if (sample.getBpm() > profile.maxHr() + 5) {
            metrics.hrAboveProfileMax();
        }
        // Accumulations wait a bounded time for their run event, so per-athlete state stays small.
        long now = context.currentSystemTimeMs();
        state.sampleProcessedAt(outcome.runKey(), now);
        state.prune(state.frontierMillis(), retentionMillis, now, RETENTION_WALL_FLOOR_MILLIS);
        states.put(athleteId, state);
        heartRates.changed(athleteId, state, outcome.runKey());
        changing = false;
        outcome.violation().ifPresent(v -> raise(athleteId, outcome.runKey(), v, profile));
    }

    private void raise(String athleteId, String runKey, LiveEffortViolation v, ResolvedProfile profile) {
        double sharePct = v.shareAbove() * 100;
        double thresholdPct = LiveEffortRule.DEFAULT.maxShareAbove() * 100;
        String message = String.format(
                Locale.ROOT,
                "This run started easy, but %s%% of the last 5 minutes was above your easy ceiling of %.0f bpm "
                        + "(average %.0f bpm). Slow down to keep it easy, or log it as a harder session.",
                ThresholdFigure.above(sharePct, thresholdPct, 0),
                v.easyCeilingBpm(),
                v.meanHrLast5Min());
        LocalDate day = LocalDate.ofInstant(Instant.ofEpochMilli(v.eventTimeMillis()), profile.timezone());
        alerts.publish(
                        athleteId,
                        AlertType.EASY_RUN_TOO_HARD,
                        AlertSeverity.WARNING,
                        runKey,
                        day,
                        v.eventTimeMillis(),
                        runKey,
                        message,
                        Map.of(
                                "shareAboveCeiling",
                                v.shareAbove(),
                                "easyCeilingBpm",
                                v.easyCeilingBpm(),
                                "meanHrLast5Min",
                                v.meanHrLast5Min(),
                                "minutesIntoRun",
                                (v.eventTimeMillis() - v.runStartMillis()) / 60_000.0,
                                "maxHr",
                                (double) profile.maxHr(),
                                "restingHr",
                                (double) profile.restingHr()),
                        AlertRule.EASY_RUN_TOO_HARD.basis(thresholdPct, sharePct))
                .ifPresent(alert -> {
                    metrics.outputLatency("alerts", v.eventTimeMillis(), clock.millis());
                    context.forward(new Record<String, SpecificRecord>(athleteId, alert, v.eventTimeMillis()));
                });
    }
}
