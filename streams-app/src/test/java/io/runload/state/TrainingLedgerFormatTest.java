package io.runload.state;

import static io.runload.domain.LedgerRunBuilder.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.runload.avro.RunStatus;
import io.runload.domain.DailyLoad;
import io.runload.domain.LedgerFixtureHistory;
import io.runload.domain.LedgerRun;
import io.runload.domain.LedgerUpdate;
import io.runload.domain.TrainingLedger;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ledger's store format: committed fixtures of every format version must keep decoding (a
 * changelog written by an older release is restored by a newer one), and format 2 must carry
 * every field bit for bit.
 */
class TrainingLedgerFormatTest {

    private static final LocalDate D = LocalDate.of(2026, 11, 2);

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = TrainingLedgerFormatTest.class.getResourceAsStream("/ledger/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    private static List<String> runIds(TrainingLedger ledger) {
        return ledger.countedRuns().stream().map(LedgerRun::runId).toList();
    }

    @Test
    void formatOneFixtureDecodesToTheSameLedger() throws IOException {
        byte[] v1 = fixture("training-ledger-v1.bin");
        assertThat(v1[0]).isEqualTo((byte) 1);
        TrainingLedger restored = TrainingLedgerCodec.decode(v1);
        TrainingLedger expected = LedgerFixtureHistory.build();

        assertThat(restored.latestDay()).isEqualTo(expected.latestDay());
        assertThat(restored.historyStart()).isEqualTo(LedgerFixtureHistory.FIRST_DAY);
        assertThat(runIds(restored)).isEqualTo(runIds(expected)).hasSizeGreaterThan(30);
        for (String id : List.of("ath-0042-r071", "ath-0042-r071-strava", "ath-0042-gone", "ath-0042-r088")) {
            assertThat(restored.entry(id)).as(id).isEqualTo(expected.entry(id));
        }
        assertThat(restored.entry("ath-0042-r071-strava").orElseThrow().duplicateOf())
                .isEqualTo("ath-0042-r071");
        assertThat(restored.entry("ath-0042-gone").orElseThrow().status()).isEqualTo(RunStatus.DELETED);
        // exact dedup still recognises uploads stored with their external id as a string
        assertThat(restored.runIdOf("garmin", String.valueOf(10_000_000_000L + 7_919L * 88)))
                .contains("ath-0042-r088");
        assertThat(restored.entry("ath-0042-resend")).isEmpty();

        // Format 1 held loads and EFs at full precision; decoding brings them to the ledger's
        // resolution, which moves no figure by more than a few millionths.
        List<DailyLoad> got = restored.series(restored.windowStart(), restored.latestDay());
        List<DailyLoad> want = expected.series(expected.windowStart(), expected.latestDay());
        assertThat(got).hasSameSizeAs(want).hasSize(TrainingLedger.WINDOW_DAYS);
        for (int i = 0; i < got.size(); i++) {
            assertThat(got.get(i).date()).isEqualTo(want.get(i).date());
            assertThat(got.get(i).load()).isCloseTo(want.get(i).load(), within(1e-6));
            assertThat(got.get(i).distanceMeters()).isEqualTo(want.get(i).distanceMeters());
            assertThat(got.get(i).ctl()).isCloseTo(want.get(i).ctl(), within(1e-6));
            assertThat(got.get(i).atl()).isCloseTo(want.get(i).atl(), within(1e-6));
            assertThat(got.get(i).tsb()).isCloseTo(want.get(i).tsb(), within(1e-6));
        }
        // re-encoding writes format 2, which then reads back to the same ledger
        byte[] upgraded = TrainingLedgerCodec.encode(restored);
        assertThat(upgraded[0]).isEqualTo((byte) 2);
        assertThat(upgraded.length).isLessThan(v1.length / 2);
        assertThat(TrainingLedgerCodec.encode(TrainingLedgerCodec.decode(upgraded)))
                .isEqualTo(upgraded);
    }

    @Test
    void formatTwoFixtureDecodesAndReencodesByteForByte() throws IOException {
        byte[] v2 = fixture("training-ledger-v2.bin");
        TrainingLedger restored = TrainingLedgerCodec.decode(v2);
        TrainingLedger expected = LedgerFixtureHistory.build();

        assertThat(TrainingLedgerCodec.encode(restored)).isEqualTo(v2);
        assertThat(TrainingLedgerCodec.encode(restored)).isEqualTo(TrainingLedgerCodec.encode(expected));
        assertThat(restored.series(restored.windowStart(), restored.latestDay()))
                .isEqualTo(expected.series(expected.windowStart(), expected.latestDay()));
        assertThat(restored.countedRuns()).isEqualTo(expected.countedRuns());
        assertThat(restored.easyLoadPerMinute()).isEqualTo(expected.easyLoadPerMinute());
    }

    @Test
    void everyFieldSurvivesTheRoundTripBitForBit() {
        TrainingLedger ledger = new TrainingLedger();
        LedgerRun odd = new LedgerRun(
                "Zürich-🏃-1",
                "polar",
                "0f3a9c2e-41b7-11ee",
                io.runload.avro.Sport.TRAIL_RUN,
                D.atTime(23, 59, 59)
                                .toInstant(java.time.ZoneOffset.ofHours(-11))
                                .toEpochMilli()
                        + 417,
                5_401,
                5_555,
                12_345.678912345,
                D,
                87.123456,
                false,
                5_000,
                1_234,
                0.0213,
                io.runload.avro.IntensityClass.MODERATE,
                io.runload.avro.PlannedType.RACE,
                0.765432);
        // shares "Zürich-" and then half of a surrogate pair with the previous id
        LedgerRun neighbour = run("Zürich-🏄", D.minusDays(1))
                .distance(Math.PI * 1_000)
                .coverage(0.333333)
                .build();
        ledger.upsert(odd);
        ledger.upsert(neighbour);

        TrainingLedger copy = TrainingLedgerCodec.decode(TrainingLedgerCodec.encode(ledger));
        assertThat(copy.entry(odd.runId()).orElseThrow().run()).isEqualTo(odd);
        assertThat(copy.entry(neighbour.runId()).orElseThrow().run()).isEqualTo(neighbour);
        assertThat(copy.runIdOf("polar", "0f3a9c2e-41b7-11ee")).contains(odd.runId());
        assertThat(copy.runIdOf("polar", "0f3a9c2e-41b7-11eF")).isEmpty();
        assertThat(TrainingLedgerCodec.encode(copy)).isEqualTo(TrainingLedgerCodec.encode(ledger));
    }

    @Test
    void runIdsEndingInAUuidComeBackSpelledExactly() {
        List<String> ids = List.of(
                "import-3f2a0c4e-9b1d-3e7f-a2c4-0123456789ab",
                "import-3f2a0c4e-9b1d-3e7f-a2c4-0123456789ac",
                "3f2a0c4e-9b1d-3e7f-a2c4-0123456789ab",
                "import-3F2A0C4E-9B1D-3E7F-A2C4-0123456789AB",
                "import-3f2a0c4e-9b1d-3e7f-a2c4-0123456789ab-2",
                "import-3f2a0c4e-9b1d-3e7f-a2c4_0123456789ab",
                "import-");
        TrainingLedger ledger = new TrainingLedger();
        for (int i = 0; i < ids.size(); i++) {
            ledger.upsert(run(ids.get(i), D.plusDays(i)).build());
        }
        TrainingLedger copy = TrainingLedgerCodec.decode(TrainingLedgerCodec.encode(ledger));
        assertThat(runIds(copy)).containsExactlyInAnyOrderElementsOf(ids);
        for (String id : ids) {
            assertThat(copy.entry(id)).as(id).isEqualTo(ledger.entry(id));
        }
        assertThat(TrainingLedgerCodec.encode(copy)).isEqualTo(TrainingLedgerCodec.encode(ledger));
    }

    @Test
    void loadsAndEfsAreHeldAtTheStoredResolution() {
        TrainingLedger ledger = new TrainingLedger();
        ledger.upsert(run("r1", D)
                .load(75.123456789)
                .ef(0.0187654321987)
                .coverage(3_599.5 / 3_600)
                .build());
        LedgerRun held = ledger.entry("r1").orElseThrow().run();
        assertThat(held.load()).isEqualTo(75.123457);
        assertThat(held.efficiencyFactor()).isEqualTo(0.018765432);
        assertThat(held.hrCoverage()).isEqualTo(0.999861);
        // what the processor computes from right after the upsert is what a restore computes from
        assertThat(TrainingLedgerCodec.decode(TrainingLedgerCodec.encode(ledger))
                        .entry("r1"))
                .isEqualTo(ledger.entry("r1"));
    }

    @Test
    void exactDedupComparesSourceAndExternalIdUnambiguously() {
        TrainingLedger ledger = new TrainingLedger();
        ledger.upsert(run("r1", D).source("ab").externalId("c").build());
        ledger.upsert(run("r2", D.plusDays(1)).source("a").externalId("bc").build());
        TrainingLedger copy = TrainingLedgerCodec.decode(TrainingLedgerCodec.encode(ledger));
        assertThat(copy.runIdOf("ab", "c")).contains("r1");
        assertThat(copy.runIdOf("a", "bc")).contains("r2");
        // a re-send under another id after a restore still lands on the known run
        LedgerUpdate resend = copy.upsert(
                run("r9", D.plusDays(1)).source("a").externalId("bc").load(90).build());
        assertThat(resend.effectiveRunId()).isEqualTo("r2");
        assertThat(copy.entry("r9")).isEmpty();
        assertThat(copy.series(D.plusDays(1), D.plusDays(1)).get(0).load()).isEqualTo(90.0);
    }

    @Test
    void truncatedOrDamagedValuesAreRefusedNotMisread() throws IOException {
        byte[] good = TrainingLedgerCodec.encode(LedgerFixtureHistory.build());
        for (int cut : new int[] {0, 1, 2, 10, good.length / 2, good.length - 1}) {
            byte[] truncated = Arrays.copyOf(good, cut);
            assertThatThrownBy(() -> TrainingLedgerCodec.decode(truncated))
                    .as("cut at %d", cut)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> TrainingLedgerCodec.decode(trailing)).isInstanceOf(IllegalArgumentException.class);
        byte[] v1Truncated = Arrays.copyOf(fixture("training-ledger-v1.bin"), 40);
        assertThatThrownBy(() -> TrainingLedgerCodec.decode(v1Truncated)).isInstanceOf(IllegalArgumentException.class);
    }
}
