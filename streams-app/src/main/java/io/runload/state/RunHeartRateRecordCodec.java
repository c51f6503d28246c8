package io.runload.state;

import io.runload.avro.PlannedType;
import io.runload.avro.RunEvent;
import io.runload.avro.RunOp;
import io.runload.avro.Sport;
import io.runload.domain.MinuteBucket;
import io.runload.domain.RunHeartRateAccumulator;
import io.runload.domain.RunHeartRateRecord;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Compact bytes of a {@link RunHeartRateRecord}, one per summarised run in the ledger window.
 * Integers are varints, and each is written as the difference from what 1 Hz recording makes
 * likely: a histogram bin as the bpm step from the previous bin, its samples, and its credited
 * milliseconds less one second per sample (zigzag), so a regular bin costs three bytes; the local
 * date as days from the UTC day of the start; minute buckets (kept only for runs a fill may need
 * them for) as milliseconds less a full minute. Enum symbols are stored by name, which survives
 * symbols added to the schema in any position.
 */
public final class RunHeartRateRecordCodec {
    private static final byte FORMAT_VERSION = 1;

    private static final int HAS_TIMEZONE = 1;
    private static final int HAS_MOVING_TIME = 1 << 1;
    private static final int HAS_ELEVATION = 1 << 2;
    private static final int HAS_PLANNED_TYPE = 1 << 3;
    private static final int HAS_UPDATED_AT = 1 << 4;
    private static final int HAS_DECOUPLING = 1 << 5;
    private static final int HAS_EFFICIENCY_FACTOR = 1 << 6;
    private static final int HR_JUMPS = 1 << 7;
    private static final int CADENCE_LOCK = 1 << 8;
    private static final int OUT_OF_ORDER = 1 << 9;
    private static final int KNOWN_FLAGS = (1 << 10) - 1;

    private static final long MINUTE = 60_000L;
    private static final long DAY = 86_400_000L;

    private RunHeartRateRecordCodec() {}

    public static byte[] toBytes(RunHeartRateRecord record) {
        RunEvent event = record.event();
        CompactBytesOut out = new CompactBytesOut(
                128 + record.binCount() * 3 + record.minutes().size() * 16);
        out.writeByte(FORMAT_VERSION);
        int flags = (event.getTimezone() != null ? HAS_TIMEZONE : 0)
                | (event.getMovingTimeSec() != null ? HAS_MOVING_TIME : 0)
                | (event.getElevationGainMeters() != null ? HAS_ELEVATION : 0)
                | (event.getPlannedType() != null ? HAS_PLANNED_TYPE : 0)
                | (event.getUpdatedAt() != null ? HAS_UPDATED_AT : 0)
                | (record.decouplingPct() != null ? HAS_DECOUPLING : 0)
                | (record.efficiencyFactor() != null ? HAS_EFFICIENCY_FACTOR : 0)
                | (record.hrJumps() ? HR_JUMPS : 0)
                | (record.cadenceLock() ? CADENCE_LOCK : 0)
                | (record.outOfOrderSamples() ? OUT_OF_ORDER : 0);
        out.writeUnsigned(flags);
        out.writeString(event.getRunId());
        out.writeString(event.getAthleteId());
        out.writeString(event.getSource());
        out.writeString(event.getExternalId());
        out.writeString(event.getSport().name());
        long start = event.getStartTime().toEpochMilli();
        out.writeSigned(start);
        if (event.getTimezone() != null) {
            out.writeString(event.getTimezone());
        }
        out.writeUnsigned(event.getDurationSec());
        if (event.getMovingTimeSec() != null) {
            out.writeUnsigned(event.getMovingTimeSec());
        }
        writeDouble(out, event.getDistanceMeters());
        if (event.getElevationGainMeters() != null) {
            writeDouble(out, event.getElevationGainMeters());
        }
        if (event.getPlannedType() != null) {
            out.writeString(event.getPlannedType().name());
        }
        if (event.getUpdatedAt() != null) {
            out.writeSigned(event.getUpdatedAt().toEpochMilli() - start);
        }
        out.writeSigned(record.localDate().toEpochDay() - Math.floorDiv(start, DAY));

        out.writeUnsigned(record.binCount());
        int previous = RunHeartRateAccumulator.MIN_BPM;
        for (int i = 0; i < record.binCount(); i++) {
            out.writeUnsigned(record.binBpm(i) - previous);
            out.writeUnsigned(record.binSamples(i));
            out.writeSigned(record.binCreditedMillis(i) - record.binSamples(i) * 1000L);
            previous = record.binBpm(i);
        }
        if (record.decouplingPct() != null) {
            writeDouble(out, record.decouplingPct());
        }
        if (record.efficiencyFactor() != null) {
            writeDouble(out, record.efficiencyFactor());
        }

        List<MinuteBucket> minutes = record.minutes();
        out.writeUnsigned(minutes.size());
        if (!minutes.isEmpty()) {
            out.writeSigned(minutes.get(0).startMillis() - start);
        }
        for (MinuteBucket m : minutes) {
            out.writeSigned(m.hrMillis() - MINUTE);
            out.writeUnsigned(m.bpmMillis());
            out.writeSigned(m.speedKnownMillis() - m.hrMillis());
            // speedMetres is an integer of speed mm/s times ms over 10^6, so this recovers it exactly.
            out.writeUnsigned(Math.round(m.speedMetres() * 1_000_000.0));
        }
        return out.toByteArray();
    }

    /** Decodes a record; corrupt or unknown bytes fail with an IllegalArgumentException. */
    public static RunHeartRateRecord fromBytes(byte[] bytes) {
        CompactBytesIn in = new CompactBytesIn(bytes);
        int version = in.readByte();
        if (version != FORMAT_VERSION) {
            throw CompactBytesIn.corrupt("unknown RunHeartRateRecord format " + version);
        }
        long flags = in.readUnsigned();
        if ((flags & ~KNOWN_FLAGS) != 0) {
            throw CompactBytesIn.corrupt("unknown RunHeartRateRecord flags " + flags);
        }
        RunEvent.Builder event = RunEvent.newBuilder()
                .setOp(RunOp.UPSERT)
                .setRunId(in.readString())
                .setAthleteId(in.readString())
                .setSource(in.readString())
                .setExternalId(in.readString())
                .setSport(symbol(Sport.class, in.readString()));
        long start = in.readSigned();
        event.setStartTime(Instant.ofEpochMilli(start));
        if ((flags & HAS_TIMEZONE) != 0) {
            event.setTimezone(in.readString());
        }
        event.setDurationSec(in.readUnsignedInt());
        if ((flags & HAS_MOVING_TIME) != 0) {
            event.setMovingTimeSec(in.readUnsignedInt());
        }
        event.setDistanceMeters(readDouble(in));
        if ((flags & HAS_ELEVATION) != 0) {
            event.setElevationGainMeters(readDouble(in));
        }
        if ((flags & HAS_PLANNED_TYPE) != 0) {
            event.setPlannedType(symbol(PlannedType.class, in.readString()));
        }
        if ((flags & HAS_UPDATED_AT) != 0) {
            event.setUpdatedAt(Instant.ofEpochMilli(start + in.readSigned()));
        }
        LocalDate localDate = LocalDate.ofEpochDay(Math.floorDiv(start, DAY) + in.readSigned());

        int bins = in.readUnsignedInt();
        if (bins > RunHeartRateAccumulator.MAX_BPM - RunHeartRateAccumulator.MIN_BPM + 1) {
            throw CompactBytesIn.corrupt("histogram bin count " + bins);
        }
        int[] bpms = new int[bins];
        int[] samples = new int[bins];
        long[] millis = new long[bins];
        int bpm = RunHeartRateAccumulator.MIN_BPM;
        for (int i = 0; i < bins; i++) {
            bpm += in.readUnsignedInt();
            if (bpm > RunHeartRateAccumulator.MAX_BPM) {
                throw CompactBytesIn.corrupt("bpm " + bpm);
            }
            bpms[i] = bpm;
            samples[i] = in.readUnsignedInt();
            millis[i] = in.readSigned() + samples[i] * 1000L;
        }
        Double decoupling = (flags & HAS_DECOUPLING) != 0 ? readDouble(in) : null;
        Double efficiency = (flags & HAS_EFFICIENCY_FACTOR) != 0 ? readDouble(in) : null;

        int minuteCount = in.readUnsignedInt();
        if (minuteCount > RunHeartRateAccumulator.MAX_MINUTES) {
            throw CompactBytesIn.corrupt("minute bucket count " + minuteCount);
        }
        List<MinuteBucket> minutes = new ArrayList<>(minuteCount);
        long minuteStart = minuteCount > 0 ? start + in.readSigned() : 0;
        for (int m = 0; m < minuteCount; m++) {
            long hrMillis = in.readSigned() + MINUTE;
            long bpmMillis = in.readUnsigned();
            long speedKnown = in.readSigned() + hrMillis;
            double speedMetres = in.readUnsigned() / 1_000_000.0;
            minutes.add(new MinuteBucket(minuteStart + m * MINUTE, hrMillis, bpmMillis, speedKnown, speedMetres));
        }
        if (!in.atEnd()) {
            throw CompactBytesIn.corrupt("trailing bytes after RunHeartRateRecord");
        }
        try {
            return new RunHeartRateRecord(
                    event.build(),
                    localDate,
                    bpms,
                    samples,
                    millis,
                    (flags & HR_JUMPS) != 0,
                    (flags & CADENCE_LOCK) != 0,
                    (flags & OUT_OF_ORDER) != 0,
                    decoupling,
                    efficiency,
                    minutes);
        } catch (RuntimeException e) {
            throw CompactBytesIn.corrupt("RunHeartRateRecord: " + e.getMessage());
        }
    }

    private static void writeDouble(CompactBytesOut out, double value) {
        long bits = Double.doubleToRawLongBits(value);
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.writeByte((int) (bits >>> shift) & 0xFF);
        }
    }

    private static double readDouble(CompactBytesIn in) {
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits = (bits << 8) | in.readByte();
        }
        return Double.longBitsToDouble(bits);
    }

    private static <E extends Enum<E>> E symbol(Class<E> type, String name) {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw CompactBytesIn.corrupt("unknown " + type.getSimpleName() + " symbol " + name);
        }
    }
}
