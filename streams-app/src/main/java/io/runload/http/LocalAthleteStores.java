package io.runload.http;

import io.runload.avro.AthleteAlert;
import io.runload.avro.RunStatus;
import io.runload.avro.RunSummary;
import io.runload.avro.WeeklyVolume;
import io.runload.domain.AthleteHeartRateState;
import io.runload.domain.DailyLoad;
import io.runload.domain.FormOutlook;
import io.runload.domain.ProfileHistory;
import io.runload.domain.ProfileVersion;
import io.runload.domain.TrainingLedger;
import io.runload.domain.WeekCalendar;
import io.runload.http.AthleteViews.AlertView;
import io.runload.http.AthleteViews.AlertsView;
import io.runload.http.AthleteViews.DayView;
import io.runload.http.AthleteViews.GuidanceView;
import io.runload.http.AthleteViews.LoadView;
import io.runload.http.AthleteViews.ProfileAppliedView;
import io.runload.http.AthleteViews.RunExplanationView;
import io.runload.http.AthleteViews.RunView;
import io.runload.http.AthleteViews.RunsView;
import io.runload.http.AthleteViews.WeekExplanationView;
import io.runload.http.AthleteViews.WeekView;
import io.runload.http.AthleteViews.WeeklyVolumeView;
import io.runload.topology.StoreNames;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads this instance's own copies of the state stores. It never routes: the caller has already
 * decided that this instance holds the athlete's partition. An empty answer means the athlete is
 * unknown here; a store that cannot be read throws {@link StoreUnavailableException}.
 */
public final class LocalAthleteStores implements AthleteStateReader {
    private final KafkaStreams streams;
    private final Clock clock;

    public LocalAthleteStores(KafkaStreams streams, Clock clock) {
        this.streams = streams;
        this.clock = clock;
    }

    /** The last {@code weeks} calendar weeks held for the athlete, oldest first. */
    @Override
    public Optional<WeeklyVolumeView> weeklyVolume(String athleteId, int weeks, Scope scope) {
        return read(scope, () -> {
            if (!known(athleteId, scope)) {
                return Optional.empty();
            }
            // Keys are athleteId NUL ISO date, so the scan already runs oldest week first.
            List<WeekView> all = scan(StoreNames.WEEKLY_VOLUME, athleteId, scope, WeekView::of);
            return Optional.of(new WeeklyVolumeView(
                    athleteId, List.copyOf(all.subList(Math.max(0, all.size() - weeks), all.size()))));
        });
    }

    /**
     * Fitness, fatigue and form today and over the last {@code days} days. Today is the athlete's
     * local date by the wall clock, or the latest day with data when event time runs ahead of it
     * (replays, the demo's accelerated time), so a rest day still decays CTL and ATL.
     */
    @Override
    public Optional<LoadView> load(String athleteId, int days, Scope scope) {
        return read(scope, () -> {
            ReadOnlyKeyValueStore<String, TrainingLedger> ledgers = store(StoreNames.LEDGER, scope);
            TrainingLedger ledger = ledgers.get(athleteId);
            if (ledger == null && !known(athleteId, scope)) {
                return Optional.empty();
            }
            ZoneId zone = homeZone(athleteId, scope);
            if (ledger == null || ledger.latestDay() == null) {
                return Optional.of(new LoadView(athleteId, zone.getId(), null, List.of()));
            }
            LocalDate today = today(ledger, zone);
            List<DayView> series = ledger.series(today.minusDays(days - 1L), today).stream()
                    .map(DayView::of)
                    .toList();
            DailyLoad last = ledger.series(today, today).stream().findFirst().orElse(null);
            return Optional.of(new LoadView(athleteId, zone.getId(), last == null ? null : DayView.of(last), series));
        });
    }

    /** Guidance on the same "today" as {@link #load}: each figure says when the data cannot support it. */
    @Override
    public Optional<GuidanceView> guidance(String athleteId, FormOutlook.Band band, double recoveredTsb, Scope scope) {
        return read(scope, () -> {
            ReadOnlyKeyValueStore<String, TrainingLedger> ledgers = store(StoreNames.LEDGER, scope);
            TrainingLedger ledger = ledgers.get(athleteId);
            if (ledger == null && !known(athleteId, scope)) {
                return Optional.empty();
            }
            ZoneId zone = homeZone(athleteId, scope);
            LocalDate today =
                    ledger == null || ledger.isEmpty() ? LocalDate.now(clock.withZone(zone)) : today(ledger, zone);
            return Optional.of(GuidanceView.of(
                    athleteId, zone, ledger, today, homeWeekStart(athleteId, scope), band, recoveredTsb));
        });
    }

    @Override
    public Optional<RunExplanationView> runExplanation(String athleteId, String runId, Scope scope) {
        return read(scope, () -> {
            ReadOnlyKeyValueStore<String, RunSummary> summaries = store(StoreNames.RUN_SUMMARIES, scope);
            RunSummary summary = summaries.get(StoreNames.composite(athleteId, runId));
            if (summary == null) {
                return Optional.empty();
            }
            ReadOnlyKeyValueStore<String, ProfileHistory> profiles = store(StoreNames.PROFILE_HISTORY, scope);
            List<RunView> duplicates =
                    scan(StoreNames.RUN_SUMMARIES, athleteId, scope, Function.<RunSummary>identity()).stream()
                            .filter(r -> r.getStatus() == RunStatus.DUPLICATE && runId.equals(r.getDuplicateOf()))
                            .sorted(Comparator.comparing(RunSummary::getStartTime)
                                    .thenComparing(RunSummary::getRunId))
                            .map(RunView::of)
                            .toList();
            return Optional.of(new RunExplanationView(
                    athleteId,
                    RunView.of(summary),
                    summary.getLoadSource().name(),
                    summary.getLoadConfidence(),
                    summary.getMaxHrEstimated(),
                    summary.getSamplesAboveProfileMax(),
                    List.copyOf(summary.getQualityFlags()),
                    ProfileAppliedView.of(profiles.get(athleteId), summary.getLocalDate()),
                    duplicates));
        });
    }

    @Override
    public Optional<WeekExplanationView> weekExplanation(String athleteId, LocalDate isoMonday, Scope scope) {
        return read(scope, () -> {
            if (!known(athleteId, scope)) {
                return Optional.empty();
            }
            LocalDate weekStart = WeekCalendar.weekStart(isoMonday.plusDays(2), homeWeekStart(athleteId, scope));
            LocalDate weekEnd = weekStart.plusDays(6);
            ReadOnlyKeyValueStore<String, WeeklyVolume> weeks = store(StoreNames.WEEKLY_VOLUME, scope);
            WeeklyVolume figures = weeks.get(StoreNames.composite(athleteId, weekStart.toString()));
            List<RunSummary> runs =
                    scan(StoreNames.RUN_SUMMARIES, athleteId, scope, Function.<RunSummary>identity()).stream()
                            .filter(r -> !r.getLocalDate().isBefore(weekStart)
                                    && !r.getLocalDate().isAfter(weekEnd))
                            .sorted(Comparator.comparing(RunSummary::getStartTime)
                                    .thenComparing(RunSummary::getRunId))
                            .toList();
            if (figures == null && runs.isEmpty()) {
                return Optional.empty();
            }
            ProfileHistory history = this.<ProfileHistory>store(StoreNames.PROFILE_HISTORY, scope)
                    .get(athleteId);
            Map<LocalDate, ProfileAppliedView> applied = new LinkedHashMap<>();
            List<RunView> counted = new ArrayList<>();
            List<RunView> duplicates = new ArrayList<>();
            List<RunView> deleted = new ArrayList<>();
            for (RunSummary r : runs) {
                switch (r.getStatus()) {
                    case COUNTED -> {
                        counted.add(RunView.of(r));
                        ProfileAppliedView profile = ProfileAppliedView.of(history, r.getLocalDate());
                        // One entry per version; the population default has no effectiveFrom and keys as the epoch.
                        applied.putIfAbsent(
                                profile.effectiveFrom() == null ? LocalDate.EPOCH : profile.effectiveFrom(), profile);
                    }
                    case DUPLICATE -> duplicates.add(RunView.of(r));
                    case DELETED -> deleted.add(RunView.of(r));
                }
            }
            return Optional.of(new WeekExplanationView(
                    athleteId,
                    WeekCalendar.isoWeekLabel(weekStart),
                    weekStart,
                    figures == null ? null : WeekView.of(figures),
                    counted,
                    duplicates,
                    deleted,
                    List.copyOf(applied.values())));
        });
    }

    /** The most recent alerts first, by event time. */
    @Override
    public Optional<AlertsView> alerts(String athleteId, int limit, Scope scope) {
        return read(scope, () -> {
            if (!known(athleteId, scope)) {
                return Optional.empty();
            }
            List<AthleteAlert> all = scan(StoreNames.ALERTS, athleteId, scope, Function.<AthleteAlert>identity());
            List<AlertView> newest = all.stream()
                    .sorted(Comparator.comparing(AthleteAlert::getEventTime)
                            .thenComparing(AthleteAlert::getDetectedAt)
                            .thenComparing(AthleteAlert::getAlertId)
                            .reversed())
                    .limit(limit)
                    .map(AlertView::of)
                    .toList();
            return Optional.of(new AlertsView(athleteId, newest));
        });
    }

    /** The most recent runs first, by start time; duplicates and deletions are included with their status. */
    @Override
    public Optional<RunsView> runs(String athleteId, int limit, Scope scope) {
        return read(scope, () -> {
            if (!known(athleteId, scope)) {
                return Optional.empty();
            }
            List<RunSummary> all = scan(StoreNames.RUN_SUMMARIES, athleteId, scope, Function.<RunSummary>identity());
            List<RunView> newest = all.stream()
                    .sorted(Comparator.comparing(RunSummary::getStartTime)
                            .thenComparing(RunSummary::getRunId)
                            .reversed())
                    .limit(limit)
                    .map(RunView::of)
                    .toList();
            return Optional.of(new RunsView(athleteId, newest));
        });
    }

    /** Athletes with a training ledger in this instance's active tasks, sorted. */
    @Override
    public List<String> athletes() {
        return read(Scope.ALL_ACTIVE, () -> {
            TreeSet<String> ids = new TreeSet<>();
            ReadOnlyKeyValueStore<String, TrainingLedger> ledgers = store(StoreNames.LEDGER, Scope.ALL_ACTIVE);
            try (KeyValueIterator<String, TrainingLedger> it = ledgers.all()) {
                it.forEachRemaining(kv -> ids.add(kv.key));
            }
            return List.copyOf(ids);
        });
    }

    /** Known means the pipeline has seen the athlete at all: a profile, heart rate or a run. */
    private boolean known(String athleteId, Scope scope) {
        ReadOnlyKeyValueStore<String, TrainingLedger> ledgers = store(StoreNames.LEDGER, scope);
        if (ledgers.get(athleteId) != null) {
            return true;
        }
        ReadOnlyKeyValueStore<String, ProfileHistory> profiles = store(StoreNames.PROFILE_HISTORY, scope);
        if (profiles.get(athleteId) != null) {
            return true;
        }
        ReadOnlyKeyValueStore<String, AthleteHeartRateState> heartRate = store(StoreNames.HEART_RATE, scope);
        return heartRate.get(athleteId) != null;
    }

    /**
     * The athlete's local date by the wall clock, or the latest day with data when event time runs
     * ahead of it (replays, the demo's accelerated time).
     */
    private LocalDate today(TrainingLedger ledger, ZoneId zone) {
        LocalDate wallToday = LocalDate.now(clock.withZone(zone));
        return ledger.latestDay().isAfter(wallToday) ? ledger.latestDay() : wallToday;
    }

    /** First day of the athlete's calendar week by the latest profile, Monday without one. */
    private DayOfWeek homeWeekStart(String athleteId, Scope scope) {
        ReadOnlyKeyValueStore<String, ProfileHistory> profiles = store(StoreNames.PROFILE_HISTORY, scope);
        ProfileHistory history = profiles.get(athleteId);
        if (history == null || history.isEmpty()) {
            return DayOfWeek.MONDAY;
        }
        List<ProfileVersion> versions = history.versions();
        DayOfWeek first = versions.get(versions.size() - 1).weekStart();
        return first == null ? DayOfWeek.MONDAY : first;
    }

    private ZoneId homeZone(String athleteId, Scope scope) {
        ReadOnlyKeyValueStore<String, ProfileHistory> profiles = store(StoreNames.PROFILE_HISTORY, scope);
        ProfileHistory history = profiles.get(athleteId);
        if (history == null || history.isEmpty()) {
            return ZoneOffset.UTC;
        }
        List<ProfileVersion> versions = history.versions();
        ZoneId zone = versions.get(versions.size() - 1).timezone();
        return zone == null ? ZoneOffset.UTC : zone;
    }

    private <V, R> List<R> scan(String storeName, String athleteId, Scope scope, Function<V, R> view) {
        ReadOnlyKeyValueStore<String, V> store = store(storeName, scope);
        List<R> out = new ArrayList<>();
        try (KeyValueIterator<String, V> it =
                store.prefixScan(StoreNames.athletePrefix(athleteId), new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, V> kv = it.next();
                out.add(view.apply(kv.value));
            }
        }
        return out;
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name, Scope scope) {
        StoreQueryParameters<ReadOnlyKeyValueStore<String, V>> params =
                StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore());
        if (scope.partition() != null) {
            params = params.withPartition(scope.partition());
        }
        if (scope.allowStale()) {
            params = params.enableStaleStores();
        }
        return streams.store(params);
    }

    private <T> T read(Scope scope, java.util.function.Supplier<T> query) {
        KafkaStreams.State state = streams.state();
        boolean readable =
                state == KafkaStreams.State.RUNNING || (scope.allowStale() && state == KafkaStreams.State.REBALANCING);
        if (!readable) {
            throw new StoreUnavailableException("Kafka Streams is " + state);
        }
        try {
            return query.get();
        } catch (InvalidStateStoreException e) {
            throw new StoreUnavailableException(e.getMessage(), e);
        }
    }
}
