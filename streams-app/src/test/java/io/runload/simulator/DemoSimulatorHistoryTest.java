package io.runload.simulator;

import static io.runload.simulator.HistoryFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runload.avro.AthleteProfile;
import io.runload.avro.HeartRateSample;
import io.runload.avro.PlannedType;
import io.runload.avro.RunEvent;
import io.runload.avro.RunOp;
import io.runload.avro.WeekStart;
import io.runload.avro.ZoneModel;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DemoSimulatorHistoryTest {

    private final HistoryFixture fixture = HistoryFixture.get();
    private final RecordingSink sink = fixture.sink;

    @Test
    void summaryCountsWhatReachedTheSinkAndVolumeStaysSensible() {
        SimulationSummary summary = fixture.summary;
        System.out.println("Default demo history (12 athletes x 42 days) up to " + NOW + ": " + summary);

        assertThat(summary.profiles()).isEqualTo(sink.profiles.size()).isEqualTo(13);
        assertThat(summary.samples()).isEqualTo(sink.samples.size());
        assertThat(summary.invalidSamples())
                .isEqualTo(sink.samples.stream().filter(s -> s.getBpm() == 255).count());
        assertThat(summary.runUpserts() + summary.runDeletes()).isEqualTo(sink.runs.size());
        assertThat(summary.runDeletes()).isEqualTo(1);
        assertThat(summary.garbage()).isEqualTo(sink.garbage.size());
        // 12 athletes x ~5 runs a week x 6 weeks, ~55 min each, at about 1 Hz.
        assertThat(summary.samples()).isBetween(600_000L, 2_500_000L);
        assertThat(summary.runUpserts()).isBetween(12L * 4 * 5, 12L * 7 * 6 + 10);
    }

    @Test
    void athleteIdsAreZeroPaddedAndProfilesRealistic() {
        assertThat(fixture.simulator.athletes())
                .extracting(SimulatedAthlete::athleteId)
                .startsWith("sim-0001", "sim-0002")
                .contains("sim-0012")
                .hasSize(12);
        for (AthleteProfile profile : sink.profiles) {
            assertThat(profile.getMaxHr()).isBetween(175, 200);
            assertThat(profile.getRestingHr()).isBetween(41, 68);
            assertThat(ZoneId.of(profile.getTimezone())).isNotNull();
        }
        assertThat(sink.profiles).extracting(AthleteProfile::getWeekStart).contains(WeekStart.SUNDAY, WeekStart.MONDAY);
        assertThat(sink.profiles)
                .filteredOn(p -> p.getZoneModel() == ZoneModel.LTHR_FRIEL)
                .isNotEmpty()
                .allSatisfy(p -> assertThat(p.getLthr()).isBetween(p.getRestingHr(), p.getMaxHr()));
        assertThat(sink.profiles)
                .extracting(AthleteProfile::getTimezone)
                .contains("Europe/Berlin", "America/New_York", "Asia/Tokyo", "Australia/Sydney");
    }

    @Test
    void eachAthletesFirstProfileComesBeforeItsDataAndIsEffectiveFromTheHistoryStart() {
        for (SimulatedAthlete athlete : fixture.simulator.athletes()) {
            Object first = sink.all.stream()
                    .filter(r -> athleteOf(r).equals(athlete.athleteId()))
                    .findFirst()
                    .orElseThrow();
            assertThat(first).isInstanceOf(AthleteProfile.class);
            LocalDate start = fixture.simulator
                    .historyStart()
                    .atZone(athlete.itinerary().home())
                    .toLocalDate();
            assertThat(((AthleteProfile) first).getEffectiveFrom()).isEqualTo(start);
        }
    }

    @Test
    void oneProfileChangesMidHistoryBeforeThatDaysRuns() {
        SimulatedAthlete athlete = fixture.athlete(Scenario.VOLUME_JUMP);
        List<AthleteProfile> profiles = fixture.profilesOf(athlete);
        assertThat(profiles).hasSize(2);
        AthleteProfile changed = profiles.get(1);
        assertThat(changed.getRestingHr()).isNotEqualTo(profiles.get(0).getRestingHr());
        assertThat(ChronoUnit.DAYS.between(profiles.get(0).getEffectiveFrom(), changed.getEffectiveFrom()))
                .isEqualTo(21);
        int changeAt = sink.all.indexOf(changed);
        ZoneId zone = ZoneId.of(changed.getTimezone());
        for (int i = 0; i < changeAt; i++) {
            if (sink.all.get(i) instanceof HeartRateSample s && s.getAthleteId().equals(athlete.athleteId())) {
                assertThat(s.getEventTime().atZone(zone).toLocalDate()).isBefore(changed.getEffectiveFrom());
            }
        }
    }

    @Test
    void nothingIsInTheFutureOrOlderThan43Days() {
        Instant oldest = NOW.minus(Duration.ofDays(43));
        assertThat(sink.samples)
                .filteredOn(s ->
                        s.getEventTime().isBefore(oldest) || s.getEventTime().isAfter(NOW))
                .isEmpty();
        assertThat(sink.runs).allSatisfy(r -> {
            assertThat(r.getStartTime()).isBetween(oldest, NOW);
            assertThat(r.getStartTime().plusSeconds(r.getDurationSec())).isBeforeOrEqualTo(r.getUpdatedAt());
            assertThat(r.getUpdatedAt()).isBetween(oldest, NOW);
        });
        assertThat(sink.profiles)
                .allSatisfy(p -> assertThat(p.getEffectiveFrom()
                                .atStartOfDay(ZoneOffset.UTC)
                                .toInstant())
                        .isAfter(oldest.minus(Duration.ofDays(1))));
    }

    /**
     * Emission order is event-time order, except the late upload's samples; a RunEvent's event
     * time is its updatedAt, and the only run that may go back in time is the exact re-send.
     */
    @Test
    void perAthleteEventsComeInEventTimeOrderExceptTheDeliberateLateUploadAndReSend() {
        Map<String, Instant> lastSampleTime = new HashMap<>();
        Map<String, Instant> lastRunTime = new HashMap<>();
        Set<String> outOfOrderRuns = new HashSet<>();
        List<RunEvent> backwardRunEvents = new ArrayList<>();
        for (Object record : sink.all) {
            if (record instanceof HeartRateSample s) {
                Instant previous = lastSampleTime.getOrDefault(s.getAthleteId(), Instant.MIN);
                if (s.getEventTime().isBefore(previous)) {
                    outOfOrderRuns.add(s.getRunId());
                } else {
                    lastSampleTime.put(s.getAthleteId(), s.getEventTime());
                }
            } else if (record instanceof RunEvent r) {
                Instant previous = lastRunTime.getOrDefault(r.getAthleteId(), Instant.MIN);
                if (r.getUpdatedAt().isBefore(previous)) {
                    backwardRunEvents.add(r);
                } else {
                    lastRunTime.put(r.getAthleteId(), r.getUpdatedAt());
                }
            }
        }
        SimulatedAthlete lateAthlete = fixture.athlete(Scenario.LATE_UPLOAD);
        assertThat(outOfOrderRuns).hasSize(1);
        String lateRunId = outOfOrderRuns.iterator().next();
        assertThat(lateRunId).startsWith(lateAthlete.athleteId());
        RunEvent lateRun = sink.runs.stream()
                .filter(r -> r.getRunId().equals(lateRunId))
                .findFirst()
                .orElseThrow();
        assertThat(lateRun.getUpdatedAt())
                .isAfterOrEqualTo(lateRun.getStartTime().plus(Duration.ofDays(3)));
        // On-time records go out at their event time, so the first one sent after the late run's
        // first sample tells when that sample was sent: at least 3 days after the run started.
        int firstLate = indexOf(sink.all, r -> r instanceof HeartRateSample s && lateRunId.equals(s.getRunId()));
        Instant sentAround = sink.all.subList(firstLate, sink.all.size()).stream()
                .map(r -> r instanceof HeartRateSample s && !lateRunId.equals(s.getRunId())
                        ? s.getEventTime()
                        : r instanceof RunEvent e && !lateRunId.equals(e.getRunId()) ? e.getUpdatedAt() : null)
                .filter(Objects::nonNull)
                .findFirst()
                .orElseThrow();
        assertThat(sentAround).isAfterOrEqualTo(lateRun.getStartTime().plus(Duration.ofDays(3)));

        // Only an unchanged re-send may carry an older updatedAt than what came before it.
        assertThat(backwardRunEvents)
                .allSatisfy(resent ->
                        assertThat(sink.runs.stream().filter(resent::equals)).hasSize(2));
    }

    @Test
    void heartRatesArePlausibleExceptTheDeliberateInvalidReadings() {
        // Plain filters: allSatisfy over a million samples is too slow.
        assertThat(sink.samples)
                .filteredOn(s -> !EffortMath.valid(s) && s.getBpm() != 255)
                .isEmpty();
        assertThat(fixture.summary.invalidSamples()).isBetween(5L, 200L);
        assertThat(sink.samples)
                .filteredOn(s -> s.getSpeedMps() < 0 || s.getSpeedMps() > 7)
                .isEmpty();
        assertThat(sink.samples)
                .filteredOn(s -> s.getCadenceSpm() != 0 && (s.getCadenceSpm() < 150 || s.getCadenceSpm() > 195))
                .isEmpty();
    }

    @Test
    void garbageIsUndecodableAndKeyedByAthlete() {
        assertThat(sink.garbage).hasSizeBetween(100, 300);
        Set<String> ids = fixture.simulator.athletes().stream()
                .map(SimulatedAthlete::athleteId)
                .collect(Collectors.toSet());
        assertThat(sink.garbage)
                .extracting(RecordingSink.Garbage::topic)
                .containsOnly(SimulationSink.HR_SAMPLES, SimulationSink.RUNS, SimulationSink.ATHLETE_PROFILES);
        for (RecordingSink.Garbage garbage : sink.garbage) {
            assertThat(ids).contains(new String(garbage.key(), java.nio.charset.StandardCharsets.UTF_8));
            assertThatThrownBy(() -> HeartRateSample.getDecoder().decode(garbage.value()))
                    .isNotNull();
        }
    }

    @Test
    void everySampleFallsInsideOneOfItsAthletesRuns() {
        Map<String, TreeMap<Instant, RunEvent>> runsByStart = new HashMap<>();
        sink.runs.stream()
                .filter(r -> !r.getSource().equals("strava"))
                .forEach(r -> runsByStart
                        .computeIfAbsent(r.getAthleteId(), k -> new TreeMap<>())
                        .put(r.getStartTime(), r));
        for (HeartRateSample sample : sink.samples) {
            var entry = runsByStart.get(sample.getAthleteId()).floorEntry(sample.getEventTime());
            assertThat(entry).as("run around %s", sample).isNotNull();
            RunEvent run = entry.getValue();
            assertThat(sample.getEventTime()).isBefore(run.getStartTime().plusSeconds(run.getDurationSec()));
            if (sample.getRunId() != null) {
                assertThat(sample.getRunId()).isEqualTo(run.getRunId());
            }
        }
    }

    @Test
    void easyRunnerDriftsAndHerLastWeeksEasyRunsTurnHard() {
        SimulatedAthlete athlete = fixture.athlete(Scenario.EASY_DRIFT);
        Map<String, List<HeartRateSample>> samples = fixture.samplesByRun();
        LocalDate firstDay = fixture.simulator
                .historyStart()
                .atZone(athlete.itinerary().home())
                .toLocalDate();
        List<RunEvent> easyRuns = fixture.runsOf(athlete).stream()
                .filter(r -> r.getPlannedType() == PlannedType.EASY)
                .toList();

        // Efficiency factor (speed / HR, after the first 10 minutes) of easy runs, weeks 2 and 6.
        double earlyEf = meanEf(easyRuns, samples, firstDay, 7, 14);
        double lateEf = meanEf(easyRuns, samples, firstDay, 28, 35);
        assertThat(lateEf / earlyEf).isLessThan(0.95);

        List<RunEvent> finalWeek = easyRuns.stream()
                .filter(r -> r.getStartTime().isAfter(NOW.minus(Duration.ofDays(7))))
                .toList();
        assertThat(finalWeek).hasSizeGreaterThanOrEqualTo(2);
        for (RunEvent run : finalWeek) {
            AthleteProfile profile = athlete.profileOn(localDate(run));
            List<HeartRateSample> hr = samples.get(run.getRunId());
            long start = run.getStartTime().toEpochMilli();
            // Started easy: the first 10 minutes mostly under the 70% HRR ceiling.
            assertThat(EffortMath.shareAboveEasy(hr, profile, start, start + 600_000))
                    .isLessThan(0.2);
            // EASY_RUN_TOO_HARD's window: > 50% of the 5 minutes ending at minute 25 above the ceiling.
            assertThat(EffortMath.shareAboveEasy(hr, profile, start + 20 * 60_000, start + 25 * 60_000))
                    .isGreaterThan(0.5);
        }

        // Easy share of HR time over the last 7 days below 80% (Seiler, docs/domain.md).
        List<HeartRateSample> lastWeek = fixture.samplesOf(athlete).stream()
                .filter(s -> s.getEventTime().isAfter(NOW.minus(Duration.ofDays(7))))
                .filter(EffortMath::valid)
                .toList();
        AthleteProfile profile = athlete.profileOn(LocalDate.ofInstant(NOW, ZoneOffset.UTC));
        double easyShare =
                lastWeek.stream().filter(s -> EffortMath.hrr(s, profile) < 0.70).count() / (double) lastWeek.size();
        assertThat(easyShare).isLessThan(0.8);
    }

    @Test
    void volumeJumpsByMoreThan30PercentInTheLastCompleteWeek() {
        SimulatedAthlete athlete = fixture.athlete(Scenario.VOLUME_JUMP);
        ZoneId zone = athlete.itinerary().home();
        DayOfWeek weekStart = athlete.weekStartDay();
        Map<LocalDate, Double> weekly = new TreeMap<>();
        for (RunEvent run : fixture.runsOf(athlete)) {
            LocalDate week =
                    run.getStartTime().atZone(zone).toLocalDate().with(TemporalAdjusters.previousOrSame(weekStart));
            weekly.merge(week, run.getDistanceMeters(), Double::sum);
        }
        LocalDate current = NOW.atZone(zone).toLocalDate().with(TemporalAdjusters.previousOrSame(weekStart));
        double lastComplete = weekly.get(current.minusWeeks(1));
        double before = weekly.get(current.minusWeeks(2));
        assertThat(lastComplete / before).isGreaterThanOrEqualTo(1.30);
        // Earlier weeks change much less, so the jump stands out.
        double threeBack = weekly.get(current.minusWeeks(3));
        assertThat(before / threeBack).isBetween(0.85, 1.15);
    }

    @Test
    void oneLongRunIsMoreThan10PercentLongerThanAnyInThePrevious30Days() {
        SimulatedAthlete athlete = fixture.athlete(Scenario.LONG_RUN_SPIKE);
        List<RunEvent> runs = fixture.runsOf(athlete);
        RunEvent spike = runs.stream()
                .max((a, b) -> Double.compare(a.getDistanceMeters(), b.getDistanceMeters()))
                .orElseThrow();
        double previousLongest = runs.stream()
                .filter(r -> r.getStartTime().isBefore(spike.getStartTime()))
                .filter(r -> r.getStartTime().isAfter(spike.getStartTime().minus(Duration.ofDays(30))))
                .mapToDouble(RunEvent::getDistanceMeters)
                .max()
                .orElseThrow();
        assertThat(spike.getDistanceMeters()).isGreaterThan(28_000);
        assertThat(previousLongest).isBetween(15_000.0, 20_500.0);
        assertThat(spike.getDistanceMeters()).isGreaterThan(1.1 * previousLongest);
        assertThat(spike.getStartTime()).isAfter(NOW.minus(Duration.ofDays(14)));
    }

    /** Recomputes daily Banister TRIMP, EWMA ACWR and TSB the way docs/domain.md defines them. */
    @Test
    void overreachingBlockPushesAcwrAndTsbIntoTheAlertZones() {
        SimulatedAthlete athlete = fixture.athlete(Scenario.OVERREACHING);
        ZoneId zone = athlete.itinerary().home();
        Map<String, List<HeartRateSample>> samples = fixture.samplesByRun();
        Map<LocalDate, Double> daily = new TreeMap<>();
        for (RunEvent run : fixture.runsOf(athlete)) {
            LocalDate day = run.getStartTime().atZone(zone).toLocalDate();
            daily.merge(day, EffortMath.trimp(samples.get(run.getRunId()), athlete.profileOn(day)), Double::sum);
        }
        LocalDate first = fixture.simulator.historyStart().atZone(zone).toLocalDate();
        LocalDate today = NOW.atZone(zone).toLocalDate();
        double acute = 0;
        double chronic = 0;
        double ctl = 0;
        double atl = 0;
        double maxAcwr = 0;
        double minTsb = 0;
        int hardDaysInARow = 0;
        for (LocalDate day = first; !day.isAfter(today); day = day.plusDays(1)) {
            double load = daily.getOrDefault(day, 0.0);
            double tsb = ctl - atl;
            acute = 2.0 / 8 * load + (1 - 2.0 / 8) * acute;
            chronic = 2.0 / 29 * load + (1 - 2.0 / 29) * chronic;
            ctl += (load - ctl) * (1 - Math.exp(-1 / 42.0));
            atl += (load - atl) * (1 - Math.exp(-1 / 7.0));
            if (day.isAfter(today.minusDays(11))) {
                maxAcwr = Math.max(maxAcwr, acute / chronic);
                minTsb = Math.min(minTsb, tsb);
                hardDaysInARow = load > 120 ? hardDaysInARow + 1 : hardDaysInARow;
            }
        }
        assertThat(maxAcwr).isGreaterThanOrEqualTo(1.5);
        assertThat(minTsb).isLessThan(-30);
        assertThat(hardDaysInARow).isGreaterThanOrEqualTo(9);
    }

    @Test
    void duplicateUploadsFromTwoSourcesMatchWithinTolerancesAndOneUploadIsReSent() {
        SimulatedAthlete athlete = fixture.athlete(Scenario.DUPLICATE_UPLOADS);
        List<RunEvent> runs = fixture.runsOf(athlete);
        List<RunEvent> strava =
                runs.stream().filter(r -> r.getSource().equals("strava")).toList();
        assertThat(strava).isNotEmpty();
        Set<String> runsWithSamples = fixture.samplesByRun().keySet();
        for (RunEvent copy : strava) {
            RunEvent original = runs.stream()
                    .filter(r -> r.getSource().equals("garmin"))
                    .filter(r -> Duration.between(r.getStartTime(), copy.getStartTime())
                                    .abs()
                                    .toSeconds()
                            <= 60)
                    .findFirst()
                    .orElseThrow();
            assertThat(copy.getRunId()).isNotEqualTo(original.getRunId());
            assertThat(copy.getExternalId()).isNotEqualTo(original.getExternalId());
            assertThat(copy.getDurationSec() / (double) original.getDurationSec())
                    .isBetween(0.95, 1.05);
            assertThat(copy.getDistanceMeters() / original.getDistanceMeters()).isBetween(0.95, 1.05);
            assertThat(runsWithSamples).contains(original.getRunId()).doesNotContain(copy.getRunId());
            assertThat(sink.runs.indexOf(copy)).isGreaterThan(sink.runs.indexOf(original));
        }
        Map<String, List<RunEvent>> bySourceAndExternalId =
                runs.stream().collect(Collectors.groupingBy(r -> r.getSource() + "/" + r.getExternalId()));
        List<List<RunEvent>> resent = bySourceAndExternalId.values().stream()
                .filter(l -> l.size() > 1)
                .toList();
        assertThat(resent).hasSize(1);
        assertThat(resent.get(0)).hasSize(2);
        assertThat(resent.get(0).get(0)).isEqualTo(resent.get(0).get(1));
    }

    @Test
    void oneRunHasNoHeartRateAtAll() {
        SimulatedAthlete athlete = fixture.athlete(Scenario.LATE_UPLOAD);
        Set<String> withSamples = fixture.samplesByRun().keySet();
        List<RunEvent> bare = fixture.runsOf(athlete).stream()
                .filter(r -> !withSamples.contains(r.getRunId()))
                .toList();
        assertThat(bare).hasSize(1);
        RunEvent run = bare.get(0);
        Instant end = run.getStartTime().plusSeconds(run.getDurationSec());
        assertThat(fixture.samplesOf(athlete))
                .noneMatch(s -> !s.getEventTime().isBefore(run.getStartTime())
                        && s.getEventTime().isBefore(end));
        assertThat(run.getDistanceMeters()).isGreaterThan(3000);
    }

    @Test
    void travellerRunsInTwoZonesIncludingSundayNight2330Local() {
        SimulatedAthlete athlete = fixture.athlete(Scenario.TRAVELLER);
        List<RunEvent> runs = fixture.runsOf(athlete);
        assertThat(runs).extracting(RunEvent::getTimezone).contains("Europe/Berlin", "America/New_York");
        RunEvent sundayNight = runs.stream()
                .filter(r -> {
                    ZonedDateTime local = r.getStartTime().atZone(ZoneId.of(r.getTimezone()));
                    return local.getDayOfWeek() == DayOfWeek.SUNDAY
                            && local.toLocalTime().equals(LocalTime.of(23, 30));
                })
                .findFirst()
                .orElseThrow();
        // New York's Sunday 23:30 is already Monday in UTC: bucketing by UTC would misfile it.
        assertThat(sundayNight.getStartTime().atZone(ZoneOffset.UTC).getDayOfWeek())
                .isEqualTo(DayOfWeek.MONDAY);
        // The profile keeps the home zone; only the runs move.
        assertThat(fixture.profilesOf(athlete))
                .extracting(AthleteProfile::getTimezone)
                .containsOnly("Europe/Berlin");
    }

    @Test
    void oneRunIsDeletedAndOneRelabelledAndThatAthletesSamplesCarryNoRunId() {
        SimulatedAthlete athlete = fixture.athlete(Scenario.EDITED_RUNS);
        List<RunEvent> runs = fixture.runsOf(athlete);
        RunEvent deletion =
                runs.stream().filter(r -> r.getOp() == RunOp.DELETE).findFirst().orElseThrow();
        RunEvent deleted = runs.stream()
                .filter(r -> r.getOp() == RunOp.UPSERT && r.getRunId().equals(deletion.getRunId()))
                .findFirst()
                .orElseThrow();
        assertThat(deletion.getExternalId()).isEqualTo(deleted.getExternalId());
        assertThat(deletion.getUpdatedAt()).isAfter(deleted.getUpdatedAt());

        Map<String, List<RunEvent>> upsertsByRun =
                runs.stream().filter(r -> r.getOp() == RunOp.UPSERT).collect(Collectors.groupingBy(RunEvent::getRunId));
        List<List<RunEvent>> relabelled =
                upsertsByRun.values().stream().filter(l -> l.size() == 2).toList();
        assertThat(relabelled).hasSize(1);
        RunEvent before = relabelled.get(0).get(0);
        RunEvent after = relabelled.get(0).get(1);
        assertThat(before.getPlannedType()).isEqualTo(PlannedType.EASY);
        assertThat(after.getPlannedType()).isEqualTo(PlannedType.WORKOUT);
        assertThat(after.getUpdatedAt()).isAfter(before.getUpdatedAt());

        assertThat(fixture.samplesOf(athlete))
                .isNotEmpty()
                .filteredOn(s -> s.getRunId() != null)
                .isEmpty();
        assertThat(sink.samples)
                .filteredOn(s -> !s.getAthleteId().equals(athlete.athleteId()) && s.getRunId() == null)
                .isEmpty();
    }

    @Test
    void runsAreFourToSixAWeekWithEasyLongAndWorkoutRuns() {
        for (SimulatedAthlete athlete : fixture.simulator.athletes()) {
            if (athlete.scenario() == Scenario.OVERREACHING) {
                continue;
            }
            long upserts = fixture.runsOf(athlete).stream()
                    .filter(r -> r.getOp() == RunOp.UPSERT && !r.getSource().equals("strava"))
                    .map(RunEvent::getRunId)
                    .distinct()
                    .count();
            assertThat(upserts).as(athlete.athleteId()).isBetween(6L * 4 - 2, 6L * 6 + 2);
            assertThat(fixture.runsOf(athlete))
                    .extracting(RunEvent::getPlannedType)
                    .contains(PlannedType.EASY, PlannedType.LONG, PlannedType.WORKOUT);
        }
        assertThat(sink.runs).extracting(RunEvent::getPlannedType).contains((PlannedType) null);
        assertThat(sink.runs).extracting(RunEvent::getSource).contains("garmin", "polar", "coros", "strava");
        assertThat(sink.runs).allSatisfy(r -> {
            assertThat(r.getMovingTimeSec()).isLessThanOrEqualTo(r.getDurationSec());
            assertThat(r.getElevationGainMeters()).isNotNull();
            // Pace between 3:00 and 8:00 per km.
            assertThat(r.getDistanceMeters() / r.getDurationSec()).isBetween(1000 / 480.0, 1000 / 180.0);
        });
        assertThat(sink.samples)
                .anyMatch(s ->
                        s.getRrIntervalsMs() != null && !s.getRrIntervalsMs().isEmpty());
    }

    @Test
    void sameSeedGivesTheSameRecordsAndAnotherSeedDoesNot() {
        long fixtureHash = 17;
        for (Object record : sink.all) {
            fixtureHash = 31 * fixtureHash + hash(record);
        }
        HashingSink again = new HashingSink();
        new DemoSimulator(HistoryFixture.PLAN, again).generateHistory();
        HashingSink otherSeed = new HashingSink();
        new DemoSimulator(HistoryFixture.PLAN.withSeed(43), otherSeed).generateHistory();

        assertThat(again.count).isEqualTo(sink.all.size());
        assertThat(again.hash).isEqualTo(fixtureHash);
        assertThat(otherSeed.hash).isNotEqualTo(fixtureHash);
    }

    private static long hash(Object record) {
        return record instanceof RecordingSink.Garbage g
                ? Objects.hash(g.topic(), java.util.Arrays.hashCode(g.key()), java.util.Arrays.hashCode(g.value()))
                : record.hashCode();
    }

    private static final class HashingSink implements SimulationSink {
        long hash = 17;
        long count;

        private void add(long value) {
            hash = 31 * hash + value;
            count++;
        }

        @Override
        public void profile(AthleteProfile profile) {
            add(profile.hashCode());
        }

        @Override
        public void sample(HeartRateSample sample) {
            add(sample.hashCode());
        }

        @Override
        public void run(RunEvent run) {
            add(run.hashCode());
        }

        @Override
        public void garbage(String topic, byte[] key, byte[] value) {
            add(hash(new RecordingSink.Garbage(topic, key, value)));
        }
    }

    private static double meanEf(
            List<RunEvent> runs,
            Map<String, List<HeartRateSample>> samples,
            LocalDate firstDay,
            int fromDay,
            int toDay) {
        return runs.stream()
                .filter(r -> {
                    long day = ChronoUnit.DAYS.between(firstDay, localDate(r));
                    return day >= fromDay && day < toDay;
                })
                .mapToDouble(r -> {
                    long start = r.getStartTime().toEpochMilli();
                    List<HeartRateSample> steady = samples.get(r.getRunId()).stream()
                            .filter(EffortMath::valid)
                            .filter(s -> s.getEventTime().toEpochMilli() >= start + 600_000)
                            .toList();
                    double speed = steady.stream()
                            .mapToDouble(HeartRateSample::getSpeedMps)
                            .average()
                            .orElseThrow();
                    double hr = steady.stream()
                            .mapToInt(HeartRateSample::getBpm)
                            .average()
                            .orElseThrow();
                    return speed / hr;
                })
                .average()
                .orElseThrow();
    }

    private static LocalDate localDate(RunEvent run) {
        return run.getStartTime().atZone(ZoneId.of(run.getTimezone())).toLocalDate();
    }

    private static int indexOf(List<Object> records, java.util.function.Predicate<Object> match) {
        for (int i = 0; i < records.size(); i++) {
            if (match.test(records.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no matching record");
    }

    private static String athleteOf(Object record) {
        if (record instanceof AthleteProfile p) {
            return p.getAthleteId();
        }
        if (record instanceof HeartRateSample s) {
            return s.getAthleteId();
        }
        if (record instanceof RunEvent r) {
            return r.getAthleteId();
        }
        return new String(((RecordingSink.Garbage) record).key(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
