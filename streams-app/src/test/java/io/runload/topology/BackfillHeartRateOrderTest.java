package io.runload.topology;

import static io.runload.testing.TestRecords.profile;
import static io.runload.testing.TestRecords.run;
import static io.runload.testing.TestRecords.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.runload.avro.HeartRateSample;
import io.runload.avro.RunEvent;
import io.runload.avro.RunSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A history back-fill sends one athlete's runs and their heart rate on two topics, which a task
 * reads in whatever order its fetches return: the run events of many runs can be processed before
 * their samples, or long after. Whatever the merge, every run summary must end up with all of its
 * heart rate.
 *
 * <p>Each run is 45 minutes at a constant 150 bpm (Karvonen 60/190), sampled every 10 s: every gap
 * is at the 10 s credit cap, so all 2700 s are credited and TRIMP is the 75.33 worked out in
 * {@code RunLoadTopologyTest.constantHeartRateRunGivesTheWorkedTrimpAndAWeek}.
 */
class BackfillHeartRateOrderTest {
    private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");
    /** More runs than an athlete's heart-rate state ever held by count before its run events came. */
    private static final int RUNS = 40;

    private static final int DURATION_SEC = 2700;
    private static final double WORKED_TRIMP = 75.33;

    private record Item(RunEvent run, HeartRateSample sample) {}

    /** Run i starts at 07:00 on day i, the last one 2 days before NOW, so no run is beyond the grace as it arrives. */
    private static List<Item> runEvents() {
        List<Item> events = new ArrayList<>();
        Instant firstStart = Instant.parse("2026-10-15T07:00:00Z");
        for (int i = 0; i < RUNS; i++) {
            events.add(new Item(
                    run("a1", "r" + i, firstStart.plus(Duration.ofDays(i)), DURATION_SEC, 7500)
                            .build(),
                    null));
        }
        return events;
    }

    private static List<Item> samplesOf(RunEvent run) {
        List<Item> samples = new ArrayList<>();
        for (int s = 0; s <= DURATION_SEC; s += 10) {
            samples.add(new Item(
                    null, sample("a1", run.getRunId(), run.getStartTime().plusSeconds(s), 150)));
        }
        return samples;
    }

    private static List<Item> allSamples(List<Item> runs) {
        List<Item> samples = new ArrayList<>();
        runs.forEach(r -> samples.addAll(samplesOf(r.run())));
        return samples;
    }

    @Test
    void everyRunEventBeforeAnyOfTheirSamples() {
        List<Item> runs = runEvents();
        List<Item> order = new ArrayList<>(runs);
        order.addAll(allSamples(runs));
        assertEveryRunHasAllItsHeartRate(order, new Random(0), 0);
    }

    @Test
    void everySampleBeforeAnyOfTheirRunEvents() {
        List<Item> runs = runEvents();
        List<Item> order = new ArrayList<>(allSamples(runs));
        order.addAll(runs);
        assertEveryRunHasAllItsHeartRate(order, new Random(0), 0);
    }

    /**
     * A second device syncs an older run after a newer one: the athlete's samples have already
     * moved past the older run when its event comes, so it is summarised without heart rate at
     * once, and must still be corrected when its own samples follow.
     */
    @Test
    void samplesOfAnOlderRunSyncedAfterANewerOnesCorrectItsSummary() {
        try (TopologyHarness h = new TopologyHarness(NOW)) {
            h.profile(profile("a1").build());
            List<Item> runs = runEvents();
            RunEvent older = runs.get(RUNS - 2).run();
            RunEvent newer = runs.get(RUNS - 1).run();
            samplesOf(newer).forEach(i -> h.sample(i.sample()));
            h.run(newer);
            h.run(older);
            h.driver.advanceWallClockTime(Duration.ofSeconds(1));
            Map<String, RunSummary> before = latestByRun(h);
            assertThat(before.get(older.getRunId()).getLoadEstimated())
                    .as("summarised before its samples came")
                    .isTrue();

            samplesOf(older).forEach(i -> h.sample(i.sample()));
            h.driver.advanceWallClockTime(Duration.ofSeconds(1));
            RunSummary corrected = latestByRun(h).get(older.getRunId());
            assertThat(corrected).isNotNull();
            assertThat(corrected.getLoadEstimated()).isFalse();
            assertThat(corrected.getLoad()).isCloseTo(WORKED_TRIMP, within(0.005));
            assertThat(h.pendingRuns()).isEmpty();
        }
    }

    private static Map<String, RunSummary> latestByRun(TopologyHarness h) {
        Map<String, RunSummary> latest = new LinkedHashMap<>();
        for (RunSummary summary : h.summaries.readValuesToList()) {
            latest.put(summary.getRunId(), summary);
        }
        return latest;
    }

    /**
     * Each topic keeps its own order (a partition is read in order), but the two are merged at
     * random, with the wall clock ticking now and then (releases, the wait for heart rate running
     * out) as it does while a task works through a backlog.
     */
    @Test
    void anyMergeOfTheTwoTopicsWithTheClockTicking() {
        for (long seed = 1; seed <= 6; seed++) {
            Random random = new Random(seed);
            List<Item> runs = runEvents();
            List<Item> samples = allSamples(runs);
            List<Item> order = new ArrayList<>();
            int r = 0;
            int s = 0;
            // Runs are 1 in 270 of the records; favouring them by a random weight per seed makes
            // some merges run far ahead of the samples and others lag far behind.
            double runBias = random.nextDouble();
            while (r < runs.size() || s < samples.size()) {
                boolean takeRun = s == samples.size() || (r < runs.size() && random.nextDouble() < runBias * 0.01);
                order.add(takeRun ? runs.get(r++) : samples.get(s++));
            }
            assertEveryRunHasAllItsHeartRate(order, random, 0.002);
        }
    }

    private static void assertEveryRunHasAllItsHeartRate(List<Item> order, Random random, double tickChance) {
        try (TopologyHarness h = new TopologyHarness(NOW)) {
            h.profile(profile("a1").build());
            Consumer<Item> feed = item -> {
                if (item.run() != null) {
                    h.run(item.run());
                } else {
                    h.sample(item.sample());
                }
            };
            for (Item item : order) {
                feed.accept(item);
                if (random.nextDouble() < tickChance) {
                    // A second, or a whole wait for heart rate: both happen during a back-fill.
                    h.driver.advanceWallClockTime(
                            random.nextBoolean()
                                    ? Duration.ofSeconds(1)
                                    : TopologyHarness.RUN_HEART_RATE_WAIT.plusSeconds(1));
                }
            }
            for (int tick = 0; tick < 3; tick++) {
                h.driver.advanceWallClockTime(TopologyHarness.RUN_HEART_RATE_WAIT.plusSeconds(1));
            }
            Map<String, RunSummary> latest = new LinkedHashMap<>();
            List<Instant> firstSummarised = new ArrayList<>();
            for (RunSummary summary : h.summaries.readValuesToList()) {
                if (latest.put(summary.getRunId(), summary) == null) {
                    firstSummarised.add(summary.getStartTime());
                }
            }
            assertThat(latest).hasSize(RUNS);
            // The ledger gets the runs in start order, whichever topic ran ahead.
            assertThat(firstSummarised).isSorted();
            assertThat(h.deadLetters.isEmpty()).isTrue();
            for (RunSummary summary : latest.values()) {
                assertThat(summary.getHrCoverage())
                        .as("heart-rate coverage of %s", summary.getRunId())
                        .isNotNull()
                        .isCloseTo(1.0, within(1e-9));
                assertThat(summary.getLoadEstimated())
                        .as("load of %s estimated", summary.getRunId())
                        .isFalse();
                assertThat(summary.getLoad())
                        .as("TRIMP of %s", summary.getRunId())
                        .isCloseTo(WORKED_TRIMP, within(0.005));
            }
        }
    }
}
