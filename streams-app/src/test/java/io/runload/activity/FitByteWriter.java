package io.runload.activity;

import io.runload.activity.SyntheticActivities.Point;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a FIT file byte by byte from the FIT protocol, for layouts the Garmin SDK's encoder never
 * produces: it always writes a full timestamp field, while many watches send records behind
 * compressed-timestamp headers. Little-endian throughout; no developer fields.
 */
final class FitByteWriter {

    /** Base type numbers from the protocol's base type table. */
    static final int ENUM = 0x00;

    static final int UINT8 = 0x02;
    static final int UINT16 = 0x84;
    static final int UINT32 = 0x86;
    static final int UINT32Z = 0x8C;

    static final int TIMESTAMP_FIELD = 253;
    /** Seconds from the Unix epoch to FIT's 1989-12-31T00:00:00Z. */
    static final long FIT_EPOCH_UNIX_SECONDS = 631_065_600L;

    private static final int HEADER_SIZE = 14;
    private static final int PROTOCOL_VERSION_2_0 = 0x20;
    private static final int PROFILE_VERSION = 2171;
    private static final int DEFINITION_BIT = 0x40;
    private static final int COMPRESSED_TIMESTAMP_BIT = 0x80;
    private static final int OFFSET_MASK = 0x1F;

    record FieldDef(int number, int size, int baseType) {}

    private final ByteArrayOutputStream data = new ByteArrayOutputStream();
    private final Map<Integer, List<FieldDef>> definitions = new HashMap<>();
    private long lastTimestamp = -1;

    static long fitSeconds(Instant time) {
        return time.getEpochSecond() - FIT_EPOCH_UNIX_SECONDS;
    }

    /** A definition message: binds a local message type (0-15) to a global message and its field layout. */
    FitByteWriter define(int localType, int globalMessage, FieldDef... fields) {
        data.write(DEFINITION_BIT | localType);
        data.write(0); // reserved
        data.write(0); // architecture: little endian
        writeLittleEndian(globalMessage, 2);
        data.write(fields.length);
        for (FieldDef f : fields) {
            data.write(f.number());
            data.write(f.size());
            data.write(f.baseType());
        }
        definitions.put(localType, List.of(fields));
        return this;
    }

    /** A data message behind a normal header; a timestamp field in it resets the compressed-time base. */
    FitByteWriter message(int localType, long... values) {
        data.write(localType);
        List<FieldDef> fields = fieldsOf(localType, values);
        for (int i = 0; i < values.length; i++) {
            if (fields.get(i).number() == TIMESTAMP_FIELD) {
                lastTimestamp = values[i];
            }
        }
        writeValues(fields, values);
        return this;
    }

    /**
     * A data message behind a compressed-timestamp header: bit 7 set, local type (0-3) in bits 5-6, and
     * the low 5 bits of its time in bits 0-4. A reader adds (offset - previous offset) mod 32 to the
     * last time it saw, so the message must come less than 32 s after it.
     */
    FitByteWriter compressed(int localType, long fitTimestamp, long... values) {
        if (localType > 3) {
            throw new IllegalArgumentException("compressed headers carry local types 0-3 only, not " + localType);
        }
        long gap = fitTimestamp - lastTimestamp;
        if (lastTimestamp < 0 || gap < 0 || gap > OFFSET_MASK) {
            throw new IllegalArgumentException("a compressed timestamp must follow a known time by 0-31 s, gap " + gap);
        }
        data.write(COMPRESSED_TIMESTAMP_BIT | localType << 5 | (int) (fitTimestamp & OFFSET_MASK));
        lastTimestamp = fitTimestamp;
        writeValues(fieldsOf(localType, values), values);
        return this;
    }

    /** The 14-byte header (with its CRC), the messages, and the CRC over everything before it. */
    byte[] file() {
        byte[] body = data.toByteArray();
        byte[] file = new byte[HEADER_SIZE + body.length + 2];
        file[0] = HEADER_SIZE;
        file[1] = PROTOCOL_VERSION_2_0;
        putLittleEndian(file, 2, PROFILE_VERSION, 2);
        putLittleEndian(file, 4, body.length, 4);
        file[8] = '.';
        file[9] = 'F';
        file[10] = 'I';
        file[11] = 'T';
        putLittleEndian(file, 12, FitCrc.of(file, 0, 12), 2);
        System.arraycopy(body, 0, file, HEADER_SIZE, body.length);
        putLittleEndian(file, file.length - 2, FitCrc.of(file, 0, file.length - 2), 2);
        return file;
    }

    /**
     * A single-session run: file_id, then records where the first point and the points at
     * {@code fullTimestampSeconds} carry a full timestamp and every other point a compressed-timestamp
     * header, then lap, session (running) and activity. Null point values are written as FIT's
     * all-ones "invalid" value; distance accumulates from each point's speed.
     */
    static byte[] runWithCompressedTimestamps(Instant start, List<Point> points, Set<Integer> fullTimestampSeconds) {
        long t0 = fitSeconds(start);
        int duration = points.get(points.size() - 1).second();
        FitByteWriter fit = new FitByteWriter();
        fit.define(
                0,
                0,
                new FieldDef(0, 1, ENUM),
                new FieldDef(1, 2, UINT16),
                new FieldDef(2, 2, UINT16),
                new FieldDef(3, 4, UINT32Z),
                new FieldDef(4, 4, UINT32));
        fit.message(0, 4 /* activity */, 255 /* development */, 1, 12345, t0);
        FieldDef heartRate = new FieldDef(3, 1, UINT8);
        FieldDef distance = new FieldDef(5, 4, UINT32);
        FieldDef speed = new FieldDef(6, 2, UINT16);
        FieldDef cadence = new FieldDef(4, 1, UINT8);
        fit.define(1, 20, new FieldDef(TIMESTAMP_FIELD, 4, UINT32), heartRate, distance, speed, cadence);
        fit.define(2, 20, heartRate, distance, speed, cadence);
        double meters = 0;
        Point previous = null;
        for (Point p : points) {
            if (previous != null && previous.speedMps() != null) {
                meters += previous.speedMps() * (p.second() - previous.second());
            }
            long hr = p.bpm() == null ? 0xFF : p.bpm();
            long centimeters = Math.round(meters * 100);
            long mmPerSecond = p.speedMps() == null ? 0xFFFF : Math.round(p.speedMps() * 1000);
            long rpm = p.cadenceRpm() == null ? 0xFF : p.cadenceRpm();
            if (previous == null || fullTimestampSeconds.contains(p.second())) {
                fit.message(1, t0 + p.second(), hr, centimeters, mmPerSecond, rpm);
            } else {
                fit.compressed(2, t0 + p.second(), hr, centimeters, mmPerSecond, rpm);
            }
            previous = p;
        }
        long end = t0 + duration;
        long elapsedMillis = duration * 1000L;
        long totalCentimeters = Math.round(meters * 100);
        // lap and session: timestamp, start_time, total_elapsed_time, total_timer_time (ms), total_distance (cm),
        // event (lap = 9, session = 8), event_type (stop = 1)
        FieldDef[] summary = {
            new FieldDef(TIMESTAMP_FIELD, 4, UINT32),
            new FieldDef(2, 4, UINT32),
            new FieldDef(7, 4, UINT32),
            new FieldDef(8, 4, UINT32),
            new FieldDef(9, 4, UINT32),
            new FieldDef(0, 1, ENUM),
            new FieldDef(1, 1, ENUM)
        };
        fit.define(3, 19, summary);
        fit.message(3, end, t0, elapsedMillis, elapsedMillis, totalCentimeters, 9, 1);
        FieldDef[] session = java.util.Arrays.copyOf(summary, summary.length + 2);
        session[summary.length] = new FieldDef(5, 1, ENUM); // sport: running = 1
        session[summary.length + 1] = new FieldDef(6, 1, ENUM); // sub_sport: generic = 0
        fit.define(0, 18, session);
        fit.message(0, end, t0, elapsedMillis, elapsedMillis, totalCentimeters, 8, 1, 1, 0);
        // activity: timestamp, total_timer_time, num_sessions, type (manual = 0), event (activity = 26), event_type
        fit.define(
                1,
                34,
                new FieldDef(TIMESTAMP_FIELD, 4, UINT32),
                new FieldDef(0, 4, UINT32),
                new FieldDef(1, 2, UINT16),
                new FieldDef(2, 1, ENUM),
                new FieldDef(3, 1, ENUM),
                new FieldDef(4, 1, ENUM));
        fit.message(1, end, elapsedMillis, 1, 0, 26, 1);
        return fit.file();
    }

    private List<FieldDef> fieldsOf(int localType, long[] values) {
        List<FieldDef> fields = definitions.get(localType);
        if (fields == null || fields.size() != values.length) {
            throw new IllegalArgumentException("local type " + localType + " is defined with "
                    + (fields == null ? "no" : fields.size()) + " fields, got " + values.length + " values");
        }
        return fields;
    }

    private void writeValues(List<FieldDef> fields, long[] values) {
        for (int i = 0; i < values.length; i++) {
            writeLittleEndian(values[i], fields.get(i).size());
        }
    }

    private void writeLittleEndian(long value, int size) {
        for (int i = 0; i < size; i++) {
            data.write((int) (value >>> (8 * i)) & 0xFF);
        }
    }

    private static void putLittleEndian(byte[] target, int at, long value, int size) {
        for (int i = 0; i < size; i++) {
            target[at + i] = (byte) (value >>> (8 * i));
        }
    }
}
