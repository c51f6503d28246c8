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
        // W42: 20 km on 10 km, +100%: WARNING. It ended on D+13, 17 days before the latest day D+30.
        assertThat(volumeAlerts())
                .extracting(
                        AthleteAlert::getPeriod,
                        AthleteAlert::getSeverity,
                        AthleteAlert::getStatus,
                        AthleteAlert::getHistorical,
                        AthleteAlert::getStatusReason)
                .containsExactly(tuple("2026-W42", AlertSeverity.WARNING, AlertStatus.ACTIVE, true, null));

        // This week (W45, D+28..): 5 km on D+30, then 10 km on D+31 against W44's 5 km on D+22.
        km("w44", D.plusDays(22), 5);
        km("w45", D.plusDays(31), 10);
        List<AthleteAlert> current = volumeAlerts();
        assertThat(current)
                .extracting(
                        AthleteAlert::getPeriod,
                        AthleteAlert::getSeverity,
                        AthleteAlert::getStatus,
                        AthleteAlert::getHistorical)
                .containsExactly(tuple("2026-W45", AlertSeverity.WARNING, AlertStatus.ACTIVE, false));
        String alertId = current.get(0).getAlertId();

        // The 10 km run is deleted: W45 is 5 km on 5 km, the alert no longer holds.
        h.runAndWait(run("a1", "w45", D.plusDays(31).atTime(7, 0).toInstant(ZoneOffset.UTC), 3000, 10_000.0)
                .setOp(RunOp.DELETE)
                .build());
        assertThat(volumeAlerts())
                .extracting(
                        AthleteAlert::getAlertId,
                        AthleteAlert::getStatus,
                        AthleteAlert::getStatusReason,
                        AthleteAlert::getHistorical)
                .containsExactly(tuple(alertId, AlertStatus.WITHDRAWN, "no_longer_holds", false));

        // Re-sending the deletion changes nothing: no second withdrawal.
        h.runAndWait(run("a1", "w45", D.plusDays(31).atTime(7, 0).toInstant(ZoneOffset.UTC), 3000, 10_000.0)
                .setOp(RunOp.DELETE)
                .build());
        assertThat(volumeAlerts()).isEmpty();
    }
}
