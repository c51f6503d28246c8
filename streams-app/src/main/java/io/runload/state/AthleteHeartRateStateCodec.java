package io.runload.state;

import io.runload.domain.AthleteHeartRateState;
import io.runload.domain.AthleteHeartRateState.RunEntry;
import io.runload.domain.LiveEffortMonitor;
import io.runload.domain.RunHeartRateAccumulator;
import java.util.ArrayList;
import java.util.List;

/**
 * The heart-rate store value of one athlete: the frontier, each run's key and bounds, and the live
 * monitor. The runs' accumulators are stored apart, one entry per run
 * ({@link RunHeartRateAccumulatorCodec}), so that a commit writes only the runs that changed.
 *
 * <p>Formats 1 and 2 carried every accumulator inline behind a fixed 4-byte length. They are still
 * read: such a run stays its slice of the bytes until its owner moves it to its own entry.
 */
public final class AthleteHeartRateStateCodec {

    /** Version 3 leaves the accumulators out; 2 (inline, live run by position) and 1 (inline, live run by key) are still read. */
    private static final byte FORMAT_VERSION = 3;

    private static final byte FORMAT_VERSION_INLINE = 2;
    private static final byte FORMAT_VERSION_LIVE_KEY = 1;
    private static final int HAS_FRONTIER = 1;
    private static final int HAS_MONITOR = 1 << 1;

    private AthleteHeartRateStateCodec() {}

    /** A run still as its slice of the stored bytes; the state restores it only when the run is touched. */
    @SuppressWarnings("ArrayRecordComponent") // a view of stored bytes, never compared; a copy undoes lazy restore
    private record EncodedRun(String key, byte[] source, int offset, int length)
            implements AthleteHeartRateState.StoredRun {

        @Override
        public RunHeartRateAccumulator restore() {
            CompactBytesIn in = new CompactBytesIn(source, offset, length);
            RunHeartRateAccumulator run = RunHeartRateAccumulatorCodec.read(in);
            if (!in.atEnd()) {
                throw CompactBytesIn.corrupt("trailing bytes in run " + key);
            }
            return run;
        }
    }

    /**
     * The state without its runs' accumulators, which the owner stores apart. A run still carried
     * inline from an earlier format cannot be left out, so it must have been moved first.
     */
    public static byte[] encode(AthleteHeartRateState state) {
        AthleteHeartRateState.Snapshot snapshot = state.snapshot();
        List<RunEntry> runs = snapshot.runs();
        long frontierMillis = snapshot.frontierMillis();
        CompactBytesOut out = new CompactBytesOut(64 + runs.size() * 48);
        out.writeByte(FORMAT_VERSION);
        out.writeByte((snapshot.hasFrontier() ? HAS_FRONTIER : 0) | (snapshot.liveMonitor() != null ? HAS_MONITOR : 0));
        if (snapshot.hasFrontier()) {
            out.writeSigned(frontierMillis);
        }
        out.writeUnsigned(runs.size());
        for (RunEntry run : runs) {
            if (run.accumulator() == null && run.stored() != null) {
                throw new IllegalStateException(
                        "run " + run.key() + " is still carried inline; move it to its own entry first");
            }
            out.writeString(run.key());
            out.writeSigned(run.firstMillis() - frontierMillis);
            out.writeUnsigned(run.lastMillis() - run.firstMillis());
        }
        if (snapshot.liveMonitor() != null) {
            int index = liveIndex(runs, snapshot.liveRunKey());
            out.writeUnsigned(index + 1);
            if (index < 0) {
                out.writeString(snapshot.liveRunKey());
            }
            LiveEffortMonitorCodec.write(out, snapshot.liveMonitor());
        }
        return out.toByteArray();
    }

    public static AthleteHeartRateState decode(byte[] bytes) {
        CompactBytesIn in = new CompactBytesIn(bytes);
        int format = in.readByte();
        if (format != FORMAT_VERSION && format != FORMAT_VERSION_INLINE && format != FORMAT_VERSION_LIVE_KEY) {
            throw CompactBytesIn.corrupt("unknown AthleteHeartRateState format " + format);
        }
        int flags = in.readByte();
        boolean hasFrontier = (flags & HAS_FRONTIER) != 0;
        long frontierMillis = hasFrontier ? in.readSigned() : 0;
        int count = in.readUnsignedInt();
        if (count > AthleteHeartRateState.MAX_RUNS_IN_FLIGHT) {
            throw CompactBytesIn.corrupt("too many runs: " + count);
        }
        List<RunEntry> runs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String key = in.readString();
            long first = frontierMillis + in.readSigned();
            long last = first + in.readUnsigned();
            if (format == FORMAT_VERSION) {
                runs.add(new RunEntry(key, first, last, null, null));
                continue;
            }
            int length = in.readFixedInt();
            int offset = in.position();
            in.skip(length);
            runs.add(new RunEntry(key, first, last, null, new EncodedRun(key, bytes, offset, length)));
        }
        String liveRunKey = null;
        LiveEffortMonitor liveMonitor = null;
        if ((flags & HAS_MONITOR) != 0) {
            int index = format == FORMAT_VERSION_LIVE_KEY ? 0 : in.readUnsignedInt();
            if (index > runs.size()) {
                throw CompactBytesIn.corrupt("live run " + index + " of " + runs.size());
            }
            liveRunKey = index == 0 ? in.readString() : runs.get(index - 1).key();
            liveMonitor = LiveEffortMonitorCodec.read(in);
        }
        if (!in.atEnd()) {
            throw CompactBytesIn.corrupt("trailing bytes after AthleteHeartRateState");
        }
        return AthleteHeartRateState.restore(
                new AthleteHeartRateState.Snapshot(hasFrontier, frontierMillis, runs, liveRunKey, liveMonitor));
    }

    /** Position of the live run as the state looks it up: the newest run first, then in order; -1 if gone. */
    private static int liveIndex(List<RunEntry> runs, String liveRunKey) {
        if (liveRunKey == null) {
            return -1;
        }
        if (!runs.isEmpty() && runs.get(runs.size() - 1).key().equals(liveRunKey)) {
            return runs.size() - 1;
        }
        for (int i = 0; i < runs.size(); i++) {
            if (runs.get(i).key().equals(liveRunKey)) {
                return i;
            }
        }
        return -1;
    }
}
