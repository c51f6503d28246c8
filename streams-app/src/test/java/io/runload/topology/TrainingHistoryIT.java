package io.runload.topology;

import static io.runload.testing.TestRecords.profile;
import static io.runload.testing.TestRecords.run;
import static io.runload.testing.TestRecords.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.runload.avro.AlertType;
import io.runload.avro.AthleteAlert;
import io.runload.avro.RunSummary;
import io.runload.avro.WeekStart;
import io.runload.avro.WeeklyVolume;
import io.runload.domain.AlertLog;
import io.runload.runtime.RunLoadApplication;
import io.runload.runtime.RunLoadConfig;
import io.runload.serde.SchemaRegistryClient;
import io.runload.serde.SchemaRegistryClients;
import io.runload.serde.SpecificAvroSerde;
import io.runload.serde.SpecificAvroSerializer;
import io.runload.testing.SharedKafkaBroker;
import io.runload.testing.TestApplications;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * A scripted six-week history for three athletes through the real application and broker. The
 * expected weekly figures and the alert set are worked out here, independently of the ledger:
 *
 * <ul>
 *   <li>steady (UTC, Monday weeks): 4 runs a week (Mon, Wed, Fri, Sun), 40 min at a constant
 *       140 bpm (rest 60, max 190: HRR 0.6154, TRIMP 40 * 0.6154 * 0.64 * e^(1.92*0.6154) = 51.35),
 *       8 km each. Nothing changes, so no alert.</li>
 *   <li>jumper (UTC, Monday weeks): the same volume without heart rate for five weeks, then four
 *       10.8 km runs (+35%): the first of them is a single-run spike (10.8 vs 8 km longest: +35%,
 *       the 30-100% band, WARNING) and the week, once its fourth run lands, is a +35% week-over-week
 *       change (INFO: week-over-week change is reported, not graded).</li>
 *   <li>spiker (Asia/Tokyo, Sunday weeks): runs on Sun, Tue, Thu, Sat without heart rate; week 5
 *       opens with a 12 km, 60 min run: a single-run spike (+50%, WARNING) and an INFO week
 *       (36 vs 32 km: +12.5%).</li>
 * </ul>
 * Without heart rate the load is the documented estimate of 1.449082 per moving minute. An offline
 * run of the same daily loads through the chain formulas keeps TSB above -22.3, ACWR at or below
 * 1.45, monotony at 1.15 and never more than two non-light days in a row, so no ACWR or recovery
 * alert is due; without heart rate there is no easy share, so no drift alert either.
 */
class TrainingHistoryIT {
    private static final double ESTIMATE_PER_MINUTE = 1.449082;
    private static final double STEADY_TRIMP = 40 * 0.6153846 * 0.64 * Math.exp(1.92 * 0.6153846);

    private record PlannedRun(
            String athleteId, String runId, ZoneId zone, LocalDate date, int minutes, double meters, boolean hr) {}

    @Test
    void sixWeeksForThreeAthletesGiveTheExpectedWeeksAndExactlyTheExpectedAlerts() throws Exception {
        Properties settings = TestApplications.isolated("history");
        RunLoadConfig config = RunLoadConfig.load(Map.of(), settings);
        var topics = config.topics();
        SchemaRegistryClient registry = SchemaRegistryClients.forUrl(config.schemaRegistryUrl());

        ZoneId utc = ZoneOffset.UTC;
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");
        LocalDate mondayWeeksStart = LocalDate.now(utc)
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                .minusWeeks(6);
        LocalDate sundayWeeksStart = LocalDate.now(tokyo)
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.SUNDAY))
                .minusWeeks(6);

        List<PlannedRun> plan = new ArrayList<>();
        for (int week = 0; week < 6; week++) {
            for (int day : new int[] {0, 2, 4, 6}) {
                LocalDate m = mondayWeeksStart.plusDays(week * 7L + day);
                plan.add(new PlannedRun("steady", "steady-" + week + "-" + day, utc, m, 40, 8000, true));
                boolean jump = week == 5;
                plan.add(new PlannedRun(
                        "jumper", "jumper-" + week + "-" + day, utc, m, jump ? 54 : 40, jump ? 10800 : 8000, false));
                LocalDate s = sundayWeeksStart.plusDays(week * 7L + day);
                boolean spike = week == 4 && day == 0;
                plan.add(new PlannedRun(
                        "spiker",
                        "spiker-" + week + "-" + day,
                        tokyo,
                        s,
                        spike ? 60 : 40,
                        spike ? 12000 : 8000,
                        false));
            }
        }

        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        records.add(avro(topics.athleteProfiles(), "steady", profile("steady").build(), registry));
        records.add(avro(topics.athleteProfiles(), "jumper", profile("jumper").build(), registry));
        records.add(avro(
                topics.athleteProfiles(),
                "spiker",
                profile("spiker")
                        .setTimezone("Asia/Tokyo")
                        .setWeekStart(WeekStart.SUNDAY)
                        .build(),
                registry));
        for (PlannedRun p : plan) {
            var start = p.date().atTime(LocalTime.of(7, 0)).atZone(p.zone()).toInstant();
            if (p.hr()) {
                for (int s = 0; s <= p.minutes() * 60; s++) {
                    records.add(avro(
                            topics.hrSamples(),
                            p.athleteId(),
                            sample(p.athleteId(), p.runId(), start.plusSeconds(s), 140),
                            registry));
                }
            }
            records.add(avro(
                    topics.runs(),
                    p.athleteId(),
                    run(p.athleteId(), p.runId(), start, p.minutes() * 60, p.meters())
                            .setPlannedType(null)
                            .build(),
                    registry));
        }

        try (RunLoadApplication app = TestApplications.start(settings)) {
            TestApplications.awaitRunning(app, Duration.ofSeconds(60));
            SharedKafkaBroker.produce(records);

            Map<String, RunSummary> summaries =
                    awaitFinalSummaries(topics.runSummaries(), registry, plan, Duration.ofMinutes(3));
            assertThat(summaries.keySet())
                    .containsExactlyInAnyOrderElementsOf(
                            plan.stream().map(PlannedRun::runId).toList());
            assertThat(SharedKafkaBroker.consumeAll(topics.deadLetters(), 1, Duration.ofSeconds(1)))
                    .isEmpty();
            RunSummary steadyRun = summaries.get("steady-0-0");
            assertThat(steadyRun.getLoad()).isCloseTo(STEADY_TRIMP, within(0.01));

            Map<String, WeeklyVolume> finalWeeks = latestWeeks(topics.weeklyVolume(), registry);
            Map<String, double[]> expected = expectedWeeks(plan, mondayWeeksStart, sundayWeeksStart);
            assertThat(finalWeeks.keySet()).isEqualTo(expected.keySet());
            expected.forEach((key, e) -> {
                WeeklyVolume w = finalWeeks.get(key);
                assertThat(w.getDistanceMeters()).as("%s distance", key).isEqualTo(e[0]);
                assertThat(w.getMovingTimeSec()).as("%s time", key).isEqualTo((long) e[1]);
                assertThat(w.getRuns()).as("%s runs", key).isEqualTo((int) e[2]);
                assertThat(w.getLoad()).as("%s load", key).isCloseTo(e[3], within(0.01));
                assertThat(w.getCtl()).as("%s CTL", key).isCloseTo(e[4], within(0.01));
                assertThat(w.getAtl()).as("%s ATL", key).isCloseTo(e[5], within(0.01));
            });
            assertThat(finalWeeks.get("steady|" + mondayWeeksStart.plusWeeks(5)).getEasyShare())
                    .isEqualTo(1.0);
            assertThat(finalWeeks.get("jumper|" + mondayWeeksStart.plusWeeks(5)).getWeekOverWeekChangePct())
                    .isCloseTo(35.0, within(1e-9));

            Set<String> expectedAlertIds = Set.of(
                    AlertLog.alertId("jumper", AlertType.VOLUME_SPIKE, "jumper-5-0"),
                    AlertLog.alertId("jumper", AlertType.VOLUME_SPIKE, isoWeek(mondayWeeksStart.plusWeeks(5))),
                    AlertLog.alertId("spiker", AlertType.VOLUME_SPIKE, "spiker-4-0"),
                    AlertLog.alertId("spiker", AlertType.VOLUME_SPIKE, isoWeek(sundayWeeksStart.plusWeeks(4))));
            var alertDeserializer = new SpecificAvroSerde<>(AthleteAlert.class, registry, true).deserializer();
            List<AthleteAlert> alerts =
                    SharedKafkaBroker.consumeAll(topics.alerts(), 100, Duration.ofSeconds(5)).stream()
                            .map(r -> alertDeserializer.deserialize(topics.alerts(), r.value()))
                            .toList();
            assertThat(alerts)
                    .extracting(AthleteAlert::getAlertId)
                    .containsExactlyInAnyOrderElementsOf(expectedAlertIds);
        }
    }

    /** Week totals and chain values worked out from the plan: {distance, seconds, runs, load, ctl, atl}. */
    private static Map<String, double[]> expectedWeeks(
            List<PlannedRun> plan, LocalDate mondayStart, LocalDate sundayStart) {
        Map<String, double[]> weeks = new LinkedHashMap<>();
        for (String athlete : List.of("steady", "jumper", "spiker")) {
            LocalDate first = athlete.equals("spiker") ? sundayStart : mondayStart;
            Map<LocalDate, Double> dailyLoad = new HashMap<>();
            for (PlannedRun p : plan) {
                if (p.athleteId().equals(athlete)) {
                    double load = p.hr() ? STEADY_TRIMP : ESTIMATE_PER_MINUTE * p.minutes();
                    dailyLoad.merge(p.date(), load, Double::sum);
                    String key = athlete + "|" + first.plusWeeks((p.date().toEpochDay() - first.toEpochDay()) / 7);
                    double[] w = weeks.computeIfAbsent(key, k -> new double[6]);
                    w[0] += p.meters();
                    w[1] += p.minutes() * 60;
                    w[2] += 1;
                    w[3] += load;
                }
            }
            // Banister chains over every day from the first run: CTL(42 d), ATL(7 d), as of each week's last day.
            double ctl = 0;
            double atl = 0;
            for (LocalDate d = first; d.isBefore(first.plusWeeks(6)); d = d.plusDays(1)) {
                double load = dailyLoad.getOrDefault(d, 0.0);
                ctl += (load - ctl) * (1 - Math.exp(-1.0 / 42));
                atl += (load - atl) * (1 - Math.exp(-1.0 / 7));
                if ((d.toEpochDay() - first.toEpochDay()) % 7 == 6) {
                    double[] w = weeks.get(athlete + "|" + d.minusDays(6));
                    w[4] = ctl;
                    w[5] = atl;
                }
            }
        }
        return weeks;
    }

    /**
     * The latest summary of every planned run, once each run with heart rate has it attached. Run
     * events and samples travel on different topics, so on a loaded machine a run can be summarised
     * before its last samples and corrected when they come; the upsert per runId is the contract.
     */
    private static Map<String, RunSummary> awaitFinalSummaries(
            String topic, SchemaRegistryClient registry, List<PlannedRun> plan, Duration timeout)
            throws InterruptedException {
        var deserializer = new SpecificAvroSerde<>(RunSummary.class, registry, true).deserializer();
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, RunSummary> latest = new HashMap<>();
        try {
            Awaitility.await("final summaries of " + plan.size() + " runs")
                    .atMost(timeout)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(500))
                    .pollInSameThread()
                    .until(() -> {
                        latest.clear();
                        Duration remaining = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
                        for (ConsumerRecord<byte[], byte[]> r :
                                SharedKafkaBroker.consumeAll(topic, plan.size(), remaining)) {
                            RunSummary summary = deserializer.deserialize(topic, r.value());
                            latest.put(summary.getRunId(), summary);
                        }
                        return plan.stream()
                                .allMatch(p -> latest.containsKey(p.runId())
                                        && (!p.hr() || !latest.get(p.runId()).getLoadEstimated()));
                    });
        } catch (ConditionTimeoutException e) {
            // Return what was read: the caller's assertions say which runs are missing or unsettled.
        }
        return latest;
    }

    private static Map<String, WeeklyVolume> latestWeeks(String topic, SchemaRegistryClient registry) {
        var deserializer = new SpecificAvroSerde<>(WeeklyVolume.class, registry, true).deserializer();
        Map<String, WeeklyVolume> latest = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : SharedKafkaBroker.consumeAll(topic, 100_000, Duration.ofSeconds(8))) {
            WeeklyVolume w = deserializer.deserialize(topic, r.value());
            latest.put(w.getAthleteId() + "|" + w.getWeekStart(), w);
        }
        return latest;
    }

    private static String isoWeek(LocalDate weekStart) {
        // ISO week of the week's Thursday-equivalent (its fourth day), so Sunday weeks label like ISO ones.
        LocalDate mid = weekStart.plusDays(3);
        return String.format(
                "%d-W%02d", mid.get(IsoFields.WEEK_BASED_YEAR), mid.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    private static ProducerRecord<byte[], byte[]> avro(
            String topic, String athleteId, SpecificRecord value, SchemaRegistryClient registry) {
        @SuppressWarnings({"unchecked", "rawtypes"})
        byte[] bytes = new SpecificAvroSerializer(value.getClass(), registry, true).serialize(topic, value);
        return new ProducerRecord<>(topic, athleteId.getBytes(StandardCharsets.UTF_8), bytes);
    }
}
