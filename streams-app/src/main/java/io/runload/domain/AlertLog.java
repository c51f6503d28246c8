package io.runload.domain;

import io.runload.avro.AlertSeverity;
import io.runload.avro.AlertType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Alerts already sent to one athlete, so that the same condition is announced once per period
 * and again only when it gets worse. Bounded by age and by count.
 */
public final class AlertLog {

    /** Longer than any period an alert can be raised for (the ledger holds 56 days). */
    public static final int RETENTION_DAYS = 90;
    /** Hard cap in case an athlete produces alerts faster than retention removes them. */
    public static final int MAX_ENTRIES = 512;

    private static final byte FORMAT_VERSION = 1;

    private record Sent(AlertSeverity severity, LocalDate day) {
    }

    private final TreeMap<String, Sent> sent = new TreeMap<>();
    private LocalDate latestDay;

    /** The same (athlete, type, period) always yields the same id: consumers dedup on it. */
    public static String alertId(String athleteId, AlertType type, String period) {
        String name = athleteId + "|" + type.name() + "|" + period;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * True for an id not sent yet, or for a strictly higher severity than the one sent; the
     * alert is then recorded as sent on {@code day}. Entries older than the retention are dropped.
     */
    public boolean shouldEmit(String alertId, AlertSeverity severity, LocalDate day) {
        if (day != null && (latestDay == null || day.isAfter(latestDay))) {
            latestDay = day;
            prune(day);
        }
        Sent previous = sent.get(alertId);
        if (previous != null && severity.compareTo(previous.severity()) <= 0) {
            return false;
        }
        sent.put(alertId, new Sent(severity, day != null ? day : latestDay));
        enforceCap();
        return true;
    }

    /**
     * As {@link #shouldEmit(String, AlertSeverity, LocalDate)}, dated with the latest day this log
     * has seen; an entry recorded before any dated call is dated at the next prune.
     */
    public boolean shouldEmit(String alertId, AlertSeverity severity) {
        return shouldEmit(alertId, severity, null);
    }

    /** Drops entries recorded more than {@link #RETENTION_DAYS} before {@code today}. */
    public void prune(LocalDate today) {
        LocalDate cutoff = today.minusDays(RETENTION_DAYS);
        sent.replaceAll((id, s) -> s.day() == null ? new Sent(s.severity(), today) : s);
        sent.values().removeIf(s -> s.day().isBefore(cutoff));
    }

    public int size() {
        return sent.size();
    }

    public boolean contains(String alertId) {
        return sent.containsKey(alertId);
    }

    private void enforceCap() {
        while (sent.size() > MAX_ENTRIES) {
            String oldest = sent.entrySet().stream()
                    .min(Comparator.comparing((Map.Entry<String, Sent> e) ->
                                    e.getValue().day() == null ? LocalDate.MIN : e.getValue().day())
                            .thenComparing(Map.Entry::getKey))
                    .orElseThrow()
                    .getKey();
            sent.remove(oldest);
        }
    }

    // ---- codec: a RocksDB store value ----

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + sent.size() * 48);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_VERSION);
            writeDay(out, latestDay);
            out.writeInt(sent.size());
            for (Map.Entry<String, Sent> entry : sent.entrySet()) {
                out.writeUTF(entry.getKey());
                out.writeByte(entry.getValue().severity().ordinal());
                writeDay(out, entry.getValue().day());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static AlertLog fromBytes(byte[] data) {
        AlertLog log = new AlertLog();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte version = in.readByte();
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException("unknown AlertLog format version " + version);
            }
            log.latestDay = readDay(in);
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                String id = in.readUTF();
                AlertSeverity severity = AlertSeverity.values()[in.readByte()];
                log.sent.put(id, new Sent(severity, readDay(in)));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt AlertLog bytes", e);
        }
        return log;
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
