package io.runload.activity;

import com.garmin.fit.DateTime;
import com.garmin.fit.Decode;
import com.garmin.fit.FitRuntimeException;
import com.garmin.fit.MesgBroadcaster;
import com.garmin.fit.RecordMesg;
import com.garmin.fit.RecordMesgListener;
import com.garmin.fit.SessionMesg;
import com.garmin.fit.SessionMesgListener;
import com.garmin.fit.SubSport;
import io.runload.avro.Sport;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads FIT activity files with the Garmin FIT SDK. The SDK's decoder expands compressed-timestamp
 * record headers and accumulated fields, so records arrive with absolute timestamps. Each running
 * session becomes one run (a multisport file has several sessions); its records are those whose
 * timestamp lies within the session.
 */
public final class FitActivityParser {

    /** FIT stores running cadence per foot (cycles per minute); RunLoad compares HR with steps per minute. */
    static final int STEPS_PER_CYCLE = 2;

    private static final int MIN_HEADER_SIZE = 12;
    private static final int CRC_SIZE = 2;
    private static final double SPEED_SENTINEL_MPS = 65.535;
    private static final double DISTANCE_SENTINEL_METERS = 4.0e7;

    private final ActivityLimits limits;

    public FitActivityParser() {
        this(ActivityLimits.DEFAULT);
    }

    public FitActivityParser(ActivityLimits limits) {
        this.limits = limits;
    }

    public ActivityContents parse(byte[] content) throws UnreadableActivityException {
        checkHeader(content);
        // The SDK hides invalid field values as null by default; showing them keeps the 255 HR sentinel
        // visible so the analysis can count it. Other fields' sentinels are filtered below.
        Decode decode = new Decode();
        decode.showInvalidValues();
        MesgBroadcaster broadcaster = new MesgBroadcaster(decode);
        // Records become small samples as they arrive, and both counts are bounded while decoding,
        // so a file packed with messages is refused before it can fill the heap.
        List<ActivitySample> samples = new ArrayList<>();
        List<SessionMesg> sessions = new ArrayList<>();
        int[] recordCount = {0};
        broadcaster.addListener((RecordMesgListener) r -> {
            if (++recordCount[0] > limits.maxSamples()) {
                throw new LimitReached(limits.tooManySamples("records"));
            }
            ActivitySample sample = sample(r);
            if (sample != null) {
                samples.add(sample);
            }
        });
        broadcaster.addListener((SessionMesgListener) session -> {
            if (sessions.size() >= limits.maxActivities()) {
                throw new LimitReached(limits.tooManyActivities("sessions"));
            }
            sessions.add(session);
        });
        try {
            if (!new Decode().checkFileIntegrity(new ByteArrayInputStream(content))) {
                throw new UnreadableActivityException("FIT file fails its CRC check (corrupt data)");
            }
            decode.read(new ByteArrayInputStream(content), broadcaster, broadcaster);
        } catch (LimitReached e) {
            throw e.reason;
        } catch (FitRuntimeException e) {
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof LimitReached limit) {
                    throw limit.reason;
                }
            }
            throw new UnreadableActivityException("FIT decoding failed: " + e.getMessage(), e);
        }
        if (sessions.isEmpty()) {
            throw new UnreadableActivityException("FIT file has no session (not an activity file)");
        }
        samples.sort(Comparator.comparingLong(ActivitySample::timeMillis));
        sessions.sort(Comparator.comparing(FitActivityParser::sessionStartMillis));
        List<ActivityRecording> runs = new ArrayList<>();
        List<String> others = new ArrayList<>();
        int handedOut = 0;
        for (SessionMesg session : sessions) {
            Sport sport = sport(session);
            if (sport == null) {
                others.add(
                        session.getSport() == null
                                ? "UNKNOWN"
                                : session.getSport().name());
                continue;
            }
            ActivityRecording run = recording(session, sport, runs.size(), samples, limits.maxSamples() - handedOut);
            if (run == null) {
                throw limits.tooManySamples("samples across its sessions");
            }
            handedOut += run.samples().size();
            runs.add(run);
        }
        return new ActivityContents(ActivityFormat.FIT, runs, others);
    }

    /** Carries a limit's one-line reason out of an SDK listener, which may only throw unchecked. */
    private static final class LimitReached extends RuntimeException {
        final UnreadableActivityException reason;

        LimitReached(UnreadableActivityException reason) {
            super(reason.getMessage(), null, false, false);
            this.reason = reason;
        }
    }

    /** A readable reason for the two commonest failures, which the SDK reports only as a generic error. */
    private static void checkHeader(byte[] content) throws UnreadableActivityException {
        if (content.length < MIN_HEADER_SIZE) {
            throw new UnreadableActivityException("not a FIT file: only " + content.length + " bytes");
        }
        int headerSize = content[0] & 0xFF;
        boolean signature = content[8] == '.' && content[9] == 'F' && content[10] == 'I' && content[11] == 'T';
        if (!signature || (headerSize != 12 && headerSize != 14)) {
            throw new UnreadableActivityException(
                    "corrupt FIT header (size byte " + headerSize + (signature ? "" : ", no .FIT signature") + ")");
        }
        long dataSize = (content[4] & 0xFFL)
                | (content[5] & 0xFFL) << 8
                | (content[6] & 0xFFL) << 16
                | (content[7] & 0xFFL) << 24;
        long expected = headerSize + dataSize + CRC_SIZE;
        if (content.length < expected) {
            throw new UnreadableActivityException(
                    "truncated FIT file: header announces " + expected + " bytes, found " + content.length);
        }
    }

    /** The record as a sample, or null when it has no time. */
    private static ActivitySample sample(RecordMesg r) {
        Long time = millis(r.getTimestamp());
        if (time == null) {
            return null;
        }
        Short hr = r.getHeartRate();
        Integer bpm = hr == null ? null : (int) hr;
        Short cadence = r.getCadence();
        Integer spm = cadence == null || cadence == 0xFF ? null : cadence * STEPS_PER_CYCLE;
        return new ActivitySample(time, bpm, speed(r), spm, below(r.getDistance(), DISTANCE_SENTINEL_METERS));
    }

    private static Double speed(RecordMesg r) {
        Double enhanced = below(r.getEnhancedSpeed(), SPEED_SENTINEL_MPS);
        return enhanced != null ? enhanced : below(r.getSpeed(), SPEED_SENTINEL_MPS);
    }

    /**
     * With invalid values shown, an absent unsigned field decodes as its all-ones sentinel, scaled
     * (65.535 m/s for speed, 42,949,672.95 m for distance). No run comes near those, so a value at or
     * above the limit is treated as absent.
     */
    private static Double below(Float value, double limit) {
        if (value == null || value.isNaN() || value < 0 || value >= limit) {
            return null;
        }
        return value.doubleValue();
    }

    /** The session's run, or null when it would take in more than {@code room} samples. */
    private static ActivityRecording recording(
            SessionMesg session, Sport sport, int index, List<ActivitySample> all, int room) {
        Long startMillis = millis(session.getStartTime());
        Long endMillis = millis(session.getTimestamp());
        List<ActivitySample> inside = new ArrayList<>();
        for (ActivitySample s : all) {
            if ((startMillis == null || s.timeMillis() >= startMillis)
                    && (endMillis == null || s.timeMillis() <= endMillis)) {
                if (inside.size() >= room) {
                    return null;
                }
                inside.add(s);
            }
        }
        long start = startMillis != null
                ? startMillis
                : inside.isEmpty() ? 0 : inside.get(0).timeMillis();
        Float elapsed = session.getTotalElapsedTime();
        int durationSec = elapsed != null && elapsed > 0 && elapsed < 1e7f
                ? Math.round(elapsed)
                : inside.isEmpty() ? 0 : (int) ((inside.get(inside.size() - 1).timeMillis() - start) / 1000);
        Float timer = session.getTotalTimerTime();
        Integer movingSec =
                timer != null && timer > 0 && timer <= elapsedOr(elapsed, durationSec) ? Math.round(timer) : null;
        Double distance = below(session.getTotalDistance(), DISTANCE_SENTINEL_METERS);
        if (distance == null) {
            distance = lastDistance(inside);
        }
        Integer ascent = session.getTotalAscent();
        Double gain = ascent == null || ascent == 0xFFFF ? null : ascent.doubleValue();
        return new ActivityRecording(
                ActivityFormat.FIT,
                index,
                sport,
                Instant.ofEpochMilli(start),
                durationSec,
                movingSec,
                distance,
                gain,
                inside);
    }

    private static float elapsedOr(Float elapsed, int durationSec) {
        return elapsed != null && elapsed > 0 && elapsed < 1e7f ? elapsed : durationSec;
    }

    private static double lastDistance(List<ActivitySample> samples) {
        for (int i = samples.size() - 1; i >= 0; i--) {
            if (samples.get(i).distanceMeters() != null) {
                return samples.get(i).distanceMeters();
            }
        }
        return 0;
    }

    private static Sport sport(SessionMesg session) {
        if (session.getSport() != com.garmin.fit.Sport.RUNNING) {
            return null;
        }
        SubSport sub = session.getSubSport();
        if (sub == SubSport.TRAIL) {
            return Sport.TRAIL_RUN;
        }
        if (sub == SubSport.TREADMILL) {
            return Sport.TREADMILL_RUN;
        }
        if (sub == SubSport.TRACK) {
            return Sport.TRACK_RUN;
        }
        return Sport.RUN;
    }

    private static Long sessionStartMillis(SessionMesg session) {
        Long start = millis(session.getStartTime());
        return start == null ? Long.MAX_VALUE : start;
    }

    /** FIT times count from 1989-12-31; the all-ones value means "no time". */
    // The FIT SDK hands its times out as java.util.Date only; it goes no further than this line.
    @SuppressWarnings("JavaUtilDate")
    private static Long millis(DateTime time) {
        if (time == null || time.getTimestamp() == null || time.getTimestamp() == 0xFFFFFFFFL) {
            return null;
        }
        return time.getDate().getTime();
    }
}
