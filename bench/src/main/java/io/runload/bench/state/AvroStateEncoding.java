package io.runload.bench.state;

import io.runload.avro.AlertSeverity;
import io.runload.avro.AlertType;
import io.runload.avro.IntensityClass;
import io.runload.avro.PlannedType;
import io.runload.avro.RunStatus;
import io.runload.avro.Sex;
import io.runload.avro.Sport;
import io.runload.avro.ZoneModel;
import io.runload.domain.AlertLog;
import io.runload.domain.LedgerRun;
import io.runload.domain.LoadChains;
import io.runload.domain.ProfileHistory;
import io.runload.domain.ProfileVersion;
import io.runload.domain.RunStatusChange;
import io.runload.domain.TrainingLedger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;

/**
 * The ledger, profile history and alert log as Avro single-object encoding (a 10-byte header: 2
 * marker bytes and the writer schema's 8-byte fingerprint, then Avro binary), to weigh against the
 * stores' own codecs. The schemas are the plain, field-for-field form of each domain snapshot;
 * the stored enums reuse the generated schemas, so Avro resolves them by name. The decoders keep
 * an earlier writer schema of each in their {@link SchemaStore}, as a store that has evolved would.
 */
public final class AvroStateEncoding {

    static final Schema LEDGER_RUN = SchemaBuilder.record("StoredLedgerRun")
            .namespace("io.runload.state.avro")
            .fields()
            .requiredString("runId")
            .requiredString("source")
            .requiredLong("uploadKey")
            .name("sport")
            .type(Sport.getClassSchema())
            .noDefault()
            .requiredLong("startMillis")
            .requiredInt("durationSec")
            .requiredInt("movingTimeSec")
            .requiredDouble("distanceMeters")
            .requiredInt("localDate")
            .requiredDouble("load")
            .requiredBoolean("loadEstimated")
            .requiredLong("hrSeconds")
            .requiredLong("easySeconds")
            .optionalDouble("efficiencyFactor")
            .name("intensity")
            .type(IntensityClass.getClassSchema())
            .noDefault()
            .name("plannedType")
            .type()
            .optional()
            .type(PlannedType.getClassSchema())
            .requiredDouble("hrCoverage")
            .name("status")
            .type(RunStatus.getClassSchema())
            .noDefault()
            .optionalString("duplicateOf")
            .endRecord();

    public static final Schema LEDGER = SchemaBuilder.record("StoredTrainingLedger")
            .namespace("io.runload.state.avro")
            .fields()
            .optionalInt("latestDay")
            .optionalInt("historyStart")
            .requiredDouble("ctl")
            .requiredDouble("atl")
            .requiredDouble("acuteEwma")
            .requiredDouble("chronicEwma")
            .name("foldedTail")
            .type()
            .array()
            .items()
            .doubleType()
            .noDefault()
            .name("entries")
            .type()
            .array()
            .items(LEDGER_RUN)
            .noDefault()
            .endRecord();

    /** The ledger before {@code plannedType}: an older writer the decoder must still read. */
    static final Schema LEDGER_WITHOUT_PLAN = withoutField(LEDGER, "plannedType");

    static final Schema PROFILE_VERSION = SchemaBuilder.record("StoredProfileVersion")
            .namespace("io.runload.state.avro")
            .fields()
            .optionalInt("maxHr")
            .optionalInt("restingHr")
            .optionalInt("lthr")
            .optionalInt("birthYear")
            .name("sex")
            .type()
            .optional()
            .type(Sex.getClassSchema())
            .optionalString("timezone")
            .optionalInt("weekStart")
            .name("zoneModel")
            .type()
            .optional()
            .type(ZoneModel.getClassSchema())
            .requiredInt("effectiveFrom")
            .endRecord();

    public static final Schema PROFILE_HISTORY = SchemaBuilder.record("StoredProfileHistory")
            .namespace("io.runload.state.avro")
            .fields()
            .name("versions")
            .type()
            .array()
            .items(PROFILE_VERSION)
            .noDefault()
            .endRecord();

    static final Schema PROFILE_HISTORY_WITHOUT_ZONE_MODEL = withoutField(PROFILE_HISTORY, "zoneModel");

    static final Schema STANDING = SchemaBuilder.record("StoredStandingAlert")
            .namespace("io.runload.state.avro")
            .fields()
            .requiredString("alertId")
            .name("type")
            .type()
            .optional()
            .type(AlertType.getClassSchema())
            .name("severity")
            .type(AlertSeverity.getClassSchema())
            .noDefault()
            .name("scope")
            .type()
            .enumeration("StoredAlertScope")
            .symbols("LIVE", "RUN", "WEEK", "UNKNOWN")
            .noDefault()
            .optionalString("period")
            .optionalInt("periodEnd")
            .optionalString("runId")
            .requiredLong("fingerprint")
            .optionalInt("day")
            .endRecord();

    public static final Schema ALERT_LOG = SchemaBuilder.record("StoredAlertLog")
            .namespace("io.runload.state.avro")
            .fields()
            .optionalInt("latestDay")
            .name("standing")
            .type()
            .array()
            .items(STANDING)
            .noDefault()
            .endRecord();

    static final Schema ALERT_LOG_WITHOUT_RUN_ID = withoutField(ALERT_LOG, "runId");

    private final BinaryMessageEncoder<GenericRecord> encoder;
    private final BinaryMessageDecoder<GenericRecord> decoder;

    private AvroStateEncoding(Schema schema, Schema earlier) {
        SchemaStore.Cache writers = new SchemaStore.Cache();
        writers.addSchema(earlier);
        writers.addSchema(schema);
        encoder = new BinaryMessageEncoder<>(GenericData.get(), schema);
        decoder = new BinaryMessageDecoder<>(GenericData.get(), schema, writers);
    }

    public static AvroStateEncoding ledger() {
        return new AvroStateEncoding(LEDGER, LEDGER_WITHOUT_PLAN);
    }

    public static AvroStateEncoding profileHistory() {
        return new AvroStateEncoding(PROFILE_HISTORY, PROFILE_HISTORY_WITHOUT_ZONE_MODEL);
    }

    public static AvroStateEncoding alertLog() {
        return new AvroStateEncoding(ALERT_LOG, ALERT_LOG_WITHOUT_RUN_ID);
    }

    public byte[] encode(GenericRecord record) {
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public GenericRecord decode(byte[] bytes) {
        try {
            return decoder.decode(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- snapshot <-> record -------------------------------------------------------------------

    public static GenericRecord toRecord(TrainingLedger ledger) {
        TrainingLedger.Snapshot s = ledger.snapshot();
        GenericRecord r = new GenericData.Record(LEDGER);
        r.put("latestDay", s.latestDay() == null ? null : (int) s.latestDay().toEpochDay());
        r.put(
                "historyStart",
                s.historyStart() == null ? null : (int) s.historyStart().toEpochDay());
        r.put("ctl", s.seed().ctl());
        r.put("atl", s.seed().atl());
        r.put("acuteEwma", s.seed().acuteEwma());
        r.put("chronicEwma", s.seed().chronicEwma());
        List<Double> tail = new ArrayList<>();
        for (double d : s.foldedTail()) {
            tail.add(d);
        }
        r.put("foldedTail", tail);
        List<GenericRecord> entries = new ArrayList<>(s.entries().size());
        for (RunStatusChange e : s.entries()) {
            LedgerRun run = e.run();
            GenericRecord x = new GenericData.Record(LEDGER_RUN);
            x.put("runId", run.runId());
            x.put("source", run.source());
            x.put("uploadKey", run.uploadKey());
            x.put("sport", symbol(Sport.getClassSchema(), run.sport()));
            x.put("startMillis", run.startMillis());
            x.put("durationSec", run.durationSec());
            x.put("movingTimeSec", run.movingTimeSec());
            x.put("distanceMeters", run.distanceMeters());
            x.put("localDate", (int) run.localDate().toEpochDay());
            x.put("load", run.load());
            x.put("loadEstimated", run.loadEstimated());
            x.put("hrSeconds", run.hrSeconds());
            x.put("easySeconds", run.easySeconds());
            x.put("efficiencyFactor", run.efficiencyFactor());
            x.put("intensity", symbol(IntensityClass.getClassSchema(), run.intensity()));
            x.put("plannedType", symbol(PlannedType.getClassSchema(), run.plannedType()));
            x.put("hrCoverage", run.hrCoverage());
            x.put("status", symbol(RunStatus.getClassSchema(), e.status()));
            x.put("duplicateOf", e.duplicateOf());
            entries.add(x);
        }
        r.put("entries", entries);
        return r;
    }

    public static TrainingLedger ledgerFrom(GenericRecord r) {
        Integer latest = (Integer) r.get("latestDay");
        if (latest == null) {
            return new TrainingLedger();
        }
        @SuppressWarnings("unchecked")
        List<Double> tailList = (List<Double>) r.get("foldedTail");
        double[] tail = new double[tailList.size()];
        for (int i = 0; i < tail.length; i++) {
            tail[i] = tailList.get(i);
        }
        @SuppressWarnings("unchecked")
        List<GenericRecord> records = (List<GenericRecord>) r.get("entries");
        List<RunStatusChange> entries = new ArrayList<>(records.size());
        for (GenericRecord x : records) {
            LedgerRun run = new LedgerRun(
                    x.get("runId").toString(),
                    x.get("source").toString(),
                    (Long) x.get("uploadKey"),
                    Sport.valueOf(x.get("sport").toString()),
                    (Long) x.get("startMillis"),
                    (Integer) x.get("durationSec"),
                    (Integer) x.get("movingTimeSec"),
                    (Double) x.get("distanceMeters"),
                    LocalDate.ofEpochDay((Integer) x.get("localDate")),
                    (Double) x.get("load"),
                    (Boolean) x.get("loadEstimated"),
                    (Long) x.get("hrSeconds"),
                    (Long) x.get("easySeconds"),
                    (Double) x.get("efficiencyFactor"),
                    IntensityClass.valueOf(x.get("intensity").toString()),
                    x.get("plannedType") == null
                            ? null
                            : PlannedType.valueOf(x.get("plannedType").toString()),
                    (Double) x.get("hrCoverage"));
            entries.add(new RunStatusChange(
                    run,
                    RunStatus.valueOf(x.get("status").toString()),
                    x.get("duplicateOf") == null ? null : x.get("duplicateOf").toString()));
        }
        return TrainingLedger.restore(new TrainingLedger.Snapshot(
                LocalDate.ofEpochDay(latest),
                LocalDate.ofEpochDay((Integer) r.get("historyStart")),
                new LoadChains((Double) r.get("ctl"), (Double) r.get("atl"), (Double) r.get("acuteEwma"), (Double)
                        r.get("chronicEwma")),
                tail,
                entries));
    }

    public static GenericRecord toRecord(ProfileHistory history) {
        List<GenericRecord> versions = new ArrayList<>();
        for (ProfileVersion v : history.versions()) {
            GenericRecord x = new GenericData.Record(PROFILE_VERSION);
            x.put("maxHr", v.maxHr());
            x.put("restingHr", v.restingHr());
            x.put("lthr", v.lthr());
            x.put("birthYear", v.birthYear());
            x.put("sex", symbol(Sex.getClassSchema(), v.sex()));
            x.put("timezone", v.timezone() == null ? null : v.timezone().getId());
            x.put("weekStart", v.weekStart() == null ? null : v.weekStart().getValue());
            x.put("zoneModel", symbol(ZoneModel.getClassSchema(), v.zoneModel()));
            x.put("effectiveFrom", (int) v.effectiveFrom().toEpochDay());
            versions.add(x);
        }
        GenericRecord r = new GenericData.Record(PROFILE_HISTORY);
        r.put("versions", versions);
        return r;
    }

    public static ProfileHistory profileHistoryFrom(GenericRecord r) {
        @SuppressWarnings("unchecked")
        List<GenericRecord> records = (List<GenericRecord>) r.get("versions");
        List<ProfileVersion> versions = new ArrayList<>(records.size());
        for (GenericRecord x : records) {
            versions.add(new ProfileVersion(
                    (Integer) x.get("maxHr"),
                    (Integer) x.get("restingHr"),
                    (Integer) x.get("lthr"),
                    (Integer) x.get("birthYear"),
                    x.get("sex") == null ? null : Sex.valueOf(x.get("sex").toString()),
                    x.get("timezone") == null
                            ? null
                            : ZoneId.of(x.get("timezone").toString()),
                    x.get("weekStart") == null ? null : DayOfWeek.of((Integer) x.get("weekStart")),
                    x.get("zoneModel") == null
                            ? null
                            : ZoneModel.valueOf(x.get("zoneModel").toString()),
                    LocalDate.ofEpochDay((Integer) x.get("effectiveFrom"))));
        }
        return ProfileHistory.restore(versions);
    }

    public static GenericRecord toRecord(AlertLog log) {
        AlertLog.Snapshot s = log.snapshot();
        Schema scope = STANDING.getField("scope").schema();
        List<GenericRecord> standing = new ArrayList<>();
        for (Map.Entry<String, AlertLog.Standing> e : s.standing().entrySet()) {
            AlertLog.Standing a = e.getValue();
            GenericRecord x = new GenericData.Record(STANDING);
            x.put("alertId", e.getKey());
            x.put("type", symbol(AlertType.getClassSchema(), a.type()));
            x.put("severity", symbol(AlertSeverity.getClassSchema(), a.severity()));
            x.put("scope", new GenericData.EnumSymbol(scope, a.scope().name()));
            x.put("period", a.period());
            x.put(
                    "periodEnd",
                    a.periodEnd() == null ? null : (int) a.periodEnd().toEpochDay());
            x.put("runId", a.runId());
            x.put("fingerprint", a.fingerprint());
            x.put("day", a.day() == null ? null : (int) a.day().toEpochDay());
            standing.add(x);
        }
        GenericRecord r = new GenericData.Record(ALERT_LOG);
        r.put("latestDay", s.latestDay() == null ? null : (int) s.latestDay().toEpochDay());
        r.put("standing", standing);
        return r;
    }

    public static AlertLog alertLogFrom(GenericRecord r) {
        @SuppressWarnings("unchecked")
        List<GenericRecord> records = (List<GenericRecord>) r.get("standing");
        Map<String, AlertLog.Standing> standing = new LinkedHashMap<>();
        for (GenericRecord x : records) {
            standing.put(
                    x.get("alertId").toString(),
                    new AlertLog.Standing(
                            x.get("type") == null
                                    ? null
                                    : AlertType.valueOf(x.get("type").toString()),
                            AlertSeverity.valueOf(x.get("severity").toString()),
                            AlertLog.Scope.valueOf(x.get("scope").toString()),
                            text(x.get("period")),
                            day(x.get("periodEnd")),
                            text(x.get("runId")),
                            (Long) x.get("fingerprint"),
                            day(x.get("day"))));
        }
        return AlertLog.restore(new AlertLog.Snapshot(day(r.get("latestDay")), standing));
    }

    private static GenericData.EnumSymbol symbol(Schema schema, Enum<?> constant) {
        return constant == null ? null : new GenericData.EnumSymbol(schema, constant.name());
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static LocalDate day(Object value) {
        return value == null ? null : LocalDate.ofEpochDay((Integer) value);
    }

    /** A copy of {@code schema} whose nested records lack {@code field}: the same store one release earlier. */
    private static Schema withoutField(Schema schema, String field) {
        return new Schema.Parser().parse(schema.toString().replace(fieldJson(schema, field), ""));
    }

    private static String fieldJson(Schema schema, String field) {
        for (Schema.Field f : schema.getFields()) {
            if (f.name().equals(field)) {
                throw new IllegalArgumentException("only nested fields are dropped");
            }
        }
        String json = schema.toString();
        int at = json.indexOf("{\"name\":\"" + field + "\"");
        if (at < 0) {
            throw new IllegalArgumentException("no field " + field);
        }
        int depth = 0;
        for (int i = at; i < json.length(); i++) {
            char c = json.charAt(i);
            depth += c == '{' || c == '[' ? 1 : c == '}' || c == ']' ? -1 : 0;
            if (depth == 0) {
                return json.substring(at, i + 1) + ",";
            }
        }
        throw new IllegalArgumentException("unbalanced schema");
    }
}
