package io.runload.activity;

import com.garmin.fit.ActivityMesg;
import com.garmin.fit.DateTime;
import com.garmin.fit.FileEncoder;
import com.garmin.fit.FileIdMesg;
import com.garmin.fit.Fit;
import com.garmin.fit.Manufacturer;
import com.garmin.fit.RecordMesg;
import com.garmin.fit.SessionMesg;
import com.garmin.fit.Sport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes activity files with known answers: FIT through the Garmin SDK's encoder, TCX and GPX as
 * text. Each point is one second offset from the session start; a null heart rate writes no HR.
 */
final class SyntheticActivities {

    /** A Monday, safely in the past and after 2000 (the pipeline's plausibility window). */
    static final Instant START = Instant.parse("2025-03-03T07:00:00Z");

    record Point(int second, Integer bpm, Double speedMps, Integer cadenceRpm) {}

    record Session(Sport sport, Instant start, List<Point> points) {
        int durationSec() {
            return points.get(points.size() - 1).second();
        }

        double distanceMeters() {
            double d = 0;
            for (int i = 1; i < points.size(); i++) {
                Double v = points.get(i - 1).speedMps();
                d += v == null
                        ? 0
                        : v * (points.get(i).second() - points.get(i - 1).second());
            }
            return d;
        }
    }

    private SyntheticActivities() {}

    /** {@code seconds + 1} points (0..seconds) at a constant heart rate, speed and cadence. */
    static List<Point> constant(int seconds, int bpm, double speed, int cadenceRpm) {
        List<Point> points = new ArrayList<>();
        for (int s = 0; s <= seconds; s++) {
            points.add(new Point(s, bpm, speed, cadenceRpm));
        }
        return points;
    }

    static Session run(Instant start, List<Point> points) {
        return new Session(Sport.RUNNING, start, points);
    }

    static Path writeFit(Path file, Session... sessions) {
        FileEncoder encoder = new FileEncoder(file.toFile(), Fit.ProtocolVersion.V2_0);
        FileIdMesg id = new FileIdMesg();
        id.setType(com.garmin.fit.File.ACTIVITY);
        id.setManufacturer(Manufacturer.DEVELOPMENT);
        id.setProduct(1);
        id.setSerialNumber(12345L);
        id.setTimeCreated(time(sessions[0].start(), 0));
        encoder.write(id);
        for (Session session : sessions) {
            double distance = 0;
            Point previous = null;
            for (Point p : session.points()) {
                if (previous != null && previous.speedMps() != null) {
                    distance += previous.speedMps() * (p.second() - previous.second());
                }
                RecordMesg r = new RecordMesg();
                r.setTimestamp(time(session.start(), p.second()));
                if (p.bpm() != null) {
                    r.setHeartRate(p.bpm().shortValue());
                }
                if (p.speedMps() != null) {
                    r.setSpeed(p.speedMps().floatValue());
                }
                if (p.cadenceRpm() != null) {
                    r.setCadence(p.cadenceRpm().shortValue());
                }
                r.setDistance((float) distance);
                encoder.write(r);
                previous = p;
            }
            SessionMesg s = new SessionMesg();
            s.setTimestamp(time(session.start(), session.durationSec()));
            s.setStartTime(time(session.start(), 0));
            s.setSport(session.sport());
            s.setTotalElapsedTime((float) session.durationSec());
            s.setTotalTimerTime((float) session.durationSec());
            s.setTotalDistance((float) session.distanceMeters());
            encoder.write(s);
        }
        Session last = sessions[sessions.length - 1];
        ActivityMesg activity = new ActivityMesg();
        activity.setTimestamp(time(last.start(), last.durationSec()));
        activity.setNumSessions(sessions.length);
        encoder.write(activity);
        encoder.close();
        return file;
    }

    static Path writeTcx(Path file, Session session) throws IOException {
        StringBuilder x = new StringBuilder();
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<TrainingCenterDatabase xmlns=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2\"")
                .append(" xmlns:ns3=\"http://www.garmin.com/xmlschemas/ActivityExtension/v2\">\n")
                .append(" <Activities>\n  <Activity Sport=\"Running\">\n")
                .append("   <Id>")
                .append(session.start())
                .append("</Id>\n")
                .append("   <Lap StartTime=\"")
                .append(session.start())
                .append("\">\n")
                .append("    <TotalTimeSeconds>")
                .append(session.durationSec())
                .append("</TotalTimeSeconds>\n")
                .append("    <DistanceMeters>")
                .append(fmt(session.distanceMeters()))
                .append("</DistanceMeters>\n")
                .append("    <Track>\n");
        double distance = 0;
        Point previous = null;
        for (Point p : session.points()) {
            if (previous != null && previous.speedMps() != null) {
                distance += previous.speedMps() * (p.second() - previous.second());
            }
            x.append("     <Trackpoint><Time>")
                    .append(session.start().plusSeconds(p.second()))
                    .append("</Time>")
                    .append("<DistanceMeters>")
                    .append(fmt(distance))
                    .append("</DistanceMeters>");
            if (p.bpm() != null) {
                x.append("<HeartRateBpm><Value>").append(p.bpm()).append("</Value></HeartRateBpm>");
            }
            x.append("<Extensions><ns3:TPX>");
            if (p.speedMps() != null) {
                x.append("<ns3:Speed>").append(fmt(p.speedMps())).append("</ns3:Speed>");
            }
            if (p.cadenceRpm() != null) {
                x.append("<ns3:RunCadence>").append(p.cadenceRpm()).append("</ns3:RunCadence>");
            }
            x.append("</ns3:TPX></Extensions></Trackpoint>\n");
            previous = p;
        }
        x.append("    </Track>\n   </Lap>\n  </Activity>\n </Activities>\n</TrainingCenterDatabase>\n");
        return Files.writeString(file, x.toString());
    }

    /** Points move due north at the point's speed, so distance and speed can be derived from positions. */
    static Path writeGpx(Path file, Session session) throws IOException {
        StringBuilder x = new StringBuilder();
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<gpx version=\"1.1\" creator=\"runload-test\" xmlns=\"http://www.topografix.com/GPX/1/1\"")
                .append(" xmlns:gpxtpx=\"http://www.garmin.com/xmlschemas/TrackPointExtension/v1\">\n")
                .append(" <trk><type>running</type><trkseg>\n");
        double metersPerDegree = Math.PI / 180 * 6_371_008.8;
        double lat = 45.0;
        Point previous = null;
        for (Point p : session.points()) {
            if (previous != null && previous.speedMps() != null) {
                lat += previous.speedMps() * (p.second() - previous.second()) / metersPerDegree;
            }
            x.append("  <trkpt lat=\"")
                    .append(String.format(Locale.ROOT, "%.9f", lat))
                    .append("\" lon=\"7.000000000\">")
                    .append("<time>")
                    .append(session.start().plusSeconds(p.second()))
                    .append("</time>");
            if (p.bpm() != null || p.cadenceRpm() != null) {
                x.append("<extensions><gpxtpx:TrackPointExtension>");
                if (p.bpm() != null) {
                    x.append("<gpxtpx:hr>").append(p.bpm()).append("</gpxtpx:hr>");
                }
                if (p.cadenceRpm() != null) {
                    x.append("<gpxtpx:cad>").append(p.cadenceRpm()).append("</gpxtpx:cad>");
                }
                x.append("</gpxtpx:TrackPointExtension></extensions>");
            }
            x.append("</trkpt>\n");
            previous = p;
        }
        x.append(" </trkseg></trk>\n</gpx>\n");
        return Files.writeString(file, x.toString());
    }

    /** The first {@code share} of the file's bytes: a download or copy cut short. */
    static Path truncate(Path source, Path target, double share) throws IOException {
        byte[] bytes = Files.readAllBytes(source);
        byte[] cut = java.util.Arrays.copyOf(bytes, (int) (bytes.length * share));
        return Files.write(target, cut);
    }

    /** The file with its FIT header's ".FIT" signature overwritten. */
    static Path corruptHeader(Path source, Path target) throws IOException {
        byte[] bytes = Files.readAllBytes(source);
        bytes[8] = 'X';
        bytes[9] = 'X';
        return Files.write(target, bytes);
    }

    private static DateTime time(Instant start, int second) {
        return new DateTime(start.plusSeconds(second).getEpochSecond() - DateTime.OFFSET / 1000);
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
