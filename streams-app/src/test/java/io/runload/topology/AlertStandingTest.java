package io.runload.topology;

import static io.runload.testing.TestRecords.profile;
import static io.runload.testing.TestRecords.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.runload.avro.AlertSeverity;
import io.runload.avro.AlertStatus;
import io.runload.avro.AlertType;
import io.runload.avro.AthleteAlert;
import io.runload.avro.RunOp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Alerts through the topology: the historical flag of a back-fill, and a withdrawal on the same id. */
class AlertStandingTest {
    private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");
    /** A Monday: ISO week 2026-W41. */
    private static final LocalDate D = LocalDate.of(2026, 10, 5);

    private final TopologyHarness h = new TopologyHarness(NOW, Duration.ofDays(50));

    @AfterEach
    void close() {
        h.close();
    }

    private void km(String runId, LocalDate day, int km) {
        // Without heart rate: each run is released after the wait, one at a time.
        h.runAndWait(run("a1", runId, day.atTime(7, 0).toInstant(ZoneOffset.UTC), km * 300, km * 1000.0)
                .build());
    }

    private List<AthleteAlert> volumeAlerts() {
        return h.alerts.readValuesToList().stream()
                .filter(a -> a.getType() == AlertType.VOLUME_SPIKE)
                .toList();
    }

    @Test
    void aBackFilledWeekIsHistoricalAndAWeekThatStopsHoldingIsWithdrawn() {
        h.profile(profile("a1").build());
        // The latest data first (D+30), then the back-fill of weeks W41 and W42.
        km("latest", D.plusDays(30), 5);
        km("w41", D, 10);
        km("w42a", D.plusDays(7), 10);
        km("w42b", D.plusDays(9), 10);
        // W42: 20 km on 10 km, (20 - 10) * 100 / 10 = +100%: INFO, as week-over-week change is
        // descriptive at any size. It ended on D+13, 17 days before the latest day D+30.
        List<AthleteAlert> backFilled = volumeAlerts();
        assertThat(backFilled)
                .extracting(
                        AthleteAlert::getPeriod,
                        AthleteAlert::getSeverity,
                        AthleteAlert::getStatus,
                        AthleteAlert::getHistorical,
                        AthleteAlert::getStatusReason)
                .containsExactly(tuple("2026-W42", AlertSeverity.INFO, AlertStatus.ACTIVE, true, null));
        AthleteAlert w42 = backFilled.get(0);
        assertThat(w42.getRuleId()).isEqualTo("weekly-volume-change");
        assertThat(w42.getRuleVersion()).isEqualTo(2);
        assertThat(w42.getThreshold()).isEqualTo(10.0);
        assertThat(w42.getMeasuredValue()).isEqualTo(100.0);
        assertThat(w42.getUnit()).isEqualTo("percent");
        assertThat(w42.getSource()).contains("Frandsen");
        assertThat(w42.getDoi()).isEqualTo("10.1136/bjsports-2024-109380");
        assertThat(w42.getEvidenceGrade()).isEqualTo("C");
        assertThat(w42.getMessage()).doesNotContainIgnoringCase("injury risk");

        // This week (W45, D+28..): 5 km on D+30, then 10 km on D+31 against W44's 5 km on D+22:
        // (15 - 5) * 100 / 5 = +200%, INFO.
        km("w44", D.plusDays(22), 5);
        km("w45", D.plusDays(31), 10);
        List<AthleteAlert> current = volumeAlerts();
        assertThat(current)
                .extracting(
                        AthleteAlert::getPeriod,
                        AthleteAlert::getSeverity,
                        AthleteAlert::getStatus,
                        AthleteAlert::getHistorical)
                .containsExactly(tuple("2026-W45", AlertSeverity.INFO, AlertStatus.ACTIVE, false));
        assertThat(current.get(0).getMeasuredValue()).isEqualTo(200.0);
        String alertId = current.get(0).getAlertId();

        // The 10 km run is deleted: W45 is 5 km on 5 km, the alert no longer holds.
        h.runAndWait(run("a1", "w45", D.plusDays(31).atTime(7, 0).toInstant(ZoneOffset.UTC), 3000, 10_000.0)
                .setOp(RunOp.DELETE)
                .build());
        List<AthleteAlert> withdrawn = volumeAlerts();
        assertThat(withdrawn)
                .extracting(
                        AthleteAlert::getAlertId,
                        AthleteAlert::getStatus,
                        AthleteAlert::getStatusReason,
                        AthleteAlert::getHistorical)
                .containsExactly(tuple(alertId, AlertStatus.WITHDRAWN, "no_longer_holds", false));
        // The stored standing alert keeps no rule, so a withdrawal carries none.
        assertThat(withdrawn.get(0).getRuleId()).isNull();

        // Re-sending the deletion changes nothing: no second withdrawal.
        h.runAndWait(run("a1", "w45", D.plusDays(31).atTime(7, 0).toInstant(ZoneOffset.UTC), 3000, 10_000.0)
                .setOp(RunOp.DELETE)
                .build());
        assertThat(volumeAlerts()).isEmpty();
    }

    @Test
    void aSingleRunSpikeIsPublishedWithItsBandsHazardRatioAndSource() {
        h.profile(profile("a1").build());
        km("first", D, 10);
        km("second", D.plusDays(14), 5);
        // 20.010 km on the 10 km longest of the previous 30 days:
        // (20010 - 10000) * 100 / 10000 = 100.1% -> the large-spike band, CRITICAL, HRR 2.28.
        h.runAndWait(run("a1", "long", D.plusDays(15).atTime(7, 0).toInstant(ZoneOffset.UTC), 6000, 20_010.0)
                .build());
        AthleteAlert spike = volumeAlerts().stream()
                .filter(a -> "long".equals(a.getRunId()))
                .findFirst()
                .orElseThrow();
        assertThat(spike.getSeverity()).isEqualTo(AlertSeverity.CRITICAL);
        assertThat(spike.getEvidence()).containsEntry("hazardRateRatio", 2.28);
        assertThat(spike.getRuleId()).isEqualTo("single-run-spike");
        assertThat(spike.getRuleVersion()).isEqualTo(1);
        assertThat(spike.getThreshold()).isEqualTo(100.0);
        assertThat(spike.getMeasuredValue()).isCloseTo(100.1, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(spike.getUnit()).isEqualTo("percent");
        assertThat(spike.getDoi()).isEqualTo("10.1136/bjsports-2024-109380");
        assertThat(spike.getEvidenceGrade()).isEqualTo("A");
        assertThat(spike.getMessage()).contains("100.1% longer").contains("2.28 times");
    }
}
