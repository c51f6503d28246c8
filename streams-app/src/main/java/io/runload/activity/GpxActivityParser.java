package io.runload.activity;

import io.runload.avro.Sport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads GPX 1.1 tracks with StAX: one run per {@code trk}. Heart rate and cadence come from
 * Garmin's TrackPointExtension ({@code hr}, {@code cad}, v1 or v2), matched by namespace so that
 * another vendor's {@code hr} element is not taken for it. GPX has no speed or distance, so both
 * are derived from the positions (great-circle distance between consecutive points).
 */
public final class GpxActivityParser {

    static final String TRACK_POINT_EXTENSION_NS = "http://www.garmin.com/xmlschemas/TrackPointExtension/";
    /** Mean Earth radius (IUGG), metres. */
    private static final double EARTH_RADIUS_M = 6_371_008.8;
    /** Speed is derived only across short gaps; across a pause it would be meaningless. */
    private static final long MAX_SPEED_GAP_MILLIS = 10_000;

    private final ActivityLimits limits;

    public GpxActivityParser() {
        this(ActivityLimits.DEFAULT);
    }

    public GpxActivityParser(ActivityLimits limits) {
        this.limits = limits;
    }

    public ActivityContents parse(byte[] content) throws UnreadableActivityException {
        GpxDocument document = new GpxDocument(limits);
        ActivityXml.walk(content, ActivityFormat.GPX, "gpx", document);
        if (document.runs.isEmpty() && document.others.isEmpty()) {
            throw new UnreadableActivityException("GPX file has no timed track points");
        }
        return new ActivityContents(ActivityFormat.GPX, document.runs, document.others);
    }

    /** The runs, and the track types left out, of one GPX document as its elements go by. */
    private static final class GpxDocument implements ActivityXml.ElementVisitor {
        private final ActivityLimits limits;
        private final List<ActivityRecording> runs = new ArrayList<>();
        private final List<String> others = new ArrayList<>();
        private int activities;
        private int points;
        private TrackDraft track;
        private PointDraft point;

        GpxDocument(ActivityLimits limits) {
            this.limits = limits;
        }

        @Override
        public void start(String name, XMLStreamReader xml) throws UnreadableActivityException {
            if (name.equals("trk") && ++activities > limits.maxActivities()) {
                throw limits.tooManyActivities("tracks");
            }
            if (name.equals("trkpt") && ++points > limits.maxSamples()) {
                throw limits.tooManySamples("track points");
            }
            if (name.equals("trk")) {
                track = new TrackDraft();
            } else if (name.equals("trkpt") && track != null) {
                point = new PointDraft(ActivityXml.number(attr(xml, "lat")), ActivityXml.number(attr(xml, "lon")));
            }
        }

        @Override
        public void end(String name, String parent, String value, XMLStreamReader xml) {
            boolean garminExtension =
                    xml.getNamespaceURI() != null && xml.getNamespaceURI().startsWith(TRACK_POINT_EXTENSION_NS);
            if (point != null) {
                if (name.equals("time") && "trkpt".equals(parent)) {
                    point.time = ActivityXml.timeMillis(value);
                } else if (name.equals("hr") && garminExtension) {
                    point.bpm = ActivityXml.wholeNumber(value);
                } else if (name.equals("cad") && garminExtension) {
                    Integer perFoot = ActivityXml.wholeNumber(value);
                    point.cadence = perFoot == null ? null : perFoot * FitActivityParser.STEPS_PER_CYCLE;
                } else if (name.equals("trkpt")) {
                    if (point.time != null) {
                        track.points.add(point);
                    }
                    point = null;
                }
            } else if (track != null && name.equals("type") && "trk".equals(parent)) {
                track.type = value.trim();
            } else if (name.equals("trk") && track != null) {
                if (isRun(track.type)) {
                    if (!track.points.isEmpty()) {
                        runs.add(track.toRecording(runs.size()));
                    }
                } else {
                    others.add(track.type);
                }
                track = null;
            }
        }
    }

    private static String attr(XMLStreamReader xml, String name) {
        String value = xml.getAttributeValue(null, name);
        return value == null ? "" : value;
    }

    /** GPX's free-text track type: absent or anything that is not clearly another sport counts as a run. */
    private static boolean isRun(String type) {
        if (type == null || type.isBlank()) {
            return true;
        }
        String t = type.toLowerCase(Locale.ROOT);
        return !(t.contains("cycl")
                || t.contains("bik")
                || t.contains("ride")
                || t.contains("swim")
                || t.contains("walk")
                || t.contains("hik")
                || t.contains("ski"));
    }

    static double haversineMeters(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(Math.toRadians(lat1))
                        * Math.cos(Math.toRadians(lat2))
                        * Math.sin(dLon / 2)
                        * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    private static final class TrackDraft {
        String type;
        final List<PointDraft> points = new ArrayList<>();

        ActivityRecording toRecording(int index) {
            points.sort(Comparator.comparingLong(p -> p.time));
            List<ActivitySample> samples = new ArrayList<>(points.size());
            double distance = 0;
            PointDraft previous = null;
            for (PointDraft p : points) {
                Double speed = null;
                if (previous != null && p.hasPosition() && previous.hasPosition()) {
                    double step = haversineMeters(previous.lat, previous.lon, p.lat, p.lon);
                    distance += step;
                    long gap = p.time - previous.time;
                    if (gap > 0 && gap <= MAX_SPEED_GAP_MILLIS) {
                        speed = step * 1000.0 / gap;
                    }
                }
                samples.add(new ActivitySample(p.time, p.bpm, speed, p.cadence, p.hasPosition() ? distance : null));
                previous = p;
            }
            long start = points.get(0).time;
            int duration = (int) ((points.get(points.size() - 1).time - start) / 1000);
            return new ActivityRecording(
                    ActivityFormat.GPX,
                    index,
                    Sport.RUN,
                    Instant.ofEpochMilli(start),
                    duration,
                    null,
                    distance,
                    null,
                    samples);
        }
    }

    private static final class PointDraft {
        final Double lat;
        final Double lon;
        Long time;
        Integer bpm;
        Integer cadence;

        PointDraft(Double lat, Double lon) {
            this.lat = lat;
            this.lon = lon;
        }

        boolean hasPosition() {
            return lat != null && lon != null;
        }
    }
}
