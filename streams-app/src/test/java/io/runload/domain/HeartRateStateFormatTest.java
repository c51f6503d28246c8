package io.runload.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runload.state.AthleteHeartRateStateCodec;
import io.runload.testing.StoredHeartRate;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Stores and changelogs written by earlier releases must still restore, their runs carried inline
 * until they move to entries of their own. From {@link #fixture()}, {@link #V1_STATE} was written
 * before the compact encodings (format 1 of the state, its runs and its live monitor), and
 * {@link #V2_STATE} by the last release that kept the runs inside the state (format 2).
 */
public class HeartRateStateFormatTest {

    private static final long T0 = 1_750_000_000_000L;
    private static final long GRACE = 86_400_000L;

    private static final String V1_STATE =
            "0103809df5c2ee65021573657373696f6e2d31373439393839323030303030ffda940bb894010000006e010980c2e0b7ee65"
                    + "b894016dc413146d0000000008e807d00fb817a01f8827f02ed836145a010001010001010001010001010001010001010001"
                    + "01000101000101000101000101000101000101000101000101000101000101000101000101cf0f0101cf8005b8cc9501e095"
                    + "d316027231bb996ede8c37000001a30119c48387c2ee65de8c3795e419aa01840795100000c0a90708e807d00fb817a01f88"
                    + "27f02ed836326412000112000112000112000112000112000112000112000112000112000112000112000112000112000112"
                    + "000112000112000112000112000112000112000112000112f4030112000112000112f4030112000112000112f40301120001"
                    + "12000112f4030112000112000112f4030112000112000112f4030112000112000112f4030112000112000112f40301120001"
                    + "12000112f4030112000112000112e807100200b0cba904d8ad03c0f98e5602f403b0b0b204d2af03d8d993570200f0e5b504"
                    + "c0b50380a68f5802f40382c5be04d2af03d0b9e75602f403b4ccc404d2af03e8c58a570200b0cba904c0b503e098895802f3"
                    + "0392c0b004deab0380aaea550200d0c9b404c0b503e0cda15802f4039897bd04d2af03f8b1815702db0be2b7b804d2af03f0"
                    + "91d5560200f0f4b004d8ad0380b3e45602f403eca2b004d2af03a0c0ea5602f4039eaab604bab703d881d7580200e088ba04"
                    + "d8ad0380c9b35602f403f0bec204bab703f0a3c958029f8a07b8d515e80780a8c3010272310101c48387c2ee65de8c3795c0"
                    + "cf24e09e15b401904e00d8ae56904ef02ef8bb5c904e904e98c962904e904eb8d668904eb817a8b559904e00d8ae56904ef0"
                    + "2ef8bb5c8a508a50e4fd64904e904eb8d668904eb817a8b559904e00d8ae56904ef02ef8bb5c904e904e98c962904e904eb8"
                    + "d668904eb817a8b559904e00d8ae568a50ea30d6ea5e904e904e98c962904e904eb8d668904eb817a8b559904e00d8ae5690"
                    + "4ef02ef8bb5c904e904e98c962904e904eb8d668904eb817a8b559904e00d8ae568a50ea30e8e45e904e904e98c962904e90"
                    + "4eb8d668d00fd00fb8d515";

    public static final String V2_STATE =
            "0203809df5c2ee65021573657373696f6e2d31373439393839323030303030ffda940bb894010000006b020980c2e0b7ee65"
                    + "b894016dc413146d0000000008e807d00fb817a01f8827f02ed836145a010001010001010001010001010001010001010001"
                    + "01000101000101000101000101000101000101000101000101000101000101000101000101cf0f0105cf800593138cf30202"
                    + "7231bb996ede8c37000001850219c48387c2ee65de8c3795e419aa01840795100000c0a90708e807d00fb817a01f8827f02e"
                    + "d836326412000112000112000112000112000112000112000112000112000112000112000112000112000112000112000112"
                    + "000112000112000112000112000112000112000112f4030112000112000112f4030112000112000112f40301120001120001"
                    + "12f4030112000112000112f4030112000112000112f4030112000112000112f4030112000112000112f40301120001120001"
                    + "12f4030112000112000112e807100600ee46d8ad03f8820b06f403fe47d2af03f7930b0600b648c0b503e0a30b02f40382c5"
                    + "be04d2af03d0b9e75602f403b4ccc404d2af03e8c58a570600ee46c0b503fca20b02f30392c0b004deab0380aaea550600a2"
                    + "48c0b5038ca60b06f403af49d2af03cb910b02db0be2b7b804d2af03f091d5560600e647d8ad03f08d0b02f403eca2b004d2"
                    + "af03a0c0ea5602f4039eaab604bab703d881d7580600fc48d8ad03d0870b06f403864abab70396ab0b069f8a07e302e80780"
                    + "19020201c48387c2ee65de8c3795c0cf24e09e15b4010b870b09f02eeb0b0dcf0c0db30d09b817b90b0b870b09f02eeb0b04"
                    + "8a50e4fd640db30d09b817b90b0b870b09f02eeb0b0dcf0c0db30d09b817b90b0b870b008a50ea30d6ea5e0dcf0c0db30d09"
                    + "b817b90b0b870b09f02eeb0b0dcf0c0db30d09b817b90b0b870b088a50ea30910c0dcf0c0db30d0cd00fe302";

    /** Two runs: a runId-less session, then a 15-minute run with gaps, missing speed, cadence lock and time above the ceiling. */
    public static AthleteHeartRateState fixture() {
        ResolvedProfile profile = EffortFixtures.karvonenMale();
        AthleteHeartRateState state = new AthleteHeartRateState();
        for (int i = 0; i < 20; i++) {
            state.onSample(null, T0 - 3 * 3_600_000L + i * 1000L, 120 + i, 2.5, -1, profile, GRACE);
        }
        long t = T0;
        for (int i = 0; i < 900; i++) {
            t += i == 400 ? 2_500 : i % 97 == 0 ? 1_250 : 1_000;
            double speed = i % 13 == 0 ? Double.NaN : 3.0 + (i % 7) * 0.1;
            state.onSample("r1", t, 130 + i % 50, speed, i % 300 < 40 ? 130 + i % 50 : 170, profile, GRACE);
        }
        return state;
    }

    @Test
    void formatOneStillDecodesToTheSameState() {
        assertDecodesToFixture(V1_STATE);
    }

    @Test
    void formatTwoStillDecodesToTheSameState() {
        assertDecodesToFixture(V2_STATE);
    }

    private static void assertDecodesToFixture(String stored) {
        AthleteHeartRateState expected = fixture();
        AthleteHeartRateState restored =
                AthleteHeartRateStateCodec.decode(HexFormat.of().parseHex(stored));

        assertThat(restored.carriedRunKeys()).isEqualTo(expected.runKeys()).hasSize(2);
        assertThat(restored.runKeys()).isEqualTo(expected.runKeys());
        for (String key : expected.runKeys()) {
            assertThat(restored.run(key)
                            .orElseThrow()
                            .sameStateAs(expected.run(key).orElseThrow()))
                    .isTrue();
        }
        assertThat(restored.carriedRunKeys()).isEmpty();
        assertThat(restored.frontierMillis()).isEqualTo(expected.frontierMillis());
        assertThat(restored.liveRunKey()).isEqualTo(expected.liveRunKey()).contains("r1");
        // Every run is restored now, so the state is written in the current format, monitor included.
        assertThat(AthleteHeartRateStateCodec.encode(restored)).isEqualTo(AthleteHeartRateStateCodec.encode(expected));
    }

    @Test
    void aStateStillCarryingARunIsNotWrittenWithoutIt() {
        AthleteHeartRateState restored =
                AthleteHeartRateStateCodec.decode(HexFormat.of().parseHex(V2_STATE));
        restored.run("r1");
        assertThatThrownBy(() -> AthleteHeartRateStateCodec.encode(restored))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("carried inline");
    }

    @Test
    void theCurrentFormatRoundTripsWithItsRunsStoredApart() {
        AthleteHeartRateState state = fixture();
        byte[] current = AthleteHeartRateStateCodec.encode(state);
        assertThat(current[0]).isEqualTo((byte) 3);
        StoredHeartRate store = new StoredHeartRate();
        AthleteHeartRateState decoded = store.store(state);
        assertThat(store.storedRuns()).isEqualTo(2);
        for (String key : state.runKeys()) {
            assertThat(decoded.run(key).orElseThrow().sameStateAs(state.run(key).orElseThrow()))
                    .isTrue();
        }
        assertThat(AthleteHeartRateStateCodec.encode(decoded)).isEqualTo(current);
    }
}
