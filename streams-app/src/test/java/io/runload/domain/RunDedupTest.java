package io.runload.domain;

import static io.runload.domain.LedgerRunBuilder.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.runload.avro.PlannedType;
import io.runload.avro.RunStatus;
import io.runload.avro.Sport;
import io.runload.state.TrainingLedgerCodec;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class RunDedupTest {

    private static final LocalDate D = LocalDate.of(2026, 11, 2);

    /** Watch upload: full HR, measured load 70. */
    private static LedgerRun watch() {
        return run("watch", D).source("garmin").coverage(0.98).load(70).build();
    }

    /**
     * Social-app copy of the same run: 2 minutes later, 5% longer (3780 s: |180| <= 0.15 * 3780),
     * 3% shorter (9700 m: |300| <= 0.10 * 10000), no HR, estimated load 60.
     */
    private static LedgerRun socialCopy() {
        return run("social", D)
                .source("strava")
                .startShiftMinutes(2)
                .duration(3_780)
                .distance(9_700)
                .estimated()
                .load(60)
                .build();
    }

    @Test
    void resendOfTheSameUploadUnderAnotherIdUpdatesTheKnownRun() {
        TrainingLedger ledger = new TrainingLedger();
        ledger.upsert(run("r1", D).externalId("g-1").build());
        LedgerUpdate resend = ledger.upsert(
                run("r2", D).externalId("g-1").distance(12_000).load(75).build());

        assertThat(resend.effectiveRunId()).isEqualTo("r1");
        assertThat(ledger.countedRuns()).hasSize(1);
        assertThat(ledger.countedRuns().get(0).runId()).isEqualTo("r1");
        assertThat(ledger.countedRuns().get(0).distanceMeters()).isEqualTo(12_000.0);
        assertThat(ledger.entry("r2")).isEmpty();
        assertThat(ledger.series(D, D).get(0).load()).isEqualTo(75.0);
        assertThat(ledger.runIdOf("garmin", "g-1")).contains("r1");
    }

    @Test
    void poorerCopyArrivingSecondIsMarkedDuplicate() {
        TrainingLedger ledger = new TrainingLedger();
        ledger.upsert(watch());
        LedgerUpdate copy = ledger.upsert(socialCopy());

        assertThat(copy.changedRuns()).singleElement().satisfies(c -> {
            assertThat(c.run().runId()).isEqualTo("social");
            assertThat(c.status()).isEqualTo(RunStatus.DUPLICATE);
            assertThat(c.duplicateOf()).isEqualTo("watch");
        });
        // nothing counted changed
        assertThat(copy.earliestChangedDay()).isNull();
        assertThat(ledger.series(D, D).get(0).load()).isEqualTo(70.0);
    }

    @Test
    void richerCopyArrivingSecondTakesOverAndDeletionUnsuppresses() {
        TrainingLedger ledger = new TrainingLedger();
        ledger.upsert(socialCopy());
        assertThat(ledger.series(D, D).get(0).load()).isEqualTo(60.0);

        LedgerUpdate richer = ledger.upsert(watch());
        assertThat(richer.earliestChangedDay()).isEqualTo(D);
        assertThat(richer.changedRuns())
                .extracting(c -> c.run().runId() + ":" + c.status() + ":" + c.duplicateOf())
                .containsExactlyInAnyOrder("watch:COUNTED:null", "social:DUPLICATE:watch");
        // counted once, with the watch's measured load: 70, not 60 + 70
        assertThat(ledger.series(D, D).get(0).load()).isEqualTo(70.0);
        assertThat(ledger.series(D, D).get(0).runs()).isEqualTo(1);

        LedgerUpdate deletion = ledger.delete("watch");
        assertThat(deletion.changedRuns())
                .extracting(c -> c.run().runId() + ":" + c.status())
                .containsExactlyInAnyOrder("watch:DELETED", "social:COUNTED");
        assertThat(deletion.earliestChangedDay()).isEqualTo(D);
        assertThat(ledger.series(D, D).get(0).load()).isEqualTo(60.0);
        assertThat(ledger.entry("social").orElseThrow().duplicateOf()).isNull();
    }

    @Test
    void updateThatNoLongerMatchesUnsuppressesTheCopy() {
        TrainingLedger ledger = new TrainingLedger();
        ledger.upsert(watch());
        ledger.upsert(socialCopy());
        // the athlete fixes the social copy's start time: it is a different run after all
        LedgerUpdate fixed = ledger.upsert(run("social", D)
                .source("strava")
                .startShiftMinutes(600)
                .duration(3_780)
                .distance(9_700)
                .estimated()
                .load(60)
                .build());
        assertThat(ledger.entry("social").orElseThrow().status()).isEqualTo(RunStatus.COUNTED);
        assertThat(fixed.earliestChangedDay()).isEqualTo(D);
        assertThat(ledger.series(D, D).get(0).load()).isEqualTo(130.0);
    }

    @Test
    void fuzzyMatchBoundaries() {
        LedgerRun base = run("a", D).build(); // 3600 s, 10 000 m
        // start: 5 minutes apart matches, 6 do not
        assertThat(FuzzyRunMatch.sameActivity(
                        base, run("b", D).startShiftMinutes(5).build()))
                .isTrue();
        assertThat(FuzzyRunMatch.sameActivity(
                        base, run("b", D).startShiftMinutes(6).build()))
                .isFalse();
        // duration: |4235 - 3600| = 635 <= 0.15 * 4235 = 635.25 matches; 636 > 0.15 * 4236 = 635.4 does not
        assertThat(FuzzyRunMatch.sameActivity(base, run("b", D).duration(4_235).build()))
                .isTrue();
        assertThat(FuzzyRunMatch.sameActivity(base, run("b", D).duration(4_236).build()))
                .isFalse();
        // distance: |11111 - 10000| = 1111 <= 0.10 * 11111 = 1111.1 matches; 1112 > 1111.2 does not
        assertThat(FuzzyRunMatch.sameActivity(base, run("b", D).distance(11_111).build()))
                .isTrue();
        assertThat(FuzzyRunMatch.sameActivity(base, run("b", D).distance(11_112).build()))
                .isFalse();
        // sport must be the same
        assertThat(FuzzyRunMatch.sameActivity(
                        base, run("b", D).sport(Sport.TREADMILL_RUN).build()))
                .isFalse();
        // symmetric
        LedgerRun longer = run("b", D).duration(4_235).build();
        assertThat(FuzzyRunMatch.sameActivity(longer, base)).isTrue();
    }

    @Test
    void richnessOrdersCoverageThenMeasuredLoadThenFieldsThenSource() {
        LedgerRun covered = run("a", D).source("zz").coverage(0.9).build();
        LedgerRun lessCovered = run("b", D).source("aa").coverage(0.5).build();
        assertThat(LedgerRun.RICHEST_FIRST.compare(covered, lessCovered)).isNegative();

        LedgerRun measured = run("a", D).source("zz").coverage(0).hr(0, 0).build();
        LedgerRun estimated =
                run("b", D).source("aa").coverage(0).hr(0, 0).estimated().build();
        assertThat(LedgerRun.RICHEST_FIRST.compare(measured, estimated)).isNegative();

        LedgerRun withPlan = run("a", D).source("zz").planned(PlannedType.EASY).build();
        LedgerRun plain = run("b", D).source("aa").build();
        assertThat(LedgerRun.RICHEST_FIRST.compare(withPlan, plain)).isNegative();

        LedgerRun sourceA = run("z", D).source("aa").build();
        LedgerRun sourceZ = run("a", D).source("zz").build();
        assertThat(LedgerRun.RICHEST_FIRST.compare(sourceA, sourceZ)).isNegative();
    }

    @Test
    void equalRichnessResolvesTheSameWhateverTheArrivalOrder() {
        LedgerRun garmin = run("g", D).source("garmin").build();
        LedgerRun polar = run("p", D).source("polar").startShiftMinutes(1).build();
        TrainingLedger oneWay = new TrainingLedger();
        oneWay.upsert(garmin);
        oneWay.upsert(polar);
        TrainingLedger otherWay = new TrainingLedger();
        otherWay.upsert(polar);
        otherWay.upsert(garmin);
        // "garmin" < "polar": the garmin upload is kept either way
        assertThat(oneWay.entry("p").orElseThrow().duplicateOf()).isEqualTo("g");
        assertThat(otherWay.entry("p").orElseThrow().duplicateOf()).isEqualTo("g");
        assertThat(TrainingLedgerCodec.encode(otherWay)).isEqualTo(TrainingLedgerCodec.encode(oneWay));
    }

    @Test
    void reuploadOfADeletedRunRevivesIt() {
        TrainingLedger ledger = new TrainingLedger();
        ledger.upsert(run("r1", D).externalId("g-1").build());
        ledger.delete("r1");
        assertThat(ledger.series(D, D).get(0).load()).isEqualTo(0.0);
        LedgerUpdate again = ledger.upsert(run("r9", D).externalId("g-1").build());
        assertThat(again.effectiveRunId()).isEqualTo("r1");
        assertThat(ledger.entry("r1").orElseThrow().status()).isEqualTo(RunStatus.COUNTED);
        assertThat(ledger.series(D, D).get(0).load()).isEqualTo(60.0);
    }
}
