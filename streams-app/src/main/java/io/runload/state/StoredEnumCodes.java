package io.runload.state;

import io.runload.avro.AlertSeverity;
import io.runload.avro.AlertType;
import io.runload.avro.IntensityClass;
import io.runload.avro.PlannedType;
import io.runload.avro.RunStatus;
import io.runload.avro.Sex;
import io.runload.avro.Sport;
import io.runload.avro.ZoneModel;
import java.util.List;
import java.util.Map;

/**
 * The codes of every enum kept in a state store. They equal the symbols' positions when each
 * format was introduced, so state written before these tables existed decodes the same. A new
 * symbol gets the next unused code; a code is never changed or reused.
 */
final class StoredEnumCodes {

    static final StoredEnumCode<Sport> SPORT = StoredEnumCode.of(
            Sport.class,
            Map.of(
                    Sport.RUN, 0,
                    Sport.TRAIL_RUN, 1,
                    Sport.TREADMILL_RUN, 2,
                    Sport.TRACK_RUN, 3,
                    Sport.OTHER, 4));

    static final StoredEnumCode<IntensityClass> INTENSITY = StoredEnumCode.of(
            IntensityClass.class,
            Map.of(
                    IntensityClass.EASY, 0,
                    IntensityClass.MODERATE, 1,
                    IntensityClass.HARD, 2,
                    IntensityClass.UNKNOWN, 3));

    static final StoredEnumCode<PlannedType> PLANNED_TYPE = StoredEnumCode.of(
            PlannedType.class,
            Map.of(
                    PlannedType.EASY, 0,
                    PlannedType.LONG, 1,
                    PlannedType.WORKOUT, 2,
                    PlannedType.RACE, 3,
                    PlannedType.OTHER, 4));

    static final StoredEnumCode<RunStatus> RUN_STATUS = StoredEnumCode.of(
            RunStatus.class,
            Map.of(
                    RunStatus.COUNTED, 0,
                    RunStatus.DUPLICATE, 1,
                    RunStatus.DELETED, 2));

    static final StoredEnumCode<ZoneModel> ZONE_MODEL = StoredEnumCode.of(
            ZoneModel.class,
            Map.of(
                    ZoneModel.KARVONEN, 0,
                    ZoneModel.LTHR_FRIEL, 1));

    static final StoredEnumCode<Sex> SEX = StoredEnumCode.of(
            Sex.class,
            Map.of(
                    Sex.MALE, 0,
                    Sex.FEMALE, 1,
                    Sex.UNKNOWN, 2));

    static final StoredEnumCode<AlertType> ALERT_TYPE = StoredEnumCode.of(
            AlertType.class,
            Map.of(
                    AlertType.EASY_RUN_TOO_HARD, 0,
                    AlertType.EASY_EFFORT_DRIFT, 1,
                    AlertType.VOLUME_SPIKE, 2,
                    AlertType.ACWR_HIGH, 3,
                    AlertType.RECOVERY_DEFICIT, 4));

    static final StoredEnumCode<AlertSeverity> ALERT_SEVERITY = StoredEnumCode.of(
            AlertSeverity.class,
            Map.of(
                    AlertSeverity.INFO, 0,
                    AlertSeverity.WARNING, 1,
                    AlertSeverity.CRITICAL, 2));

    static final List<StoredEnumCode<?>> ALL =
            List.of(SPORT, INTENSITY, PLANNED_TYPE, RUN_STATUS, ZONE_MODEL, SEX, ALERT_TYPE, ALERT_SEVERITY);

    private StoredEnumCodes() {}
}
