package io.runload.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.runload.avro.AlertSeverity;
import io.runload.avro.AlertStatus;
import io.runload.avro.AlertType;
import io.runload.avro.AthleteAlert;
import io.runload.http.AthleteViews.AlertView;
import io.runload.serde.AvroClassTrust;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AlertViewTest {

    @BeforeAll
    static void trustGeneratedClasses() {
        // Filling in the schema's enum defaults instantiates generated classes, as in the application.
        AvroClassTrust.install();
    }

    @Test
    void aWithdrawnAlertSaysSoInTheApi() {
        AthleteAlert withdrawn = AthleteAlert.newBuilder()
                .setAlertId("id-1")
                .setAthleteId("a1")
                .setType(AlertType.VOLUME_SPIKE)
                .setSeverity(AlertSeverity.WARNING)
                .setPeriod("2026-W47")
                .setEventTime(Instant.parse("2026-11-22T18:00:00Z"))
                .setDetectedAt(Instant.parse("2026-11-23T08:00:00Z"))
                .setMessage("Weekly distance is up 50%.")
                .setEvidence(Map.of("changePct", 50.0))
                .setStatus(AlertStatus.WITHDRAWN)
                .setStatusReason("no_longer_holds")
                .setHistorical(true)
                .build();

        AlertView view = AlertView.of(withdrawn);

        assertThat(view.status()).isEqualTo("WITHDRAWN");
        assertThat(view.statusReason()).isEqualTo("no_longer_holds");
        assertThat(view.historical()).isTrue();
        assertThat(view.alertId()).isEqualTo("id-1");
    }

    @Test
    void anAlertWrittenBeforeStatusExistedStands() {
        AthleteAlert old = AthleteAlert.newBuilder()
                .setAlertId("id-2")
                .setAthleteId("a1")
                .setType(AlertType.ACWR_HIGH)
                .setSeverity(AlertSeverity.INFO)
                .setPeriod("2026-W46")
                .setEventTime(Instant.parse("2026-11-15T18:00:00Z"))
                .setDetectedAt(Instant.parse("2026-11-16T08:00:00Z"))
                .setMessage("m")
                .setEvidence(Map.of())
                .build();

        AlertView view = AlertView.of(old);

        assertThat(view.status()).isEqualTo("ACTIVE");
        assertThat(view.statusReason()).isNull();
        assertThat(view.historical()).isFalse();
        assertThat(view.ruleId()).isNull();
        assertThat(view.ruleVersion()).isNull();
        assertThat(view.threshold()).isNull();
        assertThat(view.measuredValue()).isNull();
        assertThat(view.evidenceGrade()).isNull();
    }

    @Test
    void anAlertShowsTheRuleAndEvidenceItRestsOn() {
        AthleteAlert spike = AthleteAlert.newBuilder()
                .setAlertId("id-3")
                .setAthleteId("a1")
                .setType(AlertType.VOLUME_SPIKE)
                .setSeverity(AlertSeverity.CRITICAL)
                .setPeriod("run-9")
                .setEventTime(Instant.parse("2026-11-15T18:00:00Z"))
                .setDetectedAt(Instant.parse("2026-11-16T08:00:00Z"))
                .setRunId("run-9")
                .setMessage("m")
                .setEvidence(Map.of("increasePct", 120.0, "hazardRateRatio", 2.28))
                .setRuleId("single-run-spike")
                .setRuleVersion(1)
                .setThreshold(100.0)
                .setMeasuredValue(120.0)
                .setUnit("percent")
                .setSource("Frandsen JSB et al. 2025, Br J Sports Med")
                .setDoi("10.1136/bjsports-2024-109380")
                .setEvidenceGrade("A")
                .build();

        AlertView view = AlertView.of(spike);

        assertThat(view.ruleId()).isEqualTo("single-run-spike");
        assertThat(view.ruleVersion()).isEqualTo(1);
        assertThat(view.threshold()).isEqualTo(100.0);
        assertThat(view.measuredValue()).isEqualTo(120.0);
        assertThat(view.unit()).isEqualTo("percent");
        assertThat(view.source()).startsWith("Frandsen");
        assertThat(view.doi()).isEqualTo("10.1136/bjsports-2024-109380");
        assertThat(view.evidenceGrade()).isEqualTo("A");
        assertThat(view.evidence()).containsEntry("hazardRateRatio", 2.28);
    }
}
