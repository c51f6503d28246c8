package io.runload.state;

import io.runload.avro.AlertSeverity;
import io.runload.avro.AlertType;
import io.runload.domain.AlertLog;
import io.runload.domain.AlertLog.Scope;
import io.runload.domain.AlertLog.Standing;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/** The alert-log store value: format 2 written, formats 1 and 2 read. */
public final class AlertLogCodec {

    /** 1: id, severity and day only; 2: with what the alert is about, so it can be withdrawn. Both decode. */
    private static final byte FORMAT_VERSION = 2;

    private static final byte FORMAT_VERSION_1 = 1;

    /** Format 2 wrote a scope as its position in the declaration; the codes pin those positions. */
    static final StoredEnumCode<Scope> SCOPE =
            StoredEnumCode.of(Scope.class, Map.of(Scope.LIVE, 0, Scope.RUN, 1, Scope.WEEK, 2, Scope.UNKNOWN, 3));

    private AlertLogCodec() {}

    /**
     * Format 2: version; latest day; count; per entry its id, the alert's type (or -1), severity,
     * scope, period, period end, run id, fingerprint and retention day. Avro enums go by their
     * fixed codes in {@link StoredEnumCodes}, not by position, so a reordered schema cannot change them.
     */
    public static byte[] encode(AlertLog log) {
        AlertLog.Snapshot snapshot = log.snapshot();
        Map<String, Standing> standing = snapshot.standing();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + standing.size() * 96);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_VERSION);
            writeDay(out, snapshot.latestDay());
            out.writeInt(standing.size());
            for (Map.Entry<String, Standing> entry : standing.entrySet()) {
                Standing s = entry.getValue();
                out.writeUTF(entry.getKey());
                out.writeByte(s.type() == null ? -1 : StoredEnumCodes.ALERT_TYPE.code(s.type()));
                out.writeByte(StoredEnumCodes.ALERT_SEVERITY.code(s.severity()));
                out.writeByte(SCOPE.code(s.scope()));
                writeText(out, s.period());
                writeDay(out, s.periodEnd());
                writeText(out, s.runId());
                out.writeLong(s.fingerprint());
                writeDay(out, s.day());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
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
        TreeMap<String, Standing> standing = new TreeMap<>();
        LocalDate latestDay;
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte version = in.readByte();
            if (version != FORMAT_VERSION && version != FORMAT_VERSION_1) {
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
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("corrupt AlertLog bytes", e);
        }
        return AlertLog.restore(new AlertLog.Snapshot(latestDay, standing));
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        out.writeBoolean(text != null);
        if (text != null) {
            out.writeUTF(text);
        }
    }

    private static String readText(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void writeDay(DataOutputStream out, LocalDate day) throws IOException {
        out.writeBoolean(day != null);
        if (day != null) {
            out.writeInt((int) day.toEpochDay());
        }
    }

    private static LocalDate readDay(DataInputStream in) throws IOException {
        return in.readBoolean() ? LocalDate.ofEpochDay(in.readInt()) : null;
    }
}
