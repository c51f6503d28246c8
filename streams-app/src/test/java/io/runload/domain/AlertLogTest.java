package io.runload.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runload.avro.AlertSeverity;
import io.runload.avro.AlertType;
import io.runload.state.AlertLogCodec;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AlertLogTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 2);

    @Test
    void alertIdsAreDeterministicPerAthleteTypeAndPeriod() {
        String id = AlertLog.alertId("ath-1", AlertType.VOLUME_SPIKE, "2026-W45");
        assertThat(AlertLog.alertId("ath-1", AlertType.VOLUME_SPIKE, "2026-W45"))
                .isEqualTo(id);
        assertThat(UUID.fromString(id).version()).isEqualTo(3);
        assertThat(AlertLog.alertId("ath-2", AlertType.VOLUME_SPIKE, "2026-W45"))
                .isNotEqualTo(id);
        assertThat(AlertLog.alertId("ath-1", AlertType.ACWR_HIGH, "2026-W45")).isNotEqualTo(id);
        assertThat(AlertLog.alertId("ath-1", AlertType.VOLUME_SPIKE, "2026-W46"))
                .isNotEqualTo(id);
    }

    @Test
    void emitsOnlyNewOrEscalatedAlerts() {
        AlertLog log = new AlertLog();
        String id = AlertLog.alertId("ath-1", AlertType.VOLUME_SPIKE, "2026-W45");
        assertThat(log.shouldEmit(id, AlertSeverity.INFO, DAY)).isTrue();
        assertThat(log.shouldEmit(id, AlertSeverity.INFO, DAY)).isFalse();
        assertThat(log.shouldEmit(id, AlertSeverity.WARNING, DAY)).isTrue();
        assertThat(log.shouldEmit(id, AlertSeverity.INFO, DAY)).isFalse();
        assertThat(log.shouldEmit(id, AlertSeverity.WARNING, DAY)).isFalse();
        assertThat(log.shouldEmit(id, AlertSeverity.CRITICAL, DAY)).isTrue();
        String other = AlertLog.alertId("ath-1", AlertType.VOLUME_SPIKE, "2026-W46");
        assertThat(log.shouldEmit(other, AlertSeverity.INFO, DAY)).isTrue();
    }

    @Test
    void entriesExpireAfterTheRetention() {
        AlertLog log = new AlertLog();
        String id = AlertLog.alertId("ath-1", AlertType.RECOVERY_DEFICIT, "2026-W45");
        assertThat(log.shouldEmit(id, AlertSeverity.WARNING, DAY)).isTrue();
        // 56-day window + 7 = 63 days. At day + 63 the cutoff is exactly DAY, which is not older than it
        assertThat(log.shouldEmit(id, AlertSeverity.WARNING, DAY.plusDays(63))).isFalse();
        // the re-check above re-dated nothing (it did not emit): at DAY + 64 the entry is gone
        log.prune(DAY.plusDays(64));
        assertThat(log.contains(id)).isFalse();
        assertThat(log.size()).isZero();
    }

    @Test
    void undatedEntriesAreDatedAtTheNextPrune() {
        AlertLog log = new AlertLog();
        String id = AlertLog.alertId("ath-1", AlertType.ACWR_HIGH, "2026-W45");
        assertThat(log.shouldEmit(id, AlertSeverity.INFO)).isTrue();
        assertThat(log.shouldEmit(id, AlertSeverity.INFO)).isFalse();
        log.prune(DAY);
        log.prune(DAY.plusDays(63));
        assertThat(log.contains(id)).isTrue();
        log.prune(DAY.plusDays(64));
        assertThat(log.contains(id)).isFalse();
    }

    @Test
    void sizeIsCapped() {
        AlertLog log = new AlertLog();
        for (int i = 0; i < AlertLog.MAX_ENTRIES + 88; i++) {
            log.shouldEmit("id-" + i, AlertSeverity.INFO, DAY.plusDays(i / 10));
        }
        assertThat(log.size()).isEqualTo(AlertLog.MAX_ENTRIES);
        // the oldest went first
        assertThat(log.contains("id-0")).isFalse();
        assertThat(log.contains("id-" + (AlertLog.MAX_ENTRIES + 87))).isTrue();
    }

    @Test
    void codecRoundTrip() {
        AlertLog log = new AlertLog();
        String a = AlertLog.alertId("ath-1", AlertType.VOLUME_SPIKE, "run-1");
        String b = AlertLog.alertId("ath-1", AlertType.EASY_EFFORT_DRIFT, "2026-W45");
        log.shouldEmit(a, AlertSeverity.WARNING, DAY);
        log.shouldEmit(b, AlertSeverity.INFO, DAY.plusDays(3));

        AlertLog copy = AlertLogCodec.decode(AlertLogCodec.encode(log));
        assertThat(AlertLogCodec.encode(copy)).isEqualTo(AlertLogCodec.encode(log));
        assertThat(copy.size()).isEqualTo(2);
        assertThat(copy.shouldEmit(a, AlertSeverity.WARNING, DAY.plusDays(3))).isFalse();
        assertThat(copy.shouldEmit(b, AlertSeverity.WARNING, DAY.plusDays(3))).isTrue();
        assertThat(AlertLogCodec.decode(AlertLogCodec.encode(new AlertLog())).size())
                .isZero();

        byte[] wrongVersion = AlertLogCodec.encode(log);
        wrongVersion[0] = 7;
        assertThatThrownBy(() -> AlertLogCodec.decode(wrongVersion)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Retention drops nothing that could still be judged: a period ending a retention before the
     * latest day ends before any ledger window, so no evaluation covers it, even one that re-judges
     * from the window's first day with the whole history known.
     */
    @Test
    void theRetentionOutlastsEveryPeriodAnEvaluationCanJudge() {
        assertThat(AlertLog.RETENTION_DAYS).isGreaterThan(TrainingLedger.WINDOW_DAYS);
        LocalDate latest = DAY.plusDays(200);
        LocalDate windowStart = latest.minusDays(TrainingLedger.WINDOW_DAYS - 1L);
        AlertEvaluation widest = new AlertEvaluation(windowStart, windowStart, windowStart, List.of());
        LocalDate expired = latest.minusDays(AlertLog.RETENTION_DAYS + 1L);
        assertThat(widest.covers(AlertLog.Scope.RUN, expired)).isFalse();
        assertThat(widest.covers(AlertLog.Scope.WEEK, expired)).isFalse();
        assertThat(widest.covers(AlertLog.Scope.RUN, windowStart)).isTrue();
    }
}
