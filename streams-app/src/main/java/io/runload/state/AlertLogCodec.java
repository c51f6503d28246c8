package io.runload.state;

import io.runload.avro.AlertSeverity;
import io.runload.avro.AlertType;
import io.runload.domain.AlertLog;
import io.runload.domain.AlertLog.Scope;
import io.runload.domain.AlertLog.Standing;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/** The alert-log store value: format 3 written, formats 1, 2 and 3 read. */
public final class AlertLogCodec {

    /**
     * 1: id, severity and day only; 2: with what the alert is about, so it can be withdrawn, in
     * fixed-width fields; 3: the same in varints and flags. All three decode.
     */
    private static final byte FORMAT_VERSION = 3;

    private static final byte FORMAT_VERSION_2 = 2;
    private static final byte FORMAT_VERSION_1 = 1;

    private static final int ID_IS_UUID = 1;
    private static final int HAS_TYPE = 1 << 1;
    private static final int HAS_PERIOD = 1 << 2;
    private static final int PERIOD_IS_RUN_ID = 1 << 3;
    private static final int HAS_PERIOD_END = 1 << 4;
    private static final int HAS_RUN_ID = 1 << 5;
    private static final int HAS_FINGERPRINT = 1 << 6;
    private static final int HAS_DAY = 1 << 7;

    /** Format 2 wrote a scope as its position in the declaration; the codes pin those positions. */
    static final StoredEnumCode<Scope> SCOPE =
            StoredEnumCode.of(Scope.class, Map.of(Scope.LIVE, 0, Scope.RUN, 1, Scope.WEEK, 2, Scope.UNKNOWN, 3));

    private AlertLogCodec() {}

    /**
     * Format 3: version; whether a latest day follows, and it (epoch day, zigzag varint); the entry
     * count; per entry a flag byte saying which fields follow, the id (a canonical UUID, as every
     * alert id is, in 16 bytes, else a string), severity and scope codes, the type code, the period
     * (left out when it is the run id, as for a run's alert), the period end as days from the latest
     * day, the run id, the 8-byte fingerprint (left out when zero, as for live alerts), and the
     * retention day as days from the period end (zero for a ledger alert). Avro enums go by their
     * fixed codes in {@link StoredEnumCodes}.
     */
    public static byte[] encode(AlertLog log) {
        AlertLog.Snapshot snapshot = log.snapshot();
        Map<String, Standing> standing = snapshot.standing();
        CompactBytesOut out = new CompactBytesOut(8 + standing.size() * 56);
        out.writeByte(FORMAT_VERSION);
        LocalDate latest = snapshot.latestDay();
        out.writeByte(latest != null ? 1 : 0);
        long reference = latest != null ? latest.toEpochDay() : 0;
        if (latest != null) {
            out.writeSigned(reference);
        }
        out.writeUnsigned(standing.size());
        for (Map.Entry<String, Standing> entry : standing.entrySet()) {
            String id = entry.getKey();
            Standing s = entry.getValue();
            boolean uuid = RunIdUuidTail.endsWithUuid(id) && id.length() == RunIdUuidTail.LENGTH;
            boolean periodIsRun = s.period() != null && s.period().equals(s.runId());
            int flags = (uuid ? ID_IS_UUID : 0)
                    | (s.type() != null ? HAS_TYPE : 0)
                    | (s.period() != null ? HAS_PERIOD : 0)
                    | (periodIsRun ? PERIOD_IS_RUN_ID : 0)
                    | (s.periodEnd() != null ? HAS_PERIOD_END : 0)
                    | (s.runId() != null ? HAS_RUN_ID : 0)
                    | (s.fingerprint() != 0 ? HAS_FINGERPRINT : 0)
                    | (s.day() != null ? HAS_DAY : 0);
            out.writeByte(flags);
            if (uuid) {
                RunIdUuidTail.write(out, id);
            } else {
                out.writeString(id);
            }
            out.writeByte(StoredEnumCodes.ALERT_SEVERITY.code(s.severity()));
            out.writeByte(SCOPE.code(s.scope()));
            if (s.type() != null) {
                out.writeByte(StoredEnumCodes.ALERT_TYPE.code(s.type()));
            }
            if (s.period() != null && !periodIsRun) {
                out.writeString(s.period());
            }
            if (s.periodEnd() != null) {
                out.writeSigned(s.periodEnd().toEpochDay() - reference);
            }
            if (s.runId() != null) {
                out.writeString(s.runId());
            }
            if (s.fingerprint() != 0) {
                long bits = s.fingerprint();
                for (int shift = 56; shift >= 0; shift -= 8) {
                    out.writeByte((int) (bits >>> shift) & 0xFF);
                }
            }
            if (s.day() != null) {
                long dayReference = s.periodEnd() != null ? s.periodEnd().toEpochDay() : reference;
                out.writeSigned(s.day().toEpochDay() - dayReference);
            }
        }
        return out.toByteArray();
    }

    private static AlertLog decodeFormat3(byte[] data) {
        CompactBytesIn in = new CompactBytesIn(data);
        in.readByte();
        int hasLatest = in.readByte();
        if (hasLatest > 1) {
            throw CompactBytesIn.corrupt("AlertLog latest-day flag " + hasLatest);
        }
        long reference = hasLatest == 1 ? in.readSigned() : 0;
        LocalDate latestDay = hasLatest == 1 ? epochDay(reference) : null;
        int count = in.readUnsignedInt();
        TreeMap<String, Standing> standing = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            int flags = in.readByte();
            String id = (flags & ID_IS_UUID) != 0 ? RunIdUuidTail.read(in) : in.readString();
            AlertSeverity severity = storedSeverity(in.readByte());
            Scope scope = storedScope(in.readByte());
            AlertType type = (flags & HAS_TYPE) != 0 ? storedType(in.readByte()) : null;
            String period = (flags & HAS_PERIOD) != 0 && (flags & PERIOD_IS_RUN_ID) == 0 ? in.readString() : null;
            LocalDate periodEnd = (flags & HAS_PERIOD_END) != 0 ? epochDay(reference + in.readSigned()) : null;
            String runId = (flags & HAS_RUN_ID) != 0 ? in.readString() : null;
            if ((flags & PERIOD_IS_RUN_ID) != 0) {
                if (runId == null || (flags & HAS_PERIOD) == 0) {
                    throw CompactBytesIn.corrupt("AlertLog period named as a run id that is not there");
                }
                period = runId;
            }
            long fingerprint = 0;
            if ((flags & HAS_FINGERPRINT) != 0) {
                for (int b = 0; b < 8; b++) {
                    fingerprint = (fingerprint << 8) | in.readByte();
                }
            }
            LocalDate day = null;
            if ((flags & HAS_DAY) != 0) {
                long dayReference = periodEnd != null ? periodEnd.toEpochDay() : reference;
                day = epochDay(dayReference + in.readSigned());
            }
            standing.put(id, new Standing(type, severity, scope, period, periodEnd, runId, fingerprint, day));
        }
        if (!in.atEnd()) {
            throw CompactBytesIn.corrupt("trailing bytes after the AlertLog");
        }
        return AlertLog.restore(new AlertLog.Snapshot(latestDay, standing));
    }

    private static LocalDate epochDay(long day) {
        if (day < LocalDate.MIN.toEpochDay() || day > LocalDate.MAX.toEpochDay()) {
            throw CompactBytesIn.corrupt("AlertLog day " + day);
        }
        return LocalDate.ofEpochDay(day);
    }

    private static AlertSeverity storedSeverity(int code) {
        AlertSeverity severity = StoredEnumCodes.ALERT_SEVERITY.constant(code);
        if (severity == null) {
            throw new IllegalArgumentException("corrupt AlertLog bytes: unknown severity code " + code);
        }
        return severity;
    }

    private static Scope storedScope(int code) {
        Scope scope = SCOPE.constant(code);
        if (scope == null) {
            throw new IllegalArgumentException("corrupt AlertLog bytes: unknown scope code " + code);
        }
        return scope;
    }

    private static AlertType storedType(int code) {
        AlertType type = StoredEnumCodes.ALERT_TYPE.constant(code);
        if (type == null) {
            throw new IllegalArgumentException("corrupt AlertLog bytes: unknown alert type code " + code);
        }
        return type;
    }

    public static AlertLog decode(byte[] data) {
        if (data.length > 0 && data[0] == FORMAT_VERSION) {
            return decodeFormat3(data);
        }
        TreeMap<String, Standing> standing = new TreeMap<>();
        LocalDate latestDay;
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte version = in.readByte();
            if (version != FORMAT_VERSION_2 && version != FORMAT_VERSION_1) {
                throw new IllegalArgumentException("unknown AlertLog format version " + version);
            }
            latestDay = readDay(in);
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                String id = in.readUTF();
                if (version == FORMAT_VERSION_1) {
                    AlertSeverity severity = storedSeverity(in.readByte());
                    standing.put(id, new Standing(null, severity, Scope.UNKNOWN, null, null, null, 0, readDay(in)));
                    continue;
                }
                int type = in.readByte();
                AlertSeverity severity = storedSeverity(in.readByte());
                Scope scope = storedScope(in.readByte());
                String period = readText(in);
                LocalDate periodEnd = readDay(in);
                String runId = readText(in);
                long fingerprint = in.readLong();
                LocalDate day = readDay(in);
                standing.put(
                        id,
                        new Standing(
                                type < 0 ? null : storedType(type),
                                severity,
                                scope,
                                period,
                                periodEnd,
                                runId,
                                fingerprint,
                                day));
            }
            if (in.available() > 0) {
                throw new IllegalArgumentException("trailing bytes after the AlertLog");
            }
        } catch (IOException | ArrayIndexOutOfBoundsException | DateTimeException e) {
            throw new IllegalArgumentException("corrupt AlertLog bytes", e);
        }
        return AlertLog.restore(new AlertLog.Snapshot(latestDay, standing));
    }

    private static String readText(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static LocalDate readDay(DataInputStream in) throws IOException {
        return in.readBoolean() ? LocalDate.ofEpochDay(in.readInt()) : null;
    }
}
