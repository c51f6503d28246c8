package io.runload.state;

import io.runload.avro.IntensityClass;
import io.runload.avro.PlannedType;
import io.runload.avro.RunStatus;
import io.runload.avro.Sport;
import io.runload.domain.LedgerRun;
import io.runload.domain.LoadChains;
import io.runload.domain.RunStatusChange;
import io.runload.domain.TrainingLedger;
import io.runload.domain.UploadKey;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The training-ledger store value: format 2 written, formats 1 and 2 read. */
public final class TrainingLedgerCodec {

    private TrainingLedgerCodec() {}

    /** 2^52: below it every whole number of steps is an exact double. */
    private static final double MAX_EXACT_STEPS = 4.503599627370496E15;

    private static final int SEED_VALUES = 4 + TrainingLedger.FOLDED_TAIL_DAYS;

    /** 1: fixed-width fields and the ids as strings; 2: compact (see {@link #encode}). Both decode. */
    private static final byte FORMAT_VERSION = 2;

    private static final byte FORMAT_VERSION_1 = 1;
    /** Distance is kept exactly: the fewest decimals (up to mm) that represent it exactly are written. */
    private static final int DISTANCE_MAX_DECIMALS = 3;

    // Shape bits of a v2 entry. Enums go by their StoredEnumCodes code in fixed-width slots; a
    // code beyond its slot fails the encode (a new format version is then due) instead of
    // corrupting the value.
    private static final int STATUS_SHIFT = 0;
    private static final int STATUS_BITS = 2;
    private static final int INTENSITY_SHIFT = 2;
    private static final int PLANNED_SHIFT = 5;
    private static final int SPORT_SHIFT = 8;
    private static final int ENUM_BITS = 3;
    private static final int SHAPE_ESTIMATED = 1 << 11;
    private static final int SHAPE_EF = 1 << 12;
    private static final int SHAPE_DUPLICATE_OF = 1 << 13;

    /**
     * Format 2, all integers as varints: version; a non-empty flag; latest day (epoch day) and
     * history start as days before it; the 10 chain seed and folded-tail values, a bit mask of
     * the non-zero ones then those as raw doubles; the athlete's sources, once each; then the
     * entries in runId order. An entry's runId is front-coded (length shared with the previous
     * id, then the rest), with a canonical UUID at its end as 16 bytes; source is an index into
     * the source list; the external id is its 8-byte {@link UploadKey}; the day is counted back
     * from the latest day, the start is an offset from the day's UTC midnight (in whole seconds
     * when it has no millis), moving and HR seconds are differences from the duration; load, EF
     * and coverage are whole steps of their stored resolution and distance has the fewest exact
     * decimals, each with a raw-double escape. duplicateOf is the keeper's entry index.
     */
    public static byte[] encode(TrainingLedger ledger) {
        TrainingLedger.Snapshot snapshot = ledger.snapshot();
        List<RunStatusChange> entries = snapshot.entries();
        LocalDate latestDay = snapshot.latestDay();
        CompactBytesOut out = new CompactBytesOut(64 + entries.size() * 40);
        out.writeByte(FORMAT_VERSION);
        out.writeByte(latestDay != null ? 1 : 0);
        if (latestDay == null) {
            return out.toByteArray();
        }
        out.writeSigned(latestDay.toEpochDay());
        out.writeUnsigned(ChronoUnit.DAYS.between(snapshot.historyStart(), latestDay));
        double[] seedValues = seedValues(snapshot);
        int nonZero = 0;
        for (int i = 0; i < seedValues.length; i++) {
            if (Double.doubleToRawLongBits(seedValues[i]) != 0) {
                nonZero |= 1 << i;
            }
        }
        out.writeUnsigned(nonZero);
        for (int i = 0; i < seedValues.length; i++) {
            if ((nonZero & (1 << i)) != 0) {
                writeFixedLong(out, Double.doubleToRawLongBits(seedValues[i]));
            }
        }
        List<String> sources = new ArrayList<>();
        Map<String, Integer> sourceIndex = new HashMap<>();
        Map<String, Integer> entryIndex = new HashMap<>();
        for (RunStatusChange entry : entries) {
            if (sourceIndex.putIfAbsent(entry.run().source(), sources.size()) == null) {
                sources.add(entry.run().source());
            }
            entryIndex.put(entry.run().runId(), entryIndex.size());
        }
        out.writeUnsigned(sources.size());
        sources.forEach(out::writeString);
        out.writeUnsigned(entries.size());
        String previousHead = "";
        for (RunStatusChange entry : entries) {
            previousHead = writeEntry(out, entry, latestDay, previousHead, sourceIndex, entryIndex);
        }
        return out.toByteArray();
    }

    public static TrainingLedger decode(byte[] data) {
        if (data.length == 0) {
            throw CompactBytesIn.corrupt("empty TrainingLedger value");
        }
        return switch (data[0]) {
            case FORMAT_VERSION -> readV2(new CompactBytesIn(data));
            case FORMAT_VERSION_1 -> readV1(data);
            default -> throw new IllegalArgumentException("unknown TrainingLedger format version " + data[0]);
        };
    }

    private static double[] seedValues(TrainingLedger.Snapshot snapshot) {
        LoadChains seed = snapshot.seed();
        double[] values = new double[SEED_VALUES];
        values[0] = seed.ctl();
        values[1] = seed.atl();
        values[2] = seed.acuteEwma();
        values[3] = seed.chronicEwma();
        System.arraycopy(snapshot.foldedTail(), 0, values, 4, TrainingLedger.FOLDED_TAIL_DAYS);
        return values;
    }

    /** Writes one entry; returns the text part of its run id, which the next id is front-coded against. */
    private static String writeEntry(
            CompactBytesOut out,
            RunStatusChange entry,
            LocalDate latestDay,
            String previousHead,
            Map<String, Integer> sourceIndex,
            Map<String, Integer> entryIndex) {
        LedgerRun run = entry.run();
        boolean uuidTail = RunIdUuidTail.endsWithUuid(run.runId());
        String head = uuidTail ? RunIdUuidTail.head(run.runId()) : run.runId();
        int shared = sharedPrefix(previousHead, head);
        out.writeUnsigned((long) shared << 1 | (uuidTail ? 1 : 0));
        out.writeString(head.substring(shared));
        if (uuidTail) {
            RunIdUuidTail.write(out, run.runId());
        }
        int shape = slot(StoredEnumCodes.RUN_STATUS.code(entry.status()), STATUS_BITS, STATUS_SHIFT)
                | slot(StoredEnumCodes.INTENSITY.code(run.intensity()), ENUM_BITS, INTENSITY_SHIFT)
                | slot(
                        run.plannedType() == null ? 0 : StoredEnumCodes.PLANNED_TYPE.code(run.plannedType()) + 1,
                        ENUM_BITS,
                        PLANNED_SHIFT)
                | slot(StoredEnumCodes.SPORT.code(run.sport()), ENUM_BITS, SPORT_SHIFT)
                | (run.loadEstimated() ? SHAPE_ESTIMATED : 0)
                | (run.efficiencyFactor() != null ? SHAPE_EF : 0)
                | (entry.duplicateOf() != null ? SHAPE_DUPLICATE_OF : 0);
        out.writeUnsigned(shape);
        out.writeUnsigned(sourceIndex.get(run.source()));
        writeFixedLong(out, run.uploadKey());
        out.writeSigned(ChronoUnit.DAYS.between(run.localDate(), latestDay));
        long offset = run.startMillis() - run.localDate().toEpochDay() * 86_400_000L;
        out.writeSigned(offset % 1000 == 0 ? (offset / 1000) * 2 : offset * 2 + 1);
        out.writeUnsigned(run.durationSec());
        out.writeSigned((long) run.durationSec() - run.movingTimeSec());
        writeExactDecimal(out, run.distanceMeters(), DISTANCE_MAX_DECIMALS);
        writeDecimal(out, run.load(), TrainingLedger.LOAD_SCALE);
        out.writeSigned(run.durationSec() - run.hrSeconds());
        out.writeUnsigned(run.hrSeconds() - run.easySeconds());
        if (run.efficiencyFactor() != null) {
            writeDecimal(out, run.efficiencyFactor(), TrainingLedger.EF_SCALE);
        }
        writeDecimal(out, run.hrCoverage(), TrainingLedger.COVERAGE_SCALE);
        if (entry.duplicateOf() != null) {
            Integer keeper = entryIndex.get(entry.duplicateOf());
            // The keeper is always held (prune drops duplicates with their keeper); the string
            // form only keeps the codec total.
            out.writeUnsigned(keeper == null ? 0 : keeper + 1L);
            if (keeper == null) {
                out.writeString(entry.duplicateOf());
            }
        }
        return head;
    }

    private static TrainingLedger readV2(CompactBytesIn in) {
        in.readByte();
        int nonEmpty = in.readByte();
        if (nonEmpty == 0) {
            requireEnd(in);
            return new TrainingLedger();
        }
        LocalDate latestDay = LocalDate.ofEpochDay(in.readSigned());
        LocalDate historyStart = latestDay.minusDays(in.readUnsigned());
        long nonZero = in.readUnsigned();
        if (nonZero >= 1L << SEED_VALUES) {
            throw CompactBytesIn.corrupt("seed mask " + nonZero);
        }
        double[] seedValues = new double[SEED_VALUES];
        for (int i = 0; i < SEED_VALUES; i++) {
            if ((nonZero & (1L << i)) != 0) {
                seedValues[i] = Double.longBitsToDouble(readFixedLong(in));
            }
        }
        LoadChains seed = new LoadChains(seedValues[0], seedValues[1], seedValues[2], seedValues[3]);
        double[] foldedTail = Arrays.copyOfRange(seedValues, 4, SEED_VALUES);
        int sourceCount = in.readUnsignedInt();
        List<String> sources = new ArrayList<>();
        for (int i = 0; i < sourceCount; i++) {
            sources.add(in.readString());
        }
        int count = in.readUnsignedInt();
        List<LedgerRun> runs = new ArrayList<>();
        List<RunStatus> statuses = new ArrayList<>();
        List<Object> duplicateRefs = new ArrayList<>();
        String previousHead = "";
        for (int i = 0; i < count; i++) {
            int prefix = in.readUnsignedInt();
            int shared = prefix >>> 1;
            if (shared > previousHead.length()) {
                throw CompactBytesIn.corrupt("runId prefix " + shared + " longer than " + previousHead.length());
            }
            String head = previousHead.substring(0, shared) + in.readString();
            String runId = (prefix & 1) != 0 ? head + RunIdUuidTail.read(in) : head;
            int shape = in.readUnsignedInt();
            String source = sources.get(checkedIndex(in.readUnsignedInt(), sources.size()));
            long uploadKey = readFixedLong(in);
            LocalDate localDate = latestDay.minusDays(in.readSigned());
            long code = in.readSigned();
            long offset = (code & 1) == 0 ? (code >> 1) * 1000 : code >> 1;
            long start = localDate.toEpochDay() * 86_400_000L + offset;
            int duration = in.readUnsignedInt();
            long moving = duration - in.readSigned();
            double distance = readExactDecimal(in, DISTANCE_MAX_DECIMALS);
            double load = readDecimal(in, TrainingLedger.LOAD_SCALE);
            long hrSeconds = duration - in.readSigned();
            long easySeconds = hrSeconds - in.readUnsigned();
            Double ef = (shape & SHAPE_EF) != 0 ? readDecimal(in, TrainingLedger.EF_SCALE) : null;
            double coverage = readDecimal(in, TrainingLedger.COVERAGE_SCALE);
            int planned = field(shape, ENUM_BITS, PLANNED_SHIFT);
            if (moving < 0 || moving > Integer.MAX_VALUE) {
                throw CompactBytesIn.corrupt("moving time " + moving);
            }
            runs.add(new LedgerRun(
                    runId,
                    source,
                    uploadKey,
                    stored(StoredEnumCodes.SPORT, field(shape, ENUM_BITS, SPORT_SHIFT)),
                    start,
                    duration,
                    (int) moving,
                    distance,
                    localDate,
                    load,
                    (shape & SHAPE_ESTIMATED) != 0,
                    hrSeconds,
                    easySeconds,
                    ef,
                    stored(StoredEnumCodes.INTENSITY, field(shape, ENUM_BITS, INTENSITY_SHIFT)),
                    planned == 0 ? null : stored(StoredEnumCodes.PLANNED_TYPE, planned - 1),
                    coverage));
            statuses.add(stored(StoredEnumCodes.RUN_STATUS, field(shape, STATUS_BITS, STATUS_SHIFT)));
            Object duplicateRef = null;
            if ((shape & SHAPE_DUPLICATE_OF) != 0) {
                int keeper = in.readUnsignedInt();
                duplicateRef = keeper == 0 ? in.readString() : (Object) (keeper - 1);
            }
            duplicateRefs.add(duplicateRef);
            previousHead = head;
        }
        requireEnd(in);
        List<RunStatusChange> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Object ref = duplicateRefs.get(i);
            String duplicateOf = ref instanceof Integer keeper
                    ? runs.get(checkedIndex(keeper, count)).runId()
                    : (String) ref;
            entries.add(new RunStatusChange(runs.get(i), statuses.get(i), duplicateOf));
        }
        return TrainingLedger.restore(new TrainingLedger.Snapshot(latestDay, historyStart, seed, foldedTail, entries));
    }

    /** Chars the two ids share at the start, never splitting a surrogate pair (its halves alone are not valid UTF-8). */
    private static int sharedPrefix(String a, String b) {
        int max = Math.min(a.length(), b.length());
        int n = 0;
        while (n < max && a.charAt(n) == b.charAt(n)) {
            n++;
        }
        if (n > 0 && Character.isHighSurrogate(a.charAt(n - 1))) {
            n--;
        }
        return n;
    }

    private static int slot(int value, int bits, int shift) {
        if (value >= 1 << bits) {
            throw new IllegalStateException("enum code " + value + " does not fit the ledger format's " + bits
                    + "-bit slot: a new format version is needed");
        }
        return value << shift;
    }

    private static int field(int shape, int bits, int shift) {
        return (shape >>> shift) & ((1 << bits) - 1);
    }

    private static <E extends Enum<E>> E stored(StoredEnumCode<E> codes, int code) {
        E constant = codes.constant(code);
        if (constant == null) {
            throw CompactBytesIn.corrupt("no " + codes.type().getSimpleName() + " has stored code " + code);
        }
        return constant;
    }

    private static int checkedIndex(int index, int size) {
        if (index < 0 || index >= size) {
            throw CompactBytesIn.corrupt("index " + index + " outside 0.." + (size - 1));
        }
        return index;
    }

    private static void requireEnd(CompactBytesIn in) {
        if (!in.atEnd()) {
            throw CompactBytesIn.corrupt("trailing bytes after the ledger");
        }
    }

    /**
     * A non-negative number that is a whole count of 1/scale steps goes out as that count (tag
     * bit 0), anything else as tag 1 and its raw 8 bytes: the round trip is always bit-exact.
     */
    private static void writeDecimal(CompactBytesOut out, double value, double scale) {
        double scaled = value * scale;
        if (scaled >= 0 && scaled < MAX_EXACT_STEPS) {
            long steps = Math.round(scaled);
            if (Double.doubleToRawLongBits(steps / scale) == Double.doubleToRawLongBits(value)) {
                out.writeUnsigned(steps << 1);
                return;
            }
        }
        out.writeUnsigned(1);
        writeFixedLong(out, Double.doubleToRawLongBits(value));
    }

    private static double readDecimal(CompactBytesIn in, double scale) {
        long tagged = in.readUnsigned();
        if ((tagged & 1) == 0) {
            return (tagged >>> 1) / scale;
        }
        if (tagged != 1) {
            throw CompactBytesIn.corrupt("bad number tag " + tagged);
        }
        return Double.longBitsToDouble(readFixedLong(in));
    }

    /**
     * A non-negative number with at most {@code maxDecimals} decimals goes out as its digits and
     * the count of decimals (low 3 bits: 10 km to the dm takes 3 bytes where a fixed mm scale takes
     * 4), anything else as tag 7 and its raw 8 bytes: the round trip is always bit-exact.
     */
    private static void writeExactDecimal(CompactBytesOut out, double value, int maxDecimals) {
        for (int decimals = 0; decimals <= maxDecimals; decimals++) {
            double scale = POWERS_OF_TEN[decimals];
            double scaled = value * scale;
            if (!(scaled >= 0 && scaled < MAX_EXACT_STEPS)) {
                break;
            }
            long steps = Math.round(scaled);
            if (Double.doubleToRawLongBits(steps / scale) == Double.doubleToRawLongBits(value)) {
                out.writeUnsigned(steps << 3 | decimals);
                return;
            }
        }
        out.writeUnsigned(RAW_DECIMAL_TAG);
        writeFixedLong(out, Double.doubleToRawLongBits(value));
    }

    private static double readExactDecimal(CompactBytesIn in, int maxDecimals) {
        long tagged = in.readUnsigned();
        int decimals = (int) (tagged & 7);
        if (decimals <= maxDecimals) {
            return (tagged >>> 3) / POWERS_OF_TEN[decimals];
        }
        if (tagged != RAW_DECIMAL_TAG) {
            throw CompactBytesIn.corrupt("bad number tag " + tagged);
        }
        return Double.longBitsToDouble(readFixedLong(in));
    }

    private static final double[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};
    private static final int RAW_DECIMAL_TAG = 7;

    private static void writeFixedLong(CompactBytesOut out, long value) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.writeByte((int) (value >>> shift));
        }
    }

    private static long readFixedLong(CompactBytesIn in) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | in.readByte();
        }
        return value;
    }

    // ---- format 1, read only: a changelog written before format 2 must still restore ----

    private static TrainingLedger readV1(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            in.readByte();
            if (!in.readBoolean()) {
                return new TrainingLedger();
            }
            LocalDate latestDay = LocalDate.ofEpochDay(in.readInt());
            LocalDate historyStart = LocalDate.ofEpochDay(in.readInt());
            LoadChains seed = new LoadChains(in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble());
            double[] foldedTail = new double[TrainingLedger.FOLDED_TAIL_DAYS];
            for (int i = 0; i < foldedTail.length; i++) {
                foldedTail[i] = in.readDouble();
            }
            int count = in.readInt();
            // Keyed by runId as the ledger holds them, so a repeated id keeps its last entry.
            TreeMap<String, RunStatusChange> entries = new TreeMap<>();
            for (int i = 0; i < count; i++) {
                RunStatusChange entry = readEntryV1(in);
                entries.put(entry.run().runId(), entry);
            }
            return TrainingLedger.restore(new TrainingLedger.Snapshot(
                    latestDay, historyStart, seed, foldedTail, new ArrayList<>(entries.values())));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("corrupt TrainingLedger bytes", e);
        }
    }

    private static final int V1_ESTIMATED = 1;
    private static final int V1_EF = 2;
    private static final int V1_PLANNED = 4;
    private static final int V1_DUPLICATE_OF = 8;

    private static RunStatusChange readEntryV1(DataInputStream in) throws IOException {
        String runId = in.readUTF();
        String source = in.readUTF();
        String externalId = in.readUTF();
        Sport sport = stored(StoredEnumCodes.SPORT, in.readByte());
        long start = in.readLong();
        int duration = in.readInt();
        int moving = in.readInt();
        double distance = in.readDouble();
        LocalDate localDate = LocalDate.ofEpochDay(in.readInt());
        double load = in.readDouble();
        int flags = in.readByte();
        long hrSeconds = in.readInt();
        long easySeconds = in.readInt();
        Double ef = (flags & V1_EF) != 0 ? in.readDouble() : null;
        IntensityClass intensity = stored(StoredEnumCodes.INTENSITY, in.readByte());
        PlannedType planned = (flags & V1_PLANNED) != 0 ? stored(StoredEnumCodes.PLANNED_TYPE, in.readByte()) : null;
        double coverage = in.readDouble();
        RunStatus status = stored(StoredEnumCodes.RUN_STATUS, in.readByte());
        String duplicateOf = (flags & V1_DUPLICATE_OF) != 0 ? in.readUTF() : null;
        LedgerRun run = new LedgerRun(
                runId,
                source,
                externalId,
                sport,
                start,
                duration,
                moving,
                distance,
                localDate,
                load,
                (flags & V1_ESTIMATED) != 0,
                hrSeconds,
                easySeconds,
                ef,
                intensity,
                planned,
                coverage);
        return new RunStatusChange(TrainingLedger.atStoredPrecision(run), status, duplicateOf);
    }
}
