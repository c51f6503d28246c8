package io.runload.state;

import io.runload.avro.PlannedType;
import io.runload.avro.RunEvent;
import io.runload.avro.RunOp;
import io.runload.avro.Sport;
import io.runload.domain.MinuteBucket;
import io.runload.domain.RunHeartRateAccumulator;
import io.runload.domain.RunHeartRateRecord;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compact bytes of a {@link RunHeartRateRecord}, one per summarised run in the ledger window.
 *
 * <p>Format 3 (written) is format 2 with smaller minute buckets. A recording credits its heart rate
 * in steps of its sample interval, so every minute's four sums share a large divisor (10,000 at one
 * sample every 15 s, 1,000 at whole seconds), written once; and a minute is much like the one before,
 * so each is written as its difference from what the previous minute predicts: the same credited
 * time, the same mean bpm and the same pace. The benchmark's history runs take about 4 bytes a
 * minute instead of 12.
 *
 * <p>Format 2 (still read) keeps what format 1 kept in fewer bytes, and decodes to an equal record, so
 * re-scoring gives the very same effort. Ids that repeat one another (a run id that starts with the
 * athlete id, an external id that ends with the run id, a canonical UUID tail) are written as the
 * part that differs; enums as their pinned {@link StoredEnumCodes}; a start on a whole second in
 * seconds; distance and elevation as a short decimal when one gives back exactly the same double,
 * else as their 8 bytes. The histogram predicts each bin's credited milliseconds from the run's own
 * sample interval, stored once, so that a run recorded every second and one recorded every 15 s
 * both write a bin credited exactly that as its sample count alone (doubled, its low bit saying
 * whether a residual follows); and when the bins fill their bpm range densely it leaves out the bpm
 * steps, writing an empty bin as one zero byte instead.
 *
 * <p>Format 1 (still read) wrote every id and enum name as a string, each double in 8 bytes, and
 * credited milliseconds as the difference from one second per sample.
 */
public final class RunHeartRateRecordCodec {
    private static final byte FORMAT_VERSION = 3;
    private static final byte FORMAT_VERSION_2 = 2;
    private static final byte FORMAT_VERSION_1 = 1;

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
    /** Formats 2 and 3: the start is a whole second and is written in seconds. */
    private static final int START_IN_SECONDS = 1 << 10;
    /** Formats 2 and 3: the histogram is written as every bpm of its range, without bpm steps. */
    private static final int DENSE_HISTOGRAM = 1 << 11;
    /** Formats 2 and 3: athlete and run id are those of the store key, and are not repeated in the value. */
    private static final int IDS_FROM_KEY = 1 << 12;

    private static final int KNOWN_FLAGS_2 = (1 << 13) - 1;

    /** Format 3 minutes: every minute's speed is known for all of its heart-rate time, so that is not written. */
    private static final int SPEED_KNOWN_WITH_HEART_RATE = 1;

    /** How an id is spelled relative to an earlier one: the part that differs is all that is written. */
    private static final int ID_LITERAL = 0;

    private static final int ID_AFTER_REFERENCE = 1;
    private static final int ID_BEFORE_REFERENCE = 2;
    private static final int ID_UUID_TAIL = 3;

    /** A decimal written as a scaled integer has one of these scales; any other double keeps its 8 bytes. */
    private static final double[] DECIMAL_SCALES = {1, 10, 100, 1000};

    private static final int RAW_DOUBLE = DECIMAL_SCALES.length;

    private static final long MINUTE = 60_000L;
    private static final long DAY = 86_400_000L;

    private RunHeartRateRecordCodec() {}

    /** The record with its ids written out, for a reader that does not know its store key. */
    public static byte[] toBytes(RunHeartRateRecord record) {
        return toBytes(record, null, null);
    }

    /**
     * The record stored under the key of {@code keyAthleteId} and {@code keyRunId}: when the run's
     * own ids are those, they are left out of the value and {@link #fromBytes(byte[], String, String)}
     * takes them from the key again.
     */
    public static byte[] toBytes(RunHeartRateRecord record, String keyAthleteId, String keyRunId) {
        RunEvent event = record.event();
        boolean idsFromKey =
                event.getAthleteId().equals(keyAthleteId) && event.getRunId().equals(keyRunId);
        long start = event.getStartTime().toEpochMilli();
        boolean startInSeconds = Math.floorMod(start, 1000L) == 0;
        int bins = record.binCount();
        long interval = typicalIntervalMillis(record);
        boolean dense = bins > 0 && !hasEmptyBin(record) && denseCost(record, interval) < sparseCost(record, interval);
        CompactBytesOut out =
                new CompactBytesOut(96 + bins * 3 + record.minutes().size() * 8);
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
                | (record.outOfOrderSamples() ? OUT_OF_ORDER : 0)
                | (startInSeconds ? START_IN_SECONDS : 0)
                | (dense ? DENSE_HISTOGRAM : 0)
                | (idsFromKey ? IDS_FROM_KEY : 0);
        out.writeUnsigned(flags);
        if (!idsFromKey) {
            out.writeString(event.getAthleteId());
            writeId(out, event.getRunId(), event.getAthleteId());
        }
        out.writeString(event.getSource());
        writeId(out, event.getExternalId(), event.getRunId());
        out.writeByte(StoredEnumCodes.SPORT.code(event.getSport()));
        out.writeSigned(startInSeconds ? start / 1000L : start);
        if (event.getTimezone() != null) {
            out.writeString(event.getTimezone());
        }
        out.writeUnsigned(event.getDurationSec());
        if (event.getMovingTimeSec() != null) {
            // Moving time is at most the duration for any real recording; the zigzag also takes the rest.
            out.writeSigned((long) event.getDurationSec() - event.getMovingTimeSec());
        }
        writeDecimal(out, event.getDistanceMeters());
        if (event.getElevationGainMeters() != null) {
            writeDecimal(out, event.getElevationGainMeters());
        }
        if (event.getPlannedType() != null) {
            out.writeByte(StoredEnumCodes.PLANNED_TYPE.code(event.getPlannedType()));
        }
        if (event.getUpdatedAt() != null) {
            out.writeSigned(event.getUpdatedAt().toEpochMilli() - start);
        }
        out.writeSigned(record.localDate().toEpochDay() - Math.floorDiv(start, DAY));

        out.writeUnsigned(bins);
        if (bins > 0) {
            out.writeUnsigned(interval);
            out.writeUnsigned(record.binBpm(0) - RunHeartRateAccumulator.MIN_BPM);
            if (dense) {
                out.writeUnsigned(record.binBpm(bins - 1) - record.binBpm(0));
                int bin = 0;
                for (int bpm = record.binBpm(0); bpm <= record.binBpm(bins - 1); bpm++) {
                    if (record.binBpm(bin) == bpm) {
                        writeBin(out, record.binSamples(bin), record.binCreditedMillis(bin), interval);
                        bin++;
                    } else {
                        writeBin(out, 0, 0, interval);
                    }
                }
            } else {
                for (int i = 0; i < bins; i++) {
                    if (i > 0) {
                        out.writeUnsigned(record.binBpm(i) - record.binBpm(i - 1) - 1L);
                    }
                    writeBin(out, record.binSamples(i), record.binCreditedMillis(i), interval);
                }
            }
        }
        if (record.decouplingPct() != null) {
            writeDouble(out, record.decouplingPct());
        }
        if (record.efficiencyFactor() != null) {
            writeDouble(out, record.efficiencyFactor());
        }
        writePredictedMinutes(out, record.minutes(), start);
        return out.toByteArray();
    }

    /** Decodes a record that holds its own ids; corrupt or unknown bytes fail with an IllegalArgumentException. */
    public static RunHeartRateRecord fromBytes(byte[] bytes) {
        return fromBytes(bytes, null, null);
    }

    /**
     * Decodes a record of either format stored under the key of {@code keyAthleteId} and {@code
     * keyRunId}; corrupt or unknown bytes, or ids left to a key that is not given, fail with an
     * IllegalArgumentException.
     */
    public static RunHeartRateRecord fromBytes(byte[] bytes, String keyAthleteId, String keyRunId) {
        CompactBytesIn in = new CompactBytesIn(bytes);
        int version = in.readByte();
        if (version == FORMAT_VERSION_1) {
            return fromFormat1(in);
        }
        if (version != FORMAT_VERSION && version != FORMAT_VERSION_2) {
            throw CompactBytesIn.corrupt("unknown RunHeartRateRecord format " + version);
        }
        long flags = in.readUnsigned();
        if ((flags & ~KNOWN_FLAGS_2) != 0) {
            throw CompactBytesIn.corrupt("unknown RunHeartRateRecord flags " + flags);
        }
        String athleteId;
        String runId;
        if ((flags & IDS_FROM_KEY) != 0) {
            if (keyAthleteId == null || keyRunId == null) {
                throw CompactBytesIn.corrupt("RunHeartRateRecord takes its ids from a store key, and none is given");
            }
            athleteId = keyAthleteId;
            runId = keyRunId;
        } else {
            athleteId = in.readString();
            runId = readId(in, athleteId);
        }
        String source = in.readString();
        String externalId = readId(in, runId);
        RunEvent.Builder event = RunEvent.newBuilder()
                .setOp(RunOp.UPSERT)
                .setRunId(runId)
                .setAthleteId(athleteId)
                .setSource(source)
                .setExternalId(externalId)
                .setSport(stored(StoredEnumCodes.SPORT, in.readByte()));
        long start = in.readSigned();
        if ((flags & START_IN_SECONDS) != 0) {
            if (Math.abs(start) > Long.MAX_VALUE / 1000L) {
                throw CompactBytesIn.corrupt("start " + start + " s");
            }
            start *= 1000L;
        }
        event.setStartTime(Instant.ofEpochMilli(start));
        if ((flags & HAS_TIMEZONE) != 0) {
            event.setTimezone(in.readString());
        }
        int duration = in.readUnsignedInt();
        event.setDurationSec(duration);
        if ((flags & HAS_MOVING_TIME) != 0) {
            long moving = duration - in.readSigned();
            if (moving < 0 || moving > Integer.MAX_VALUE) {
                throw CompactBytesIn.corrupt("moving time " + moving);
            }
            event.setMovingTimeSec((int) moving);
        }
        event.setDistanceMeters(readDecimal(in));
        if ((flags & HAS_ELEVATION) != 0) {
            event.setElevationGainMeters(readDecimal(in));
        }
        if ((flags & HAS_PLANNED_TYPE) != 0) {
            event.setPlannedType(stored(StoredEnumCodes.PLANNED_TYPE, in.readByte()));
        }
        if ((flags & HAS_UPDATED_AT) != 0) {
            event.setUpdatedAt(Instant.ofEpochMilli(start + in.readSigned()));
        }
        LocalDate localDate = localDate(Math.floorDiv(start, DAY) + in.readSigned());

        int bins = in.readUnsignedInt();
        if (bins > RunHeartRateAccumulator.MAX_BPM - RunHeartRateAccumulator.MIN_BPM + 1) {
            throw CompactBytesIn.corrupt("histogram bin count " + bins);
        }
        int[] bpms = new int[bins];
        int[] samples = new int[bins];
        long[] millis = new long[bins];
        if (bins > 0) {
            long interval = in.readUnsigned();
            int bpm = checkedBpm(RunHeartRateAccumulator.MIN_BPM + in.readUnsigned());
            if ((flags & DENSE_HISTOGRAM) != 0) {
                int last = checkedBpm(bpm + in.readUnsigned());
                int bin = 0;
                for (; bpm <= last; bpm++) {
                    if (bin == bins) {
                        throw CompactBytesIn.corrupt("more histogram bins than " + bins);
                    }
                    readBin(in, samples, millis, bin, interval);
                    if (samples[bin] != 0 || millis[bin] != 0) {
                        bpms[bin] = bpm;
                        bin++;
                    }
                }
                if (bin != bins) {
                    throw CompactBytesIn.corrupt("histogram holds " + bin + " bins, not " + bins);
                }
            } else {
                for (int i = 0; i < bins; i++) {
                    if (i > 0) {
                        bpm = checkedBpm(bpm + 1L + in.readUnsigned());
                    }
                    bpms[i] = bpm;
                    readBin(in, samples, millis, i, interval);
                }
            }
        }
        Double decoupling = (flags & HAS_DECOUPLING) != 0 ? readDouble(in) : null;
        Double efficiency = (flags & HAS_EFFICIENCY_FACTOR) != 0 ? readDouble(in) : null;
        List<MinuteBucket> minutes = readMinutes(in, start, version == FORMAT_VERSION);
        return record(event, localDate, bpms, samples, millis, flags, decoupling, efficiency, minutes);
    }

    private static LocalDate localDate(long epochDay) {
        try {
            return LocalDate.ofEpochDay(epochDay);
        } catch (DateTimeException e) {
            throw CompactBytesIn.corrupt("local date " + epochDay);
        }
    }

    private static RunHeartRateRecord fromFormat1(CompactBytesIn in) {
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
        LocalDate localDate = localDate(Math.floorDiv(start, DAY) + in.readSigned());

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
        List<MinuteBucket> minutes = readMinutes(in, start, false);
        return record(event, localDate, bpms, samples, millis, flags, decoupling, efficiency, minutes);
    }

    private static RunHeartRateRecord record(
            RunEvent.Builder event,
            LocalDate localDate,
            int[] bpms,
            int[] samples,
            long[] millis,
            long flags,
            Double decoupling,
            Double efficiency,
            List<MinuteBucket> minutes) {
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

    /**
     * The credited milliseconds per sample that most samples' bins hold exactly: the interval the
     * device recorded at (1,000 at 1 Hz; the 10-second credit cap at 15 s), so most bins' residual
     * is zero. A run whose bins divide evenly nowhere falls back to the mean.
     */
    static long typicalIntervalMillis(RunHeartRateRecord record) {
        Map<Long, Long> samplesByInterval = new HashMap<>();
        long samples = 0;
        long millis = 0;
        for (int i = 0; i < record.binCount(); i++) {
            int count = record.binSamples(i);
            long credited = record.binCreditedMillis(i);
            samples += count;
            millis += credited;
            if (count > 0 && credited % count == 0) {
                samplesByInterval.merge(credited / count, (long) count, Long::sum);
            }
        }
        long best = samples == 0 || millis <= 0 ? 0 : Math.round(millis / (double) samples);
        long bestSamples = 0;
        for (Map.Entry<Long, Long> candidate : samplesByInterval.entrySet()) {
            if (candidate.getValue() > bestSamples
                    || (candidate.getValue() == bestSamples && candidate.getKey() < best)) {
                best = candidate.getKey();
                bestSamples = candidate.getValue();
            }
        }
        return best;
    }

    /**
     * A bin as its samples doubled, plus one when a residual follows: a bin credited exactly its
     * samples times the interval, the usual case, costs one varint (one byte up to 63 samples).
     */
    private static void writeBin(CompactBytesOut out, int samples, long creditedMillis, long interval) {
        long residual = creditedMillis - samples * interval;
        out.writeUnsigned(2L * samples + (residual != 0 ? 1 : 0));
        if (residual != 0) {
            out.writeSigned(residual);
        }
    }

    /** Reads a bin into {@code samples[bin]} and {@code millis[bin]}. */
    private static void readBin(CompactBytesIn in, int[] samples, long[] millis, int bin, long interval) {
        long head = in.readUnsigned();
        if (head >>> 1 > Integer.MAX_VALUE) {
            throw CompactBytesIn.corrupt("bin samples " + (head >>> 1));
        }
        samples[bin] = (int) (head >>> 1);
        millis[bin] = samples[bin] * interval + ((head & 1) != 0 ? in.readSigned() : 0);
    }

    /** A dense histogram writes a bpm without samples or credit as absent, so such a bin must go sparse. */
    private static boolean hasEmptyBin(RunHeartRateRecord record) {
        for (int i = 0; i < record.binCount(); i++) {
            if (record.binSamples(i) == 0 && record.binCreditedMillis(i) == 0) {
                return true;
            }
        }
        return false;
    }

    private static int sparseCost(RunHeartRateRecord record, long interval) {
        int bytes = 0;
        for (int i = 0; i < record.binCount(); i++) {
            if (i > 0) {
                bytes += varintLength(record.binBpm(i) - record.binBpm(i - 1) - 1L);
            }
            bytes += binCost(record.binSamples(i), record.binCreditedMillis(i), interval);
        }
        return bytes;
    }

    private static int denseCost(RunHeartRateRecord record, long interval) {
        int bins = record.binCount();
        int empty = record.binBpm(bins - 1) - record.binBpm(0) + 1 - bins;
        int bytes = varintLength(record.binBpm(bins - 1) - record.binBpm(0)) + empty;
        for (int i = 0; i < bins; i++) {
            bytes += binCost(record.binSamples(i), record.binCreditedMillis(i), interval);
        }
        return bytes;
    }

    private static int binCost(int samples, long creditedMillis, long interval) {
        long residual = creditedMillis - samples * interval;
        return varintLength(2L * samples + 1) + (residual != 0 ? varintLength((residual << 1) ^ (residual >> 63)) : 0);
    }

    private static int varintLength(long unsigned) {
        int bytes = 1;
        while ((unsigned & ~0x7FL) != 0) {
            unsigned >>>= 7;
            bytes++;
        }
        return bytes;
    }

    private static int checkedBpm(long bpm) {
        if (bpm > RunHeartRateAccumulator.MAX_BPM) {
            throw CompactBytesIn.corrupt("bpm " + bpm);
        }
        return (int) bpm;
    }

    /** Writes {@code id} as the part that differs from {@code reference}, or whole when nothing is shared. */
    private static void writeId(CompactBytesOut out, String id, String reference) {
        if (!reference.isEmpty() && id.length() > reference.length() && id.startsWith(reference)) {
            out.writeByte(ID_AFTER_REFERENCE);
            out.writeString(id.substring(reference.length()));
        } else if (!reference.isEmpty() && id.length() > reference.length() && id.endsWith(reference)) {
            out.writeByte(ID_BEFORE_REFERENCE);
            out.writeString(id.substring(0, id.length() - reference.length()));
        } else if (RunIdUuidTail.endsWithUuid(id)) {
            out.writeByte(ID_UUID_TAIL);
            out.writeString(RunIdUuidTail.head(id));
            RunIdUuidTail.write(out, id);
        } else {
            out.writeByte(ID_LITERAL);
            out.writeString(id);
        }
    }

    private static String readId(CompactBytesIn in, String reference) {
        int kind = in.readByte();
        return switch (kind) {
            case ID_LITERAL -> in.readString();
            case ID_AFTER_REFERENCE -> reference + in.readString();
            case ID_BEFORE_REFERENCE -> in.readString() + reference;
            case ID_UUID_TAIL -> in.readString() + RunIdUuidTail.read(in);
            default -> throw CompactBytesIn.corrupt("unknown id spelling " + kind);
        };
    }

    /**
     * A double that is exactly an integer count of thousandths or coarser (10000.0, 8423.5) as its
     * scale and that integer; the decoded value is checked at encode time to be the same double to
     * the bit, and anything else (a computed 7830.000000000001, -0.0, NaN) keeps its 8 bytes.
     */
    static void writeDecimal(CompactBytesOut out, double value) {
        for (int scale = 0; scale < DECIMAL_SCALES.length; scale++) {
            double scaled = value * DECIMAL_SCALES[scale];
            if (Math.abs(scaled) < 1e15 && scaled == Math.rint(scaled)) {
                long units = (long) scaled;
                if (Double.doubleToRawLongBits(units / DECIMAL_SCALES[scale]) == Double.doubleToRawLongBits(value)) {
                    out.writeByte(scale);
                    out.writeSigned(units);
                    return;
                }
            }
        }
        out.writeByte(RAW_DOUBLE);
        writeDouble(out, value);
    }

    static double readDecimal(CompactBytesIn in) {
        int scale = in.readByte();
        if (scale == RAW_DOUBLE) {
            return readDouble(in);
        }
        if (scale > RAW_DOUBLE) {
            throw CompactBytesIn.corrupt("unknown decimal scale " + scale);
        }
        return in.readSigned() / DECIMAL_SCALES[scale];
    }

    /**
     * Format 3 minutes: their count, the first one's start, the divisor all their sums share, and for
     * each minute its credited time, bpm sum, speed time and distance as differences from what the
     * minute before predicts. The prediction is the previous minute's mean applied to this minute's
     * time, rounded, so a steady stretch writes about one byte a field.
     */
    private static void writePredictedMinutes(CompactBytesOut out, List<MinuteBucket> minutes, long start) {
        out.writeUnsigned(minutes.size());
        if (minutes.isEmpty()) {
            return;
        }
        out.writeSigned(minutes.get(0).startMillis() - start);
        long unit = 0;
        boolean speedKnownWithHeartRate = true;
        for (MinuteBucket m : minutes) {
            unit = gcd(gcd(gcd(gcd(unit, m.hrMillis()), m.bpmMillis()), m.speedKnownMillis()), speedMicros(m));
            speedKnownWithHeartRate &= m.speedKnownMillis() == m.hrMillis();
        }
        unit = Math.max(unit, 1);
        out.writeUnsigned(unit);
        out.writeUnsigned(speedKnownWithHeartRate ? SPEED_KNOWN_WITH_HEART_RATE : 0);
        MinuteUnits previous = MinuteUnits.NONE;
        for (MinuteBucket m : minutes) {
            MinuteUnits current = new MinuteUnits(
                    m.hrMillis() / unit, m.bpmMillis() / unit, m.speedKnownMillis() / unit, speedMicros(m) / unit);
            out.writeSigned(current.hr - previous.hr);
            out.writeSigned(current.bpm - previous.bpmFor(current.hr));
            if (!speedKnownWithHeartRate) {
                out.writeSigned(current.speedKnown - current.hr);
            }
            out.writeSigned(current.speed - previous.speedFor(current.speedKnown));
            previous = current;
        }
    }

    /**
     * The minute buckets that end the record: their count and the first one's start, then the
     * minutes as format 3 predicts them or, for formats 1 and 2, as they are.
     */
    private static List<MinuteBucket> readMinutes(CompactBytesIn in, long start, boolean predicted) {
        int minuteCount = in.readUnsignedInt();
        if (minuteCount > RunHeartRateAccumulator.MAX_MINUTES) {
            throw CompactBytesIn.corrupt("minute bucket count " + minuteCount);
        }
        List<MinuteBucket> minutes = new ArrayList<>(minuteCount);
        if (minuteCount > 0) {
            long minuteStart = start + in.readSigned();
            if (predicted) {
                readPredictedMinutes(in, minuteCount, minuteStart, minutes);
            } else {
                readPlainMinutes(in, minuteCount, minuteStart, minutes);
            }
        }
        if (!in.atEnd()) {
            throw CompactBytesIn.corrupt("trailing bytes after RunHeartRateRecord");
        }
        return minutes;
    }

    private static void readPredictedMinutes(
            CompactBytesIn in, int minuteCount, long minuteStart, List<MinuteBucket> minutes) {
        long unit = in.readUnsigned();
        long minuteFlags = in.readUnsigned();
        if (unit <= 0 || (minuteFlags & ~SPEED_KNOWN_WITH_HEART_RATE) != 0) {
            throw CompactBytesIn.corrupt("minute buckets: unit " + unit + ", flags " + minuteFlags);
        }
        boolean speedKnownWithHeartRate = minuteFlags == SPEED_KNOWN_WITH_HEART_RATE;
        try {
            MinuteUnits previous = MinuteUnits.NONE;
            for (int m = 0; m < minuteCount; m++) {
                // Differences wrap as the writer's subtractions did, so every long comes back.
                long hr = previous.hr + in.readSigned();
                long bpm = previous.bpmFor(hr) + in.readSigned();
                long speedKnown = speedKnownWithHeartRate ? hr : hr + in.readSigned();
                long speed = previous.speedFor(speedKnown) + in.readSigned();
                previous = new MinuteUnits(hr, bpm, speedKnown, speed);
                minutes.add(new MinuteBucket(
                        minuteStart + m * MINUTE,
                        Math.multiplyExact(hr, unit),
                        Math.multiplyExact(bpm, unit),
                        Math.multiplyExact(speedKnown, unit),
                        Math.multiplyExact(speed, unit) / 1_000_000.0));
            }
        } catch (ArithmeticException e) {
            throw CompactBytesIn.corrupt("minute bucket out of range");
        }
    }

    /** speedMetres is an integer of speed mm/s times ms over 10^6, so this recovers that integer exactly. */
    private static long speedMicros(MinuteBucket m) {
        return Math.round(m.speedMetres() * 1_000_000.0);
    }

    private static long gcd(long a, long b) {
        a = Math.abs(a);
        b = Math.abs(b);
        while (b != 0) {
            long r = a % b;
            a = b;
            b = r;
        }
        return a;
    }

    /**
     * A minute's sums in the record's unit, and what they predict for the next minute: the same mean
     * bpm over its heart-rate time, and the same speed over its speed time.
     */
    private record MinuteUnits(long hr, long bpm, long speedKnown, long speed) {
        static final MinuteUnits NONE = new MinuteUnits(0, 0, 0, 0);

        long bpmFor(long nextHr) {
            return scaled(bpm, nextHr, hr);
        }

        long speedFor(long nextSpeedKnown) {
            return scaled(speed, nextSpeedKnown, speedKnown);
        }

        /**
         * {@code sum * to / from}, rounded half up; 0 without a previous time to scale from, or
         * when the product leaves the range of a long (no real minute comes near it). Writer and
         * reader compute it alike, so any prediction serves.
         */
        private static long scaled(long sum, long to, long from) {
            if (from <= 0 || from > Long.MAX_VALUE / 2) {
                return 0;
            }
            try {
                return Math.floorDiv(Math.addExact(Math.multiplyExact(Math.multiplyExact(sum, 2), to), from), 2 * from);
            } catch (ArithmeticException outOfRange) {
                return 0;
            }
        }
    }

    /** Formats 1 and 2: each minute's four sums as they are, against a full minute and its heart-rate time. */
    private static void readPlainMinutes(
            CompactBytesIn in, int minuteCount, long minuteStart, List<MinuteBucket> minutes) {
        for (int m = 0; m < minuteCount; m++) {
            long hrMillis = in.readSigned() + MINUTE;
            long bpmMillis = in.readUnsigned();
            long speedKnown = in.readSigned() + hrMillis;
            double speedMetres = in.readUnsigned() / 1_000_000.0;
            minutes.add(new MinuteBucket(minuteStart + m * MINUTE, hrMillis, bpmMillis, speedKnown, speedMetres));
        }
    }

    private static <E extends Enum<E>> E stored(StoredEnumCode<E> codes, int code) {
        E constant = codes.constant(code);
        if (constant == null) {
            throw CompactBytesIn.corrupt("unknown " + codes.type().getSimpleName() + " code " + code);
        }
        return constant;
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
