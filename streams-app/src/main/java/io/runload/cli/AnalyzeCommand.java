package io.runload.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.runload.activity.ActivityFile;
import io.runload.activity.ActivityFileReader;
import io.runload.activity.ActivityRecording;
import io.runload.activity.RunAnalysis;
import io.runload.activity.RunAnalyzer;
import io.runload.activity.UnreadableActivityException;
import io.runload.avro.Sex;
import io.runload.avro.ZoneModel;
import io.runload.domain.HeartRateZones;
import io.runload.domain.ProfileHistory;
import io.runload.domain.ProfileVersion;
import io.runload.domain.ResolvedProfile;
import io.runload.domain.RunEffort;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Summarises one activity file offline, with the pipeline's own domain code; no cluster needed. */
@Command(
        name = "analyze",
        mixinStandardHelpOptions = true,
        description =
                "Compute one run's summary (TRIMP, time in zones, decoupling, quality flags) from a FIT, TCX or GPX file.")
final class AnalyzeCommand implements Callable<Integer> {

    static final int EXIT_UNREADABLE = 1;
    static final int EXIT_BAD_PROFILE = 2;

    @Parameters(index = "0", paramLabel = "FILE", description = "Activity file (FIT, TCX or GPX).")
    Path file;

    @Option(names = "--max-hr", description = "Maximum heart rate; Tanaka estimate (208 - 0.7 * age) when absent.")
    Integer maxHr;

    @Option(names = "--resting-hr", description = "Resting heart rate (default 60).")
    Integer restingHr;

    @Option(names = "--lthr", description = "Lactate-threshold heart rate (default resting + 85% of reserve).")
    Integer lthr;

    @Option(names = "--birth-year", description = "Year of birth, for the max-HR estimate.")
    Integer birthYear;

    @Option(
            names = "--sex",
            description = "male or female: Banister's TRIMP constant (1.92 or 1.67; 1.92 when unknown).")
    String sex;

    @Option(names = "--zone-model", description = "KARVONEN (default) or LTHR_FRIEL (needs --lthr).")
    ZoneModel zoneModel;

    @Option(
            names = "--run",
            defaultValue = "1",
            description = "Which running activity of a multisport file (1-based, default 1).")
    int runNumber;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Sex parsedSex = parseSex(sex);
        if (sex != null && parsedSex == null) {
            err.println("runload analyze: --sex must be male or female, not '" + sex + "'");
            return EXIT_BAD_PROFILE;
        }
        ProfileVersion version = new ProfileVersion(
                maxHr,
                restingHr,
                lthr,
                birthYear,
                parsedSex,
                ZoneOffset.UTC,
                DayOfWeek.MONDAY,
                zoneModel,
                LocalDate.of(1900, 1, 1));
        ProfileHistory history = new ProfileHistory();
        if (!history.upsert(version)) {
            err.println("runload analyze: impossible profile: "
                    + version.impossibility().orElse("invalid"));
            return EXIT_BAD_PROFILE;
        }
        ActivityFile activity;
        try {
            activity = new ActivityFileReader().read(file);
        } catch (UnreadableActivityException e) {
            err.println("runload analyze: " + file + ": " + e.getMessage());
            return EXIT_UNREADABLE;
        }
        List<ActivityRecording> runs = activity.contents().runs();
        if (runs.isEmpty()) {
            err.println("runload analyze: " + file + ": no running activity in the file"
                    + (activity.contents().otherSports().isEmpty()
                            ? ""
                            : " (found " + String.join(", ", activity.contents().otherSports()) + ")"));
            return EXIT_UNREADABLE;
        }
        if (runNumber < 1 || runNumber > runs.size()) {
            err.println("runload analyze: " + file + ": --run " + runNumber + " out of range, the file has "
                    + runs.size() + " run(s)");
            return EXIT_UNREADABLE;
        }
        ActivityRecording run = runs.get(runNumber - 1);
        ResolvedProfile profile = history.resolve(LocalDate.ofInstant(run.start(), ZoneId.of("UTC")));
        RunAnalysis analysis = new RunAnalyzer().analyze(run, profile);
        if (json) {
            out.println(new ObjectMapper()
                    .disable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(asJson(activity, runs.size(), analysis)));
        } else {
            printTable(out, activity, runs.size(), analysis);
        }
        out.flush();
        return 0;
    }

    private static Sex parseSex(String value) {
        if (value == null) {
            return null;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "male", "m" -> Sex.MALE;
            case "female", "f" -> Sex.FEMALE;
            default -> null;
        };
    }

    static Map<String, Object> asJson(ActivityFile file, int runsInFile, RunAnalysis a) {
        RunEffort e = a.effort();
        ActivityRecording r = a.recording();
        ResolvedProfile p = a.profile();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("file", file.path().toString());
        json.put("format", r.format().name());
        json.put("run", r.sessionIndex() + 1);
        json.put("runsInFile", runsInFile);
        json.put("sport", r.sport().name());
        json.put("startTime", r.start().toString());
        json.put("durationSec", r.durationSec());
        json.put("movingTimeSec", r.movingTimeSec());
        json.put("distanceMeters", r.distanceMeters());
        json.put("avgHr", e.avgHr());
        json.put("maxHr", e.maxHr());
        json.put("trimp", e.trimp());
        json.put("timeInZoneSec", e.timeInZoneSec());
        json.put("intensity", e.intensity().name());
        json.put("decouplingPct", e.decouplingPct());
        json.put("efficiencyFactor", e.efficiencyFactor());
        json.put("hrCoverage", e.hrCoverage());
        json.put("loadEstimated", !e.hasHeartRate());
        json.put("estimatedLoad", a.estimatedLoad());
        json.put("samplesAboveProfileMax", e.samplesAboveProfileMax());
        Map<String, Object> samples = new LinkedHashMap<>();
        samples.put("total", r.samples().size());
        samples.put("validHr", a.validHrSamples());
        samples.put("invalidSentinel", a.sentinelSamples());
        samples.put("outOfRange", a.outOfRangeSamples());
        samples.put("withoutHr", a.samplesWithoutHr());
        json.put("samples", samples);
        json.put("flags", a.qualityFlags());
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("maxHr", p.maxHr());
        profile.put("maxHrEstimated", p.maxHrEstimated());
        profile.put("restingHr", p.restingHr());
        profile.put("lthr", p.lthr());
        profile.put("sex", p.sex().name());
        profile.put("zoneModel", p.zoneModel().name());
        json.put("profile", profile);
        return json;
    }

    private static void printTable(PrintWriter out, ActivityFile file, int runsInFile, RunAnalysis a) {
        RunEffort e = a.effort();
        ActivityRecording r = a.recording();
        ResolvedProfile p = a.profile();
        row(
                out,
                "File",
                file.path() + " (" + r.format()
                        + (runsInFile > 1 ? ", run " + (r.sessionIndex() + 1) + " of " + runsInFile : "") + ")");
        row(out, "Sport", r.sport().name());
        row(out, "Start", r.start().toString());
        row(
                out,
                "Duration",
                clock(r.durationSec())
                        + (r.movingTimeSec() == null ? "" : " (moving " + clock(r.movingTimeSec()) + ")"));
        row(out, "Distance", String.format(Locale.ROOT, "%.2f km", r.distanceMeters() / 1000));
        row(
                out,
                "Avg / max HR",
                e.avgHr() == null ? "-" : String.format(Locale.ROOT, "%.1f / %d bpm", e.avgHr(), e.maxHr()));
        row(
                out,
                "TRIMP",
                e.hasHeartRate()
                        ? String.format(Locale.ROOT, "%.2f", e.trimp())
                        : String.format(Locale.ROOT, "- (no HR; duration-based estimate %.2f)", a.estimatedLoad()));
        int[] zones = e.timeInZoneSec();
        for (int z = 0; z < HeartRateZones.ZONE_COUNT; z++) {
            row(out, "Time in Z" + (z + 1), clock(zones[z]));
        }
        row(out, "Intensity", e.intensity().name());
        row(
                out,
                "Decoupling",
                e.decouplingPct() == null
                        ? "- (needs 40+ min with speed)"
                        : String.format(Locale.ROOT, "%.2f %%", e.decouplingPct()));
        row(out, "HR coverage", String.format(Locale.ROOT, "%.0f %%", e.hrCoverage() * 100));
        row(
                out,
                "Samples",
                r.samples().size() + " (" + a.validHrSamples() + " valid HR, " + a.sentinelSamples() + " x 255, "
                        + a.outOfRangeSamples() + " out of range, " + a.samplesWithoutHr() + " without HR)");
        row(out, "Flags", a.qualityFlags().isEmpty() ? "none" : String.join(", ", a.qualityFlags()));
        row(
                out,
                "Profile",
                String.format(
                        Locale.ROOT,
                        "max %d%s, resting %d, LTHR %.0f, %s, %s zones",
                        p.maxHr(),
                        p.maxHrEstimated() ? " (estimated)" : "",
                        p.restingHr(),
                        p.lthr(),
                        p.sex(),
                        p.zoneModel()));
    }

    private static void row(PrintWriter out, String label, String value) {
        out.printf(Locale.ROOT, "%-14s %s%n", label, value);
    }

    private static String clock(int seconds) {
        return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
}
