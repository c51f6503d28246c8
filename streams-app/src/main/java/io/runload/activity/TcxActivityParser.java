package io.runload.activity;

import io.runload.avro.Sport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads Garmin Training Center (TCX) files with StAX: one run per {@code Activity} whose
 * {@code Sport} is "Running". Heart rate is {@code HeartRateBpm/Value}; speed and running cadence
 * come from the ActivityExtension {@code TPX} element. Elements are matched by local name because
 * exporters disagree on namespace prefixes and versions.
 */
public final class TcxActivityParser {

    private final ActivityLimits limits;

    public TcxActivityParser() {
        this(ActivityLimits.DEFAULT);
    }

    public TcxActivityParser(ActivityLimits limits) {
        this.limits = limits;
    }

    public ActivityContents parse(byte[] content) throws UnreadableActivityException {
        TcxDocument document = new TcxDocument(limits);
        ActivityXml.walk(content, ActivityFormat.TCX, "TrainingCenterDatabase", document);
        return new ActivityContents(ActivityFormat.TCX, document.runs, document.others);
    }

    /** The runs, and the sports left out, of one TCX document as its elements go by. */
    private static final class TcxDocument implements ActivityXml.ElementVisitor {
        private final ActivityLimits limits;
        private final List<ActivityRecording> runs = new ArrayList<>();
        private final List<String> others = new ArrayList<>();
        private int activities;
        private int points;
        private ActivityDraft activity;
        private PointDraft point;

        TcxDocument(ActivityLimits limits) {
            this.limits = limits;
        }

        @Override
        public void start(String name, XMLStreamReader xml) throws UnreadableActivityException {
            if (name.equals("Activity") && ++activities > limits.maxActivities()) {
                throw limits.tooManyActivities("activities");
            }
            if (name.equals("Trackpoint") && ++points > limits.maxSamples()) {
                throw limits.tooManySamples("track points");
            }
            if (name.equals("Activity")) {
                activity = new ActivityDraft(attribute(xml, "Sport"));
            } else if (name.equals("Lap") && activity != null && activity.start == null) {
                activity.start = ActivityXml.instant(attribute(xml, "StartTime"));
            } else if (name.equals("Trackpoint")) {
                point = new PointDraft();
            }
        }

        @Override
        public void end(String name, String parent, String value, XMLStreamReader xml)
                throws UnreadableActivityException {
            if (activity == null) {
                return;
            }
            if (point != null) {
                point.take(name, parent, value);
                if (name.equals("Trackpoint")) {
                    point.addTo(activity.samples);
                    point = null;
                }
            } else if ("Activity".equals(parent) && name.equals("Id") && activity.id == null) {
                activity.id = ActivityXml.instant(value);
            } else if ("Lap".equals(parent) && name.equals("TotalTimeSeconds")) {
                activity.addTimer(ActivityXml.number(value));
            } else if ("Lap".equals(parent) && name.equals("DistanceMeters")) {
                activity.addLapDistance(ActivityXml.number(value));
            } else if (name.equals("Activity")) {
                Sport sport = sport(activity.sport);
                if (sport == null) {
                    others.add(activity.sport == null ? "UNKNOWN" : activity.sport);
                } else {
                    runs.add(activity.toRecording(sport, runs.size()));
                }
                activity = null;
            }
        }
    }

    private static String attribute(XMLStreamReader xml, String localName) {
        for (int i = 0; i < xml.getAttributeCount(); i++) {
            if (xml.getAttributeLocalName(i).equals(localName)) {
                return xml.getAttributeValue(i);
            }
        }
        return null;
    }

    /** TCX knows only Running, Biking and Other. */
    private static Sport sport(String tcxSport) {
        return "Running".equalsIgnoreCase(tcxSport) ? Sport.RUN : null;
    }

    private static final class ActivityDraft {
        final String sport;
        Instant id;
        Instant start;
        double timerSec;
        boolean hasTimer;
        double lapDistance;
        boolean hasLapDistance;
        final List<ActivitySample> samples = new ArrayList<>();

        ActivityDraft(String sport) {
            this.sport = sport;
        }

        void addTimer(Double seconds) {
            if (seconds != null && seconds >= 0) {
                timerSec += seconds;
                hasTimer = true;
            }
        }

        void addLapDistance(Double meters) {
            if (meters != null && meters >= 0) {
                lapDistance += meters;
                hasLapDistance = true;
            }
        }

        ActivityRecording toRecording(Sport runSport, int index) throws UnreadableActivityException {
            samples.sort(java.util.Comparator.comparingLong(ActivitySample::timeMillis));
            Instant begin = id != null ? id : start;
            if (begin == null && !samples.isEmpty()) {
                begin = Instant.ofEpochMilli(samples.get(0).timeMillis());
            }
            if (begin == null) {
                throw new UnreadableActivityException("TCX activity " + (index + 1) + " has no start time");
            }
            int elapsed = samples.isEmpty()
                    ? 0
                    : (int) Math.max(0, (samples.get(samples.size() - 1).timeMillis() - begin.toEpochMilli()) / 1000);
            Integer moving = hasTimer ? (int) Math.round(timerSec) : null;
            if (elapsed == 0 && moving != null) {
                elapsed = moving;
            }
            if (moving != null && moving > elapsed) {
                moving = elapsed;
            }
            double distance = hasLapDistance ? lapDistance : lastDistance();
            return new ActivityRecording(
                    ActivityFormat.TCX, index, runSport, begin, elapsed, moving, distance, null, samples);
        }

        private double lastDistance() {
            for (int i = samples.size() - 1; i >= 0; i--) {
                if (samples.get(i).distanceMeters() != null) {
                    return samples.get(i).distanceMeters();
                }
            }
            return 0;
        }
    }

    private static final class PointDraft {
        Long time;
        Integer bpm;
        Double speed;
        Integer cadence;
        Double distance;

        void take(String name, String parent, String value) {
            switch (name) {
                case "Time" -> time = ActivityXml.timeMillis(value);
                case "Value" -> {
                    if ("HeartRateBpm".equals(parent)) {
                        bpm = ActivityXml.wholeNumber(value);
                    }
                }
                case "DistanceMeters" -> distance = ActivityXml.number(value);
                case "Speed" -> speed = ActivityXml.number(value);
                // Per-foot, like FIT: RunCadence (ActivityExtension) wins over the generic Cadence.
                case "RunCadence" -> cadence = perFootToSteps(value);
                case "Cadence" -> {
                    if (cadence == null) {
                        cadence = perFootToSteps(value);
                    }
                }
                default -> {}
            }
        }

        void addTo(List<ActivitySample> samples) {
            if (time != null) {
                samples.add(new ActivitySample(time, bpm, speed, cadence, distance));
            }
        }

        private static Integer perFootToSteps(String value) {
            Integer perFoot = ActivityXml.wholeNumber(value);
            return perFoot == null ? null : perFoot * FitActivityParser.STEPS_PER_CYCLE;
        }
    }
}
