package io.runload.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.runload.avro.IntensityClass;
import io.runload.avro.PlannedType;
import io.runload.avro.Sport;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** A changed copy of a run differs from the original in the named field and nowhere else. */
class LedgerRunTest {

    private static final LocalDate DAY = LocalDate.of(2026, 3, 4);

    /** Every field away from the builder's defaults, so a copy that drops one shows it. */
    private static LedgerRunBuilder unusual(String runId) {
        return LedgerRunBuilder.run(runId, DAY)
                .source("strava")
                .externalId("act-991")
                .sport(Sport.TRAIL_RUN)
                .startShiftMinutes(95)
                .duration(4_210)
                .distance(11_430.5)
                .load(71.25)
                .hr(3_900, 2_750)
                .ef(1.31)
                .intensity(IntensityClass.MODERATE)
                .planned(PlannedType.LONG)
                .coverage(0.93);
    }

    @Test
    void aRenamedRunKeepsItsUploadKeyAndEveryFigure() {
        LedgerRun renamed = unusual("r1").build().withRunId("r2");
        assertThat(renamed).isEqualTo(unusual("r2").build());
        assertThat(renamed.uploadKey()).isEqualTo(UploadKey.of("strava", "act-991"));
    }

    @Test
    void eachFigureChangesAlone() {
        LedgerRun run = unusual("r1").build();
        assertThat(run.withLoad(64.5)).isEqualTo(unusual("r1").load(64.5).build());
        assertThat(run.withEfficiencyFactor(null))
                .isEqualTo(unusual("r1").ef(null).build());
        assertThat(run.withHrCoverage(0.5))
                .isEqualTo(unusual("r1").coverage(0.5).build());
    }
}
