package io.runload.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.runload.avro.AlertStatus;
import io.runload.avro.AthleteAlert;
import io.runload.avro.AthleteProfile;
import io.runload.avro.HeartRateSample;
import io.runload.avro.PlannedType;
import io.runload.avro.RunEvent;
import io.runload.avro.RunOp;
import io.runload.avro.RunStatus;
import io.runload.avro.RunSummary;
import io.runload.avro.WeekStart;
import io.runload.avro.WeeklyVolume;
import io.runload.domain.AlertCandidate;
import io.runload.domain.AlertLog;
import io.runload.domain.AlertRules;
import io.runload.domain.DailyLoad;
import io.runload.domain.LedgerRun;
import io.runload.domain.TrainingLedger;
import io.runload.domain.WeekCalendar;
import io.runload.domain.WeeklyTotals;
import io.runload.testing.TestRecords;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property: the pipeline's final state is a function of the data, not of the order it arrives in.
 *
 * <p>One six-week history of three athletes (Berlin with a DST switch and a Sunday 23:30 run, New
 * York with Sunday weeks and easy heart rate drifting up, Tokyo), with heart-rate samples, runs
 * without heart rate, a phone copy of a watch run, an exact re-send, a delete and (Tokyo) a profile
 * version reaching back to week 3, is fed to the
 * whole topology in {@value #INTERLEAVINGS} seeded random interleavings of the three input topics:
 * run events in any order (out-of-order timestamps, all within the late grace), each athlete's
 * samples in recording order as a watch syncs them, the profiles anywhere. Every feed must end in
 * the same latest run summary per run, latest figures per week, daily load chain and set of
 * standing alerts as the feed in time order; and the standing alerts must equal a plain
 * evaluation of the rules over the final data.
 *
 * <p>TopologyTestDriver processes records exactly in the order piped, whatever
 * {@code max.task.idle.ms} says, so the interleavings are the ones generated here: correctness
 * cannot come from Kafka Streams waiting for the slower topic. The setting is passed anyway, set to
 * its production default, as the knob it is. The stores are in memory: the logic is the same, and
 * a RocksDB flush at each of the driver's per-record commits would make fifty feeds too slow.
 *
 * <p>A failing seed is printed in the assertion message; rerun it alone with
 * {@code -Drunload.interleaving.seed=<seed>}.
 */
class ArrivalOrderPropertyTest {
    private static final Instant NOW = Instant.parse("2026-04-08T12:00:00Z");
    /** A Monday; the history runs six weeks from here, over both DST switches of 2026. */
    private static final LocalDate FIRST_DAY = LocalDate.of(2026, 2, 23);

    private static final int WEEKS = 6;
    /** Larger than the history, so that every interleaving is within the late grace... */
    private static final Duration GRACE = Duration.ofDays(50);
    /** ...and every run's heart rate is kept until its run event comes, however late. */
    private static final Duration HR_RETENTION = Duration.ofDays(60);
    /** Runs wait (wall clock) for their heart rate and profile; the feed takes far less than this. */
    private static final Duration RUN_WAIT = Duration.ofDays(1);

    private static final int INTERLEAVINGS = Integer.getInteger("runload.interleavings", 50);
    private static final long HISTORY_SEED = 20_260_223L;
    private static final int SAMPLE_EVERY_SEC = 15;

    private record Athlete(String id, ZoneId zone, WeekStart weekStart, int easyBpmFirst, int easyBpmLast) {
        DayOfWeek firstDay() {
            return weekStart == WeekStart.SUNDAY ? DayOfWeek.SUNDAY : DayOfWeek.MONDAY;
        }
    }

    private static final List<Athlete> ATHLETES = List.of(
            new Athlete("ath-ber", ZoneId.of("Europe/Berlin"), WeekStart.MONDAY, 140, 140),
            new Athlete("ath-nyc", ZoneId.of("America/New_York"), WeekStart.SUNDAY, 134, 146),
            new Athlete("ath-tyo", ZoneId.of("Asia/Tokyo"), WeekStart.MONDAY, 142, 141));

    /** One input record, with the topic it goes to. */
    private sealed interface Input permits ProfileIn, SampleIn, RunIn {}

    private record ProfileIn(AthleteProfile profile) implements Input {}

    private record SampleIn(HeartRateSample sample) implements Input {}

    private record RunIn(RunEvent run) implements Input {}

    /** What a feed ends with, compared across feeds. */
    private record FinalState(
            Map<String, RunSummary> summaries,
            Map<String, WeeklyVolume> weeks,
            Map<String, List<DailyLoad>> chains,
            Map<String, AthleteAlert> standing,
            List<String> problems) {}

    private static List<Input> history;
    private static FinalState inOrder;

    @BeforeAll
    static void feedInTimeOrder() {
        // The history copies generated records, which Avro only allows for trusted classes.
        io.runload.serde.AvroClassTrust.install();
        history = history();
        inOrder = feed(timeOrder(history));
    }

    static Stream<Long> seeds() {
        String one = System.getProperty("runload.interleaving.seed");
        if (one != null) {
            return Stream.of(Long.parseLong(one));
        }
        Random seeds = new Random(7_919L);
        return IntStream.range(0, INTERLEAVINGS).mapToObj(i -> seeds.nextLong());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void anyInterleavingEndsInTheSameState(long seed) {
        FinalState shuffled = feed(interleaving(history, new Random(seed)));
        String at = "interleaving seed " + seed;
        assertThat(shuffled.problems()).as(at).isEmpty();
        List<String> differences = new ArrayList<>();
        differences.addAll(differences(shuffled.summaries(), inOrder.summaries()));
        differences.addAll(differences(shuffled.weeks(), inOrder.weeks()));
        differences.addAll(differences(shuffled.chains(), inOrder.chains()));
        differences.addAll(differences(shuffled.standing(), inOrder.standing()));
        assertThat(differences)
                .as(at + ": latest run summaries, weekly figures, load chains and standing alerts")
                .isEmpty();
    }

    /** Entries that differ, as "key: expected -> actual", so that a failure shows only what differs. */
    private static <V> List<String> differences(Map<String, V> actual, Map<String, V> expected) {
        List<String> out = new ArrayList<>();
        java.util.TreeSet<String> keys = new java.util.TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        for (String key : keys) {
            if (!java.util.Objects.equals(expected.get(key), actual.get(key))) {
                out.add(key + ":\n  expected " + expected.get(key) + "\n  actual   " + actual.get(key));
            }
        }
        return out;
    }

    @Test
    void theInOrderFeedIsSoundAndExercisesTheRules() {
        assertThat(inOrder.problems()).isEmpty();
        // Every run with heart rate kept it, and the history raises and withdraws alerts.
        long withHr = inOrder.summaries().values().stream()
                .filter(s -> !s.getLoadEstimated())
                .count();
        assertThat(withHr).isGreaterThan(30);
        assertThat(inOrder.standing().values())
                .extracting(AthleteAlert::getType)
                .map(Enum::name)
                .contains("VOLUME_SPIKE", "EASY_EFFORT_DRIFT");
        assertThat(inOrder.summaries().values())
                .extracting(RunSummary::getStatus)
                .contains(RunStatus.COUNTED, RunStatus.DUPLICATE);
    }

    /**
     * The standing alerts equal the rules applied once per period to the final data. This is
     * independent of what is under test: it never looks at arrival order, at which periods a
     * change re-evaluates, at the alert log or at withdrawals. It rebuilds a ledger from the final
     * counted run summaries in start order and calls each pure rule for every run and every week
     * of the history; the estimated loads it takes from the summaries are checked separately
     * against a median computed here by hand.
     */
    @Test
    void theStandingAlertsAreTheRulesAppliedToTheFinalData() {
        Map<String, String> expected = new TreeMap<>();
        for (Athlete athlete : ATHLETES) {
            List<RunSummary> counted = inOrder.summaries().values().stream()
                    .filter(s -> s.getAthleteId().equals(athlete.id()) && s.getStatus() == RunStatus.COUNTED)
                    .sorted(Comparator.comparing(RunSummary::getStartTime))
                    .toList();
            TrainingLedger ledger = new TrainingLedger();
            counted.forEach(s -> ledger.upsert(ledgerRun(s)));
            List<AlertCandidate> holding = new ArrayList<>();
            for (LedgerRun run : ledger.countedRuns()) {
                AlertRules.singleRunSpike(ledger, run).ifPresent(holding::add);
            }
            LocalDate latest = ledger.latestDay();
            for (LocalDate week = WeekCalendar.weekStart(ledger.historyStart(), athlete.firstDay());
                    !week.isAfter(latest);
                    week = week.plusWeeks(1)) {
                LocalDate end = week.plusDays(6);
                WeeklyTotals totals = ledger.week(week, end.isAfter(latest) ? latest : end);
                AlertRules.weekOverWeek(totals).ifPresent(holding::add);
                AlertRules.recoveryDeficit(ledger, totals).ifPresent(holding::add);
                AlertRules.easyEffortDrift(ledger, totals).ifPresent(holding::add);
                AlertRules.acwrHigh(ledger, totals).ifPresent(holding::add);
            }
            for (AlertCandidate c : holding) {
                expected.put(AlertLog.alertId(athlete.id(), c.type(), c.period()), describe(c));
            }
        }
        Map<String, String> standing = new TreeMap<>();
        inOrder.standing().forEach((id, a) -> standing.put(id, describe(a)));
        assertThat(standing).isEqualTo(expected);
    }

    /** Each estimated load is minutes x the median load per minute of measured easy runs in the 42 days before. */
    @Test
    void estimatedLoadsUseOnlyEarlierRuns() {
        List<RunSummary> all = new ArrayList<>(inOrder.summaries().values());
        int checked = 0;
        for (RunSummary s : all) {
            if (!s.getLoadEstimated() || s.getStatus() != RunStatus.COUNTED) {
                continue;
            }
            long start = s.getStartTime().toEpochMilli();
            double[] rates = all.stream()
                    .filter(o -> o.getAthleteId().equals(s.getAthleteId()) && o.getStatus() == RunStatus.COUNTED)
                    .filter(o ->
                            !o.getLoadEstimated() && o.getIntensity().name().equals("EASY"))
                    .filter(o -> o.getStartTime().toEpochMilli() < start
                            && o.getStartTime().toEpochMilli() >= start - 42 * 86_400_000L)
                    .mapToDouble(o -> o.getLoad() / (o.getMovingTimeSec() / 60.0))
                    .sorted()
                    .toArray();
            double median = rates.length == 0
                    ? TrainingLedger.DEFAULT_EASY_LOAD_PER_MINUTE
                    : rates.length % 2 == 1
                            ? rates[rates.length / 2]
                            : (rates[rates.length / 2 - 1] + rates[rates.length / 2]) / 2;
            assertThat(s.getLoad())
                    .as(s.getRunId())
                    .isCloseTo(median * s.getMovingTimeSec() / 60.0, org.assertj.core.api.Assertions.within(1e-5));
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(2);
    }

    // ---- the history ----

    private static List<Input> history() {
        List<Input> inputs = new ArrayList<>();
        for (int a = 0; a < ATHLETES.size(); a++) {
            Athlete athlete = ATHLETES.get(a);
            Random random = new Random(HISTORY_SEED + a);
            inputs.add(new ProfileIn(TestRecords.profile(athlete.id())
                    .setTimezone(athlete.zone().getId())
                    .setWeekStart(athlete.weekStart())
                    .setRestingHr(55)
                    .setMaxHr(190)
                    .setEffectiveFrom(LocalDate.of(2025, 1, 1))
                    .build()));
            if (a == 2) {
                // A corrected profile reaching back to week 3: when it comes after runs it applies
                // to, they are scored again from their stored heart rate, and must end the same.
                inputs.add(new ProfileIn(TestRecords.profile(athlete.id())
                        .setTimezone(athlete.zone().getId())
                        .setWeekStart(athlete.weekStart())
                        .setRestingHr(52)
                        .setMaxHr(184)
                        .setEffectiveFrom(FIRST_DAY.plusWeeks(2))
                        .build()));
            }
            int n = 0;
            for (int week = 0; week < WEEKS; week++) {
                // Weekly volume wanders, with a big jump in week 4 for two of the athletes.
                double weekKm = 16 + random.nextInt(12) + (week == 3 && a != 2 ? 15 : 0);
                int runs = 3 + random.nextInt(2);
                List<Integer> days = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6));
                java.util.Collections.shuffle(days, random);
                days = new ArrayList<>(days.subList(0, runs));
                days.sort(null);
                for (int i = 0; i < runs; i++) {
                    LocalDate day = FIRST_DAY.plusWeeks(week).plusDays(days.get(i));
                    boolean last = i == runs - 1;
                    double km = weekKm / runs * (last ? 1.4 : 0.85) + random.nextDouble();
                    LocalTime time = LocalTime.of(6 + random.nextInt(13), random.nextInt(4) * 15);
                    if (a == 0 && week == 4 && last && day.getDayOfWeek() == DayOfWeek.SUNDAY) {
                        time = LocalTime.of(23, 30);
                    }
                    boolean hard = !last && random.nextInt(4) == 0;
                    boolean noHr = n > 2 && random.nextInt(4) == 0;
                    String runId = athlete.id() + "-r" + n++;
                    double speed = hard ? 3.7 : 3.2;
                    // On the sample grid, so the last sample is the run's end: a run counts as
                    // complete once its heart rate is within a second of its end (the join's
                    // rounding tolerance), and a sample later than that would not be waited for.
                    int duration = (int) Math.round(km * 1000 / speed / SAMPLE_EVERY_SEC) * SAMPLE_EVERY_SEC;
                    Instant start = day.atTime(time).atZone(athlete.zone()).toInstant();
                    double progress = (week * 7.0 + days.get(i)) / (WEEKS * 7.0);
                    int easyBpm = (int) Math.round(
                            athlete.easyBpmFirst() + (athlete.easyBpmLast() - athlete.easyBpmFirst()) * progress);
                    int bpm = hard ? 168 : easyBpm;
                    if (!noHr) {
                        for (int t = 0; t <= duration; t += SAMPLE_EVERY_SEC) {
                            inputs.add(new SampleIn(
                                    sample(athlete.id(), runId, start.plusSeconds(t), bpm + (t / 60) % 3, speed)));
                        }
                    }
                    RunEvent event = TestRecords.run(
                                    athlete.id(), runId, start, duration, (double) Math.round(km * 1000))
                            .setPlannedType(hard ? PlannedType.WORKOUT : PlannedType.EASY)
                            .build();
                    inputs.add(new RunIn(event));
                    if (week == 1 && i == 0) {
                        // An exact re-send: reprocessing the same data must change nothing.
                        inputs.add(new RunIn(RunEvent.newBuilder(event).build()));
                    }
                    if (week == 2 && i == 1 && !noHr) {
                        // The phone's copy of the same run, without heart rate: a fuzzy duplicate.
                        inputs.add(new RunIn(RunEvent.newBuilder(event)
                                .setRunId(runId + "-phone")
                                .setSource("phone")
                                .setExternalId("phone-" + runId)
                                .setStartTime(start.plusSeconds(40))
                                .setDurationSec(duration - 30)
                                .setMovingTimeSec(duration - 30)
                                .build()));
                    }
                    if (week == 4 && i == 0) {
                        // Uploaded by mistake and deleted: its delete always follows it.
                        inputs.add(new RunIn(
                                RunEvent.newBuilder(event).setOp(RunOp.DELETE).build()));
                    }
                }
            }
        }
        return inputs;
    }

    private static HeartRateSample sample(String athleteId, String runId, Instant at, int bpm, double speed) {
        HeartRateSample s = TestRecords.sample(athleteId, runId, at, bpm);
        s.setSpeedMps(speed);
        return s;
    }

    private static long timeOf(Input input) {
        if (input instanceof SampleIn s) {
            return s.sample().getEventTime().toEpochMilli();
        }
        if (input instanceof RunIn r) {
            // A run event is reported once the run has ended, after its samples.
            return r.run().getStartTime().toEpochMilli() + r.run().getDurationSec() * 1000L + 1;
        }
        return Long.MIN_VALUE;
    }

    /** Everything in time order; records of the same instant keep their generation order. */
    private static List<Input> timeOrder(List<Input> inputs) {
        List<Input> sorted = new ArrayList<>(inputs);
        sorted.sort(Comparator.comparingLong(ArrivalOrderPropertyTest::timeOf));
        return sorted;
    }

    /**
     * A random merge of the three topics: run events in any order (a delete after its run),
     * samples in recording order per athlete with the athletes interleaved, profiles anywhere.
     */
    private static List<Input> interleaving(List<Input> inputs, Random random) {
        List<Input> profiles = new ArrayList<>();
        Map<String, List<Input>> samplesByAthlete = new LinkedHashMap<>();
        List<Input> runs = new ArrayList<>();
        for (Input input : timeOrder(inputs)) {
            if (input instanceof SampleIn s) {
                samplesByAthlete
                        .computeIfAbsent(s.sample().getAthleteId().toString(), k -> new ArrayList<>())
                        .add(s);
            } else if (input instanceof RunIn) {
                runs.add(input);
            } else {
                profiles.add(input);
            }
        }
        java.util.Collections.shuffle(runs, random);
        for (int i = 0; i < runs.size(); i++) {
            RunEvent delete = ((RunIn) runs.get(i)).run();
            if (delete.getOp() != RunOp.DELETE) {
                continue;
            }
            for (int j = i + 1; j < runs.size(); j++) {
                RunEvent other = ((RunIn) runs.get(j)).run();
                if (other.getOp() == RunOp.UPSERT && other.getRunId().equals(delete.getRunId())) {
                    java.util.Collections.swap(runs, i, j);
                    break;
                }
            }
        }
        List<Input> samples = new ArrayList<>();
        List<List<Input>> queues = new ArrayList<>(samplesByAthlete.values());
        int[] next = new int[queues.size()];
        int left = queues.stream().mapToInt(List::size).sum();
        while (left > 0) {
            int q = random.nextInt(queues.size());
            if (next[q] < queues.get(q).size()) {
                // Bursts, as a watch syncs a run at a time.
                int burst = 1 + random.nextInt(400);
                for (int k = 0; k < burst && next[q] < queues.get(q).size(); k++) {
                    samples.add(queues.get(q).get(next[q]++));
                    left--;
                }
            }
        }
        List<List<Input>> topics = List.of(profiles, samples, runs);
        int[] at = new int[3];
        List<Input> merged = new ArrayList<>(inputs.size());
        int remaining = inputs.size();
        while (remaining > 0) {
            int pick = random.nextInt(remaining);
            int topic = 0;
            while (pick >= topics.get(topic).size() - at[topic]) {
                pick -= topics.get(topic).size() - at[topic];
                topic++;
            }
            merged.add(topics.get(topic).get(at[topic]++));
            remaining--;
        }
        return merged;
    }

    // ---- one feed through the topology ----

    private static FinalState feed(List<Input> inputs) {
        Properties knob = new Properties();
        knob.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "-1");
        try (TopologyHarness h =
                new TopologyHarness(NOW, GRACE, HR_RETENTION, RUN_WAIT, knob, TopologySettings.StateStores.IN_MEMORY)) {
            int piped = 0;
            for (Input input : inputs) {
                if (input instanceof SampleIn s) {
                    h.sample(s.sample());
                } else if (input instanceof RunIn r) {
                    h.run(r.run());
                } else {
                    h.profile(((ProfileIn) input).profile());
                }
                if (++piped % 25 == 0) {
                    // Lets the release punctuation see runs whose heart rate is now complete.
                    h.driver.advanceWallClockTime(Duration.ofSeconds(1));
                }
            }
            h.driver.advanceWallClockTime(RUN_WAIT.plusHours(2));
            h.driver.advanceWallClockTime(Duration.ofHours(2));
            return finalState(h);
        }
    }

    private static FinalState finalState(TopologyHarness h) {
        List<String> problems = new ArrayList<>();
        if (!h.deadLetters.isEmpty()) {
            problems.add(h.deadLetters.readRecordsToList().size() + " dead letters");
        }
        Map<String, RunSummary> summaries = new TreeMap<>();
        for (RunSummary s : h.summaries.readValuesToList()) {
            summaries.put(
                    s.getAthleteId() + "/" + s.getRunId(),
                    RunSummary.newBuilder(s).setUpdatedAt(Instant.EPOCH).build());
        }
        // A run deleted before it was ever summarised has no summary at all; one deleted after
        // has a DELETED one. For a consumer both mean the run is gone, so neither is compared.
        summaries.values().removeIf(s -> s.getStatus() == RunStatus.DELETED);
        Map<String, WeeklyVolume> weeks = new TreeMap<>();
        for (WeeklyVolume w : h.weeks.readValuesToList()) {
            weeks.put(
                    w.getAthleteId() + "/" + w.getWeekStart(),
                    WeeklyVolume.newBuilder(w).setUpdatedAt(Instant.EPOCH).build());
        }
        Map<String, AthleteAlert> latest = new TreeMap<>();
        Map<String, AlertStatus> lastStatus = new HashMap<>();
        for (AthleteAlert a : h.alerts.readValuesToList()) {
            if (a.getStatus() == AlertStatus.WITHDRAWN && lastStatus.get(a.getAlertId()) != AlertStatus.ACTIVE) {
                problems.add("withdrawn without standing: " + a.getAlertId() + " " + a.getType() + " " + a.getPeriod());
            }
            lastStatus.put(a.getAlertId(), a.getStatus());
            latest.put(a.getAlertId(), a);
        }
        Map<String, AthleteAlert> standing = new TreeMap<>();
        latest.forEach((id, a) -> {
            if (a.getStatus() == AlertStatus.ACTIVE) {
                // Identity, severity, message and evidence; not the times of detection, the reason
                // it was last sent, or the historical flag, which says when it was detected.
                standing.put(
                        id,
                        AthleteAlert.newBuilder(a)
                                .setEventTime(Instant.EPOCH)
                                .setDetectedAt(Instant.EPOCH)
                                .setStatusReason(null)
                                .setHistorical(false)
                                .build());
            }
        });
        KeyValueStore<String, TrainingLedger> ledgers = h.driver.getKeyValueStore(StoreNames.LEDGER);
        Map<String, List<DailyLoad>> chains = new TreeMap<>();
        for (Athlete athlete : ATHLETES) {
            TrainingLedger ledger = ledgers.get(athlete.id());
            chains.put(
                    athlete.id(),
                    ledger == null ? List.of() : ledger.series(ledger.historyStart(), ledger.latestDay()));
        }
        return new FinalState(summaries, weeks, chains, standing, problems);
    }

    // ---- the independent evaluation ----

    private static LedgerRun ledgerRun(RunSummary s) {
        int[] zones = s.getTimeInZoneSec().stream().mapToInt(Integer::intValue).toArray();
        long hrSeconds = 0;
        for (int z : zones) {
            hrSeconds += z;
        }
        long easySeconds = zones.length < 2 ? 0 : zones[0] + zones[1];
        return new LedgerRun(
                s.getRunId(),
                s.getSource(),
                s.getExternalId(),
                s.getSport(),
                s.getStartTime().toEpochMilli(),
                s.getDurationSec(),
                s.getMovingTimeSec(),
                s.getDistanceMeters(),
                s.getLocalDate(),
                s.getLoad(),
                s.getLoadEstimated(),
                hrSeconds,
                easySeconds,
                s.getEfficiencyFactor(),
                s.getIntensity(),
                s.getPlannedType(),
                s.getHrCoverage());
    }

    private static String describe(AlertCandidate c) {
        return c.type() + " " + c.severity() + " " + c.period() + " " + c.runId() + " " + c.message() + " "
                + new TreeMap<>(c.evidence());
    }

    private static String describe(AthleteAlert a) {
        return a.getType() + " " + a.getSeverity() + " " + a.getPeriod() + " " + a.getRunId() + " " + a.getMessage()
                + " " + new TreeMap<>(a.getEvidence());
    }
}
