package io.runload.topology;

import io.runload.avro.AthleteAlert;
import io.runload.avro.LoadSource;
import io.runload.avro.RunStatus;
import io.runload.avro.RunSummary;
import io.runload.avro.WeeklyVolume;
import io.runload.domain.AlertEvaluation;
import io.runload.domain.AlertRules;
import io.runload.domain.LedgerRun;
import io.runload.domain.LedgerUpdate;
import io.runload.domain.PartialHeartRateFill;
import io.runload.domain.RunEffort;
import io.runload.domain.RunLoad;
import io.runload.domain.RunStatusChange;
import io.runload.domain.TrainingLedger;
import io.runload.domain.WeeklyTotals;
import io.runload.metrics.RunLoadMetrics;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Applies a summarised run (or a delete) to the athlete's training ledger, then publishes what
 * changed: the run summaries whose status changed, every calendar week whose figures changed
 * (a late run re-publishes its week and each later one), and the alerts whose standing changed:
 * the rules are run again for every period the change can have altered, and the result is
 * reconciled with the alerts that stand (raise, re-send, withdraw). Everything published is a
 * function of the ledger's content, so it does not depend on the order runs arrived in.
 */
final class TrainingLoadProcessor implements Processor<String, ObservedRun, String, SpecificRecord> {
    /** How long run summaries and weeks stay queryable after they leave the ledger's window. */
    static final int QUERY_RETENTION_DAYS = 182;
    /**
     * The fill reads only the run's own minutes. A model of the athlete's earlier runs would be
     * taken from whichever runs had arrived by then, so a back-fill in another order would score
     * the run differently; runs without any heart rate get the duration estimate, which the ledger
     * re-derives from the runs before them after every change.
     */
    private static final List<LedgerRun> NO_EARLIER_RUNS = List.of();

    private final RunLoadMetrics metrics;
    private final Clock clock;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, TrainingLedger> ledgers;
    private KeyValueStore<String, RunSummary> summaries;
    private KeyValueStore<String, WeeklyVolume> weeks;
    private AlertPublisher alerts;

    private final int alertHistoricalDays;

    TrainingLoadProcessor(RunLoadMetrics metrics, Clock clock) {
        this(metrics, clock, TopologySettings.DEFAULT_ALERT_HISTORICAL_DAYS);
    }

    TrainingLoadProcessor(RunLoadMetrics metrics, Clock clock, int alertHistoricalDays) {
        this.metrics = metrics;
        this.clock = clock;
        this.alertHistoricalDays = alertHistoricalDays;
    }

    /** The grace period in whole local days, rounded up: the ledger works in days. */
    static int graceDays(Duration lateGrace) {
        return (int) Math.max(0, (lateGrace.toSeconds() + 86_399) / 86_400);
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        ledgers = context.getStateStore(StoreNames.LEDGER);
        summaries = context.getStateStore(StoreNames.RUN_SUMMARIES);
        weeks = context.getStateStore(StoreNames.WEEKLY_VOLUME);
        alerts = new AlertPublisher(
                context.getStateStore(StoreNames.ALERT_LOG),
                context.getStateStore(StoreNames.ALERTS),
                metrics,
                clock,
                alertHistoricalDays);
    }

    @Override
    public void process(Record<String, ObservedRun> record) {
        String athleteId = record.key();
        ObservedRun observed = record.value();
        TrainingLedger ledger = ledgers.get(athleteId);
        if (ledger == null) {
            ledger = new TrainingLedger();
        }
        String runId = observed.event().getRunId();
        LedgerUpdate update;
        RunSummary incoming = null;
        if (observed.isDelete()) {
            update = ledger.delete(runId, TrainingLedger.Estimates.FROM_EARLIER_RUNS);
            if (update.outcome() == LedgerUpdate.Outcome.UNKNOWN_RUN) {
                metrics.runProcessed("delete_unknown");
                metrics.dropped("runs", "delete_unknown_run");
                return;
            }
        } else {
            if (observed.effort() == null) {
                observed = withEarlierEffort(athleteId, observed);
            }
            RunLoad load = load(athleteId, observed, ledger);
            update = ledger.upsert(ledgerRun(observed, load), TrainingLedger.Estimates.FROM_EARLIER_RUNS);
            switch (update.outcome()) {
                case OUTSIDE_WINDOW ->
                    throw new RejectedRecordException(
                            "late", "run " + runId + " on " + observed.localDate() + " is outside the ledger window");
                case NOT_A_RUN -> {
                    metrics.runProcessed("not_a_run");
                    metrics.dropped("runs", "not_a_run");
                    return;
                }
                default -> {}
            }
            if (!update.effectiveRunId().equals(runId)) {
                metrics.duplicate("run_exact");
            }
            // The ledger re-derives an estimate from the runs before this one: publish its figure.
            double ledgerLoad = ledger.entry(update.effectiveRunId())
                    .map(e -> e.run().load())
                    .orElse(load.value());
            incoming = OutputRecords.runSummary(
                    observed, ledgerLoad, load.estimated(), RunStatus.COUNTED, null, List.of());
            incoming = RunSummary.newBuilder(incoming)
                    .setLoadSource(load.source())
                    .setLoadConfidence(load.confidence())
                    .build();
            if (!update.effectiveRunId().equals(runId)) {
                incoming = RunSummary.newBuilder(incoming)
                        .setRunId(update.effectiveRunId())
                        .build();
            }
        }
        ledgers.put(athleteId, ledger);
        long eventTime = observed.endMillis();
        publishSummaries(athleteId, update, incoming, eventTime);
        publishWeeks(athleteId, observed, ledger, update, eventTime);
        if (update.earliestChangedDay() != null) {
            AlertEvaluation evaluation = AlertRules.evaluateFrom(
                    ledger, update.earliestChangedDay(), observed.profile().weekStart());
            for (AthleteAlert alert : alerts.reconcile(athleteId, evaluation, ledger, eventTime)) {
                emit(athleteId, alert, eventTime, "alerts");
            }
        }
    }

    private void publishSummaries(String athleteId, LedgerUpdate update, RunSummary incoming, long eventTime) {
        for (RunStatusChange change : update.changedRuns()) {
            String changedId = change.run().runId();
            String key = StoreNames.composite(athleteId, changedId);
            RunSummary summary;
            if (incoming != null && changedId.equals(incoming.getRunId())) {
                summary = OutputRecords.withStatus(incoming, change.status(), change.duplicateOf(), eventTime);
            } else {
                RunSummary previous = summaries.get(key);
                if (previous == null) {
                    continue;
                }
                summary = OutputRecords.withStatus(previous, change.status(), change.duplicateOf(), eventTime);
                if (previous.getLoad() != change.run().load()) {
                    // An estimate re-derived because an earlier run arrived late.
                    summary = RunSummary.newBuilder(summary)
                            .setLoad(change.run().load())
                            .build();
                }
            }
            if (change.status() == RunStatus.DUPLICATE) {
                metrics.duplicate("run_fuzzy");
            }
            metrics.runProcessed(change.status().name().toLowerCase(java.util.Locale.ROOT));
            summaries.put(key, summary);
            emit(athleteId, summary, eventTime, "run-summaries");
        }
        pruneSummaries(athleteId, update);
    }

    private void publishWeeks(
            String athleteId, ObservedRun observed, TrainingLedger ledger, LedgerUpdate update, long eventTime) {
        if (ledger.latestDay() == null) {
            return;
        }
        DayOfWeek firstDay = observed.profile().weekStart();
        for (LocalDate weekStart : ledger.affectedWeekStarts(update.earliestChangedDay(), firstDay)) {
            LocalDate weekEnd = weekStart.plusDays(6);
            LocalDate asOf = weekEnd.isAfter(ledger.latestDay()) ? ledger.latestDay() : weekEnd;
            WeeklyTotals totals = ledger.week(weekStart, asOf);
            WeeklyVolume volume =
                    OutputRecords.weeklyVolume(athleteId, observed.profile().timezone(), totals, eventTime);
            weeks.put(StoreNames.composite(athleteId, weekStart.toString()), volume);
            weeks.delete(StoreNames.composite(
                    athleteId, weekStart.minusDays(QUERY_RETENTION_DAYS).toString()));
            emit(athleteId, volume, eventTime, "weekly-volume");
        }
    }

    /** Summaries of runs long gone from the ledger are dropped, so the store does not grow with history. */
    private void pruneSummaries(String athleteId, LedgerUpdate update) {
        if (update.changedRuns().isEmpty()) {
            return;
        }
        LocalDate cutoff = update.changedRuns().get(0).run().localDate().minusDays(QUERY_RETENTION_DAYS);
        List<String> stale = new ArrayList<>();
        try (KeyValueIterator<String, RunSummary> it =
                summaries.prefixScan(StoreNames.athletePrefix(athleteId), new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, RunSummary> kv = it.next();
                if (kv.value.getLocalDate().isBefore(cutoff)) {
                    stale.add(kv.key);
                }
            }
        }
        stale.forEach(summaries::delete);
    }

    private void emit(String athleteId, SpecificRecord value, long eventTime, String topic) {
        metrics.outputLatency(topic, eventTime, clock.millis());
        context.forward(new Record<>(athleteId, value, eventTime));
    }

    /**
     * An update of a run whose heart-rate accumulation has already been released keeps the effort
     * measured the first time, instead of falling back to an estimate.
     */
    private ObservedRun withEarlierEffort(String athleteId, ObservedRun observed) {
        RunSummary previous =
                summaries.get(StoreNames.composite(athleteId, observed.event().getRunId()));
        if (previous == null || previous.getLoadEstimated() || previous.getHrCoverage() <= 0) {
            return observed;
        }
        int[] zones =
                previous.getTimeInZoneSec().stream().mapToInt(Integer::intValue).toArray();
        long hrSeconds = 0;
        for (int z : zones) {
            hrSeconds += z;
        }
        RunEffort earlier = new RunEffort(
                previous.getLoad(),
                zones,
                previous.getAvgHr(),
                previous.getMaxHr(),
                previous.getIntensity(),
                previous.getDecouplingPct(),
                previous.getEfficiencyFactor(),
                previous.getHrCoverage(),
                previous.getSamplesAboveProfileMax(),
                previous.getQualityFlags(),
                zones[0] + zones[1],
                hrSeconds);
        return new ObservedRun(observed.event(), observed.profile(), observed.zone(), observed.localDate(), earlier);
    }

    /**
     * TRIMP when heart rate covers the run; otherwise the covered TRIMP with the rest filled from the
     * athlete's pace-to-load relation, or the duration-based estimate, never zero. An effort carried
     * over from an earlier summary keeps that summary's load, which already holds any fill.
     */
    private RunLoad load(String athleteId, ObservedRun observed, TrainingLedger ledger) {
        var run = observed.event();
        int moving = run.getMovingTimeSec() == null || run.getMovingTimeSec() == 0
                ? run.getDurationSec()
                : run.getMovingTimeSec();
        double estimate =
                ledger.estimatedLoadBefore(moving / 60.0, run.getStartTime().toEpochMilli());
        RunEffort effort = observed.effort();
        if (effort != null && observed.minutes() == null) {
            RunSummary previous = summaries.get(StoreNames.composite(athleteId, run.getRunId()));
            if (previous != null) {
                LoadSource source =
                        previous.getLoadSource() == LoadSource.UNKNOWN ? LoadSource.MEASURED : previous.getLoadSource();
                double confidence =
                        previous.getLoadConfidence() != null ? previous.getLoadConfidence() : previous.getHrCoverage();
                return new RunLoad(previous.getLoad(), source, confidence, previous.getLoadEstimated());
            }
        }
        return PartialHeartRateFill.resolve(
                new PartialHeartRateFill.Run(run.getStartTime().toEpochMilli(), moving, run.getDistanceMeters()),
                effort,
                observed.minutes() == null ? List.of() : observed.minutes(),
                observed.profile(),
                NO_EARLIER_RUNS,
                estimate);
    }

    private static LedgerRun ledgerRun(ObservedRun observed, RunLoad load) {
        var run = observed.event();
        RunEffort effort = observed.effort();
        int moving = run.getMovingTimeSec() == null ? 0 : run.getMovingTimeSec();
        return new LedgerRun(
                run.getRunId(),
                run.getSource(),
                run.getExternalId(),
                run.getSport(),
                run.getStartTime().toEpochMilli(),
                run.getDurationSec(),
                moving,
                run.getDistanceMeters(),
                observed.localDate(),
                load.value(),
                load.estimated(),
                effort == null ? 0 : effort.hrSeconds(),
                effort == null ? 0 : effort.easySeconds(),
                effort == null ? null : effort.efficiencyFactor(),
                effort == null ? io.runload.avro.IntensityClass.UNKNOWN : effort.intensity(),
                run.getPlannedType(),
                effort == null ? 0.0 : effort.hrCoverage());
    }
}
