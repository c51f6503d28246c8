package io.runload.domain;

import io.runload.avro.IntensityClass;
import io.runload.avro.PlannedType;
import io.runload.avro.Sport;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Test runs: a one-hour, 10 km easy run at 07:00 UTC with full HR coverage unless told otherwise. */
public final class LedgerRunBuilder {

    private String runId;
    private String source = "garmin";
    private String externalId;
    private Sport sport = Sport.RUN;
    private long startMillis;
    private int durationSec = 3600;
    private int movingTimeSec = 3600;
    private double distanceMeters = 10_000;
    private LocalDate localDate;
    private double load = 60;
    private boolean loadEstimated;
    private long hrSeconds = 3600;
    private long easySeconds = 3600;
    private Double efficiencyFactor;
    private IntensityClass intensity = IntensityClass.EASY;
    private PlannedType plannedType;
    private double hrCoverage = 1.0;

    public static LedgerRunBuilder run(String runId, LocalDate date) {
        LedgerRunBuilder b = new LedgerRunBuilder();
        b.runId = runId;
        b.externalId = "ext-" + runId;
        b.localDate = date;
        b.startMillis = date.atTime(7, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
        return b;
    }

    public LedgerRunBuilder source(String value) {
        source = value;
        return this;
    }

    public LedgerRunBuilder externalId(String value) {
        externalId = value;
        return this;
    }

    public LedgerRunBuilder startShiftMinutes(int minutes) {
        startMillis += minutes * 60_000L;
        return this;
    }

    public LedgerRunBuilder duration(int seconds) {
        durationSec = seconds;
        movingTimeSec = seconds;
        return this;
    }

    public LedgerRunBuilder distance(double meters) {
        distanceMeters = meters;
        return this;
    }

    public LedgerRunBuilder load(double value) {
        load = value;
        return this;
    }

    public LedgerRunBuilder estimated() {
        loadEstimated = true;
        hrSeconds = 0;
        easySeconds = 0;
        hrCoverage = 0;
        return this;
    }

    public LedgerRunBuilder hr(long seconds, long easy) {
        hrSeconds = seconds;
        easySeconds = easy;
        return this;
    }

    public LedgerRunBuilder ef(Double value) {
        efficiencyFactor = value;
        return this;
    }

    public LedgerRunBuilder intensity(IntensityClass value) {
        intensity = value;
        return this;
    }

    public LedgerRunBuilder planned(PlannedType value) {
        plannedType = value;
        return this;
    }

    public LedgerRunBuilder coverage(double value) {
        hrCoverage = value;
        return this;
    }

    public LedgerRunBuilder sport(Sport value) {
        sport = value;
        return this;
    }

    public LedgerRun build() {
        return new LedgerRun(
                runId,
                source,
                externalId,
                sport,
                startMillis,
                durationSec,
                movingTimeSec,
                distanceMeters,
                localDate,
                load,
                loadEstimated,
                hrSeconds,
                easySeconds,
                efficiencyFactor,
                intensity,
                plannedType,
                hrCoverage);
    }
}
