package io.runload.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runload.avro.AlertSeverity;
import io.runload.avro.AlertType;
import io.runload.domain.AlertLog;
import io.runload.domain.AlertLog.Scope;
import io.runload.domain.AlertLog.Standing;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The alert log's stored layouts, byte by byte: formats 1 and 2 as earlier builds wrote them, and 3. */
class AlertLogCodecTest {
    /** Epoch day 20,759 = 0x5117. */
    private static final LocalDate DAY = LocalDate.of(2026, 11, 2);

    @Test
    void formatOneStillDecodes() {
        byte[] stored = hex(
                "01" // format 1
                        + "01" + "00005117" // latest day present, epoch day 20,759
                        + "00000001" // one entry
                        + "0004" + "69642d31" // id "id-1", modified UTF-8
                        + "01" // severity WARNING
                        + "01" + "00005117"); // day
        AlertLog log = AlertLogCodec.decode(stored);
        assertThat(log.snapshot().latestDay()).isEqualTo(DAY);
        assertThat(log.snapshot().standing())
                .isEqualTo(Map.of(
                        "id-1", new Standing(null, AlertSeverity.WARNING, Scope.UNKNOWN, null, null, null, 0, DAY)));
    }

    @Test
    void formatTwoStillDecodes() {
        byte[] stored = hex(
                "02" // format 2
                        + "01" + "00005117" // latest day
                        + "00000001" // one entry
                        + "0004" + "69642d32" // id "id-2"
                        + "02" + "02" + "01" // VOLUME_SPIKE (code 2), CRITICAL (2), scope RUN (1)
                        + "01" + "0002" + "7231" // period "r1"
                        + "01" + "00005117" // period end
                        + "01" + "0002" + "7231" // run id "r1"
                        + "0123456789abcdef" // fingerprint
                        + "01" + "00005117"); // day
        AlertLog log = AlertLogCodec.decode(stored);
        assertThat(log.snapshot().standing())
                .isEqualTo(Map.of(
                        "id-2",
                        new Standing(
                                AlertType.VOLUME_SPIKE,
                                AlertSeverity.CRITICAL,
                                Scope.RUN,
                                "r1",
                                DAY,
                                "r1",
                                0x0123456789abcdefL,
                                DAY)));
    }

    /**
     * A run alert and a week alert, latest day DAY + 3. Format 3 takes 6 + 33 + 39 = 78 bytes where
     * format 2 took 10 + 69 + 71 = 150 (a 2 + 36-byte id, 5-byte days, 2-byte string lengths, a
     * presence byte per optional field, and the run alert's period written again).
     */
    @Test
    void formatThreeLayout() {
        TreeMap<String, Standing> standing = new TreeMap<>();
        standing.put(
                "0f8fad5b-d9cb-469f-a165-70867728950e",
                new Standing(
                        AlertType.VOLUME_SPIKE,
                        AlertSeverity.CRITICAL,
                        Scope.RUN,
                        "r1",
                        DAY,
                        "r1",
                        0x0123456789abcdefL,
                        DAY));
        standing.put(
                "11111111-2222-4333-8444-555555555555",
                new Standing(
                        AlertType.ACWR_HIGH,
                        AlertSeverity.WARNING,
                        Scope.WEEK,
                        "2026-W45",
                        DAY.plusDays(6),
                        null,
                        0xfedcba9876543210L,
                        DAY.plusDays(6)));
        AlertLog log = AlertLog.restore(new AlertLog.Snapshot(DAY.plusDays(3), standing));
        byte[] expected = hex(
                "03" // format 3
                        + "01" + "b4c402" // latest day 20,762, zigzag 41,524 as a varint
                        + "02" // two entries
                        // Run alert, 33 bytes: flags 255 (every field, the period being the run id)
                        + "ff" + "0f8fad5bd9cb469fa16570867728950e" // the UUID id in 16 bytes
                        + "02" + "01" + "02" // CRITICAL (2), RUN (1), VOLUME_SPIKE (2)
                        + "05" // period end DAY = latest - 3, zigzag 5
                        + "02" + "7231" // run id "r1"
                        + "0123456789abcdef" // fingerprint
                        + "00" // day = period end
                        // Week alert, 39 bytes: flags 1 | 2 | 4 | 16 | 64 | 128 = 215, no run id
                        + "d7" + "11111111222243338444555555555555"
                        + "01" + "02" + "03" // WARNING (1), WEEK (2), ACWR_HIGH (3)
                        + "08" + "323032362d573435" // period "2026-W45"
                        + "06" // period end DAY + 6 = latest + 3, zigzag 6
                        + "fedcba9876543210" // fingerprint
                        + "00"); // day = period end
        assertThat(expected).hasSize(78);
        assertThat(AlertLogCodec.encode(log)).isEqualTo(expected);
        AlertLog decoded = AlertLogCodec.decode(expected);
        assertThat(decoded.snapshot().latestDay()).isEqualTo(DAY.plusDays(3));
        assertThat(decoded.snapshot().standing()).isEqualTo(standing);
    }

    @Test
    void liveAndUndatedEntriesRoundTrip() {
        TreeMap<String, Standing> standing = new TreeMap<>();
        standing.put("live-1", new Standing(null, AlertSeverity.INFO, Scope.LIVE, null, null, null, 0, null));
        standing.put(
                "2f1c9a7e-5b1d-4c47-9a0e-6a1b8f0e2d33",
                new Standing(AlertType.EASY_RUN_TOO_HARD, AlertSeverity.WARNING, Scope.LIVE, null, null, null, 0, DAY));
        standing.put(
                "run-alert",
                new Standing(AlertType.VOLUME_SPIKE, AlertSeverity.INFO, Scope.RUN, "p", DAY, "r", -1L, DAY));
        for (LocalDate latest : new LocalDate[] {null, DAY, LocalDate.of(1969, 12, 1)}) {
            AlertLog log = AlertLog.restore(new AlertLog.Snapshot(latest, standing));
            AlertLog decoded = AlertLogCodec.decode(AlertLogCodec.encode(log));
            assertThat(decoded.snapshot().latestDay()).isEqualTo(latest);
            assertThat(decoded.snapshot().standing()).isEqualTo(standing);
        }
    }

    @Test
    void corruptFormatThreeIsRefusedWithAnIllegalArgumentException() {
        TreeMap<String, Standing> standing = new TreeMap<>();
        standing.put(
                "run-alert",
                new Standing(AlertType.VOLUME_SPIKE, AlertSeverity.INFO, Scope.RUN, "r", DAY, "r", 7L, DAY));
        byte[] bytes = AlertLogCodec.encode(AlertLog.restore(new AlertLog.Snapshot(DAY, standing)));
        assertThatThrownBy(() -> AlertLogCodec.decode(Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AlertLogCodec.decode(Arrays.copyOf(bytes, bytes.length + 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] hex(String digits) {
        return HexFormat.of().parseHex(digits);
    }
}
