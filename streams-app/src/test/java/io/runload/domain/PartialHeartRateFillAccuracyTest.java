package io.runload.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.runload.avro.LoadSource;
import io.runload.avro.Sport;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How close each way of scoring a run scores to its full-heart-rate TRIMP when the heart rate stops
 * after k minutes of a 60-minute run. The truth is the TRIMP of the generated full record, summed
 * independently ({@link SyntheticHeartRateRun.Run#trimp}); each athlete has eight earlier runs with
 * full heart rate in the ledger. The table (docs/load-confidence.md) is printed to stdout.
 */
class PartialHeartRateFillAccuracyTest {

    private static final int ATHLETES = 12;
    private static final int RUNS_PER_SHAPE = 3;
    private static final int HISTORY_RUNS = 8;
    private static final int MINUTES = 60;
    private static final LocalDate DAY = LocalDate.of(2026, 11, 20);

    enum Method {
        /** What the app did before: the partial TRIMP, replaced by the duration estimate below half coverage when larger. */
        PREVIOUS_RULE,
        /** The run's minutes times the athlete's median easy load per minute. */
        DURATION_ESTIMATE,
        /** Covered TRIMP plus the uncovered minutes from the earlier runs' pace-to-load fit. */
        PACE_MODEL_EARLIER_RUNS,
        /**
         * {@link PartialHeartRateFill} as the pipeline runs it: from the same run's covered part only,
         * with no earlier runs, so that a score does not depend on which earlier runs had arrived.
         */
        PACE_MODEL
    }

    private static final Map<Integer, Map<Method, List<Double>>> ERRORS = new LinkedHashMap<>();
    /** Errors with the heart rate cut at 20 minutes, by run shape. */
    private static final Map<SyntheticHeartRateRun.Shape, Map<Method, List<Double>>> AT_20_BY_SHAPE =
            new LinkedHashMap<>();

    @BeforeAll
    static void measure() {
        for (int k : SyntheticHeartRateRun.cutMinutes()) {
            Map<Method, List<Double>> byMethod = new LinkedHashMap<>();
            for (Method m : Method.values()) {
                byMethod.put(m, new ArrayList<>());
            }
            ERRORS.put(k, byMethod);
        }
        for (SyntheticHeartRateRun.Shape shape : SyntheticHeartRateRun.shapes()) {
            Map<Method, List<Double>> byMethod = new LinkedHashMap<>();
            for (Method m : Method.values()) {
                byMethod.put(m, new ArrayList<>());
            }
            AT_20_BY_SHAPE.put(shape, byMethod);
        }
        for (int a = 0; a < ATHLETES; a++) {
            Random random = new Random(1000 + a);
            SyntheticHeartRateRun.Athlete athlete = SyntheticHeartRateRun.Athlete.generate(random);
            TrainingLedger ledger = history(athlete, random);
            long start = DAY.atTime(7, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
            for (SyntheticHeartRateRun.Shape shape : SyntheticHeartRateRun.shapes()) {
                for (int r = 0; r < RUNS_PER_SHAPE; r++) {
                    SyntheticHeartRateRun.Run run = SyntheticHeartRateRun.generate(athlete, shape, MINUTES, random);
                    double truth = run.trimp(athlete.profile());
                    for (int k : SyntheticHeartRateRun.cutMinutes()) {
                        Map<Method, Double> scored = score(athlete, ledger, run, start, k * 60);
                        scored.forEach((method, value) -> {
                            ERRORS.get(k).get(method).add((value - truth) / truth * 100);
                            if (k == 20) {
                                AT_20_BY_SHAPE.get(shape).get(method).add((value - truth) / truth * 100);
                            }
                        });
                    }
                }
            }
        }
        System.out.println(table());
    }

    private static TrainingLedger history(SyntheticHeartRateRun.Athlete athlete, Random random) {
        TrainingLedger ledger = new TrainingLedger();
        List<SyntheticHeartRateRun.Shape> shapes = SyntheticHeartRateRun.shapes();
        for (int i = HISTORY_RUNS; i >= 1; i--) {
            LocalDate date = DAY.minusDays(i * 2L);
            long start = date.atTime(7, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
            int minutes = 40 + random.nextInt(31);
            SyntheticHeartRateRun.Run run =
                    SyntheticHeartRateRun.generate(athlete, shapes.get(i % shapes.size()), minutes, random);
            RunEffort effort = run.accumulate(start, run.seconds()).summarize(athlete.profile(), start, minutes * 60);
            ledger.upsert(new LedgerRun(
                    "h" + i,
                    "garmin",
                    "ext-h" + i,
                    Sport.RUN,
                    start,
                    minutes * 60,
                    minutes * 60,
                    run.distanceMeters(),
                    date,
                    effort.trimp(),
                    false,
                    effort.hrSeconds(),
                    effort.easySeconds(),
                    effort.efficiencyFactor(),
                    effort.intensity(),
                    null,
                    effort.hrCoverage()));
        }
        return ledger;
    }

    private static Map<Method, Double> score(
            SyntheticHeartRateRun.Athlete athlete,
            TrainingLedger ledger,
            SyntheticHeartRateRun.Run run,
            long start,
            int hrSeconds) {
        RunHeartRateAccumulator acc = run.accumulate(start, hrSeconds);
        int duration = MINUTES * 60;
        RunEffort effort = acc.summarize(athlete.profile(), start, duration);
        double estimate = ledger.estimatedLoad(MINUTES);
        PartialHeartRateFill.Run facts = new PartialHeartRateFill.Run(start, duration, run.distanceMeters());
        Map<Method, Double> scored = new LinkedHashMap<>();
        scored.put(
                Method.PREVIOUS_RULE, effort.hrCoverage() < 0.5 ? Math.max(estimate, effort.trimp()) : effort.trimp());
        scored.put(Method.DURATION_ESTIMATE, estimate);
        RunLoad earlier = PartialHeartRateFill.resolve(
                facts, effort, List.of(), athlete.profile(), ledger.countedRuns(), estimate);
        assertThat(earlier.source()).isEqualTo(LoadSource.PACE_MODEL);
        scored.put(Method.PACE_MODEL_EARLIER_RUNS, earlier.value());
        RunLoad load = PartialHeartRateFill.resolve(
                facts, effort, acc.minuteBuckets(), athlete.profile(), List.of(), estimate);
        assertThat(load.source()).isEqualTo(LoadSource.PACE_MODEL);
        scored.put(Method.PACE_MODEL, load.value());
        return scored;
    }

    /** Mean absolute error, of signed errors in percent. */
    static double mean(List<Double> errors) {
        return errors.stream().mapToDouble(Math::abs).average().orElseThrow();
    }

    static double max(List<Double> errors) {
        return errors.stream().mapToDouble(Math::abs).max().orElseThrow();
    }

    static double bias(List<Double> errors) {
        return errors.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    static String table() {
        StringBuilder out = new StringBuilder(
                "| method | k = HR minutes | mean abs error % | max abs error % | mean signed error % |\n|---|---|---|---|---|\n");
        for (Method m : Method.values()) {
            for (Map.Entry<Integer, Map<Method, List<Double>>> e : ERRORS.entrySet()) {
                List<Double> errors = e.getValue().get(m);
                out.append(String.format(
                        Locale.ROOT,
                        "| %s | %d | %.1f | %.1f | %+.1f |%n",
                        m,
                        e.getKey(),
                        mean(errors),
                        max(errors),
                        bias(errors)));
            }
        }
        out.append(
                "\n| method | shape (k = 20) | mean abs error % | max abs error % | mean signed error % |\n|---|---|---|---|---|\n");
        for (Method m : Method.values()) {
            for (Map.Entry<SyntheticHeartRateRun.Shape, Map<Method, List<Double>>> e : AT_20_BY_SHAPE.entrySet()) {
                List<Double> errors = e.getValue().get(m);
                out.append(String.format(
                        Locale.ROOT,
                        "| %s | %s | %.1f | %.1f | %+.1f |%n",
                        m,
                        e.getKey(),
                        mean(errors),
                        max(errors),
                        bias(errors)));
            }
        }
        return out.toString();
    }

    @Test
    void aStrapThatDiesAfterTwentyOfSixtyMinutesScoresCloseToTheFullHeartRateTruth() {
        List<Double> errors = ERRORS.get(20).get(Method.PACE_MODEL);
        assertThat(errors).hasSize(ATHLETES * SyntheticHeartRateRun.shapes().size() * RUNS_PER_SHAPE);
        assertThat(mean(errors)).isLessThan(10.0);
    }

    @Test
    void thePaceModelBeatsThePreviousRuleAtEveryCut() {
        for (int k : SyntheticHeartRateRun.cutMinutes()) {
            assertThat(mean(ERRORS.get(k).get(Method.PACE_MODEL)))
                    .as("k = %d", k)
                    .isLessThan(mean(ERRORS.get(k).get(Method.PREVIOUS_RULE)));
        }
    }
}
