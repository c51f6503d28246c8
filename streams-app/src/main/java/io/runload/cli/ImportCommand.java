package io.runload.cli;

import io.runload.activity.HistoryImport;
import io.runload.activity.ImportFailure;
import io.runload.activity.ImportProgress;
import io.runload.activity.ImportReport;
import io.runload.activity.KafkaImportSink;
import io.runload.avro.AthleteProfile;
import io.runload.avro.Sex;
import io.runload.avro.ZoneModel;
import io.runload.domain.InputPlausibility;
import io.runload.domain.ProfileHistory;
import io.runload.domain.ProfileVersion;
import io.runload.runtime.ConfigException;
import io.runload.runtime.KafkaClientFailure;
import io.runload.runtime.RunLoadConfig;
import io.runload.serde.SchemaRegistryClient;
import io.runload.serde.SchemaRegistryClients;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Back-fills an athlete's history from FIT, TCX and GPX files into the configured cluster. */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = "Send runs from FIT, TCX and GPX files (or directories, recursively) to KAFKA_BOOTSTRAP_SERVERS "
                + "as run events and heart-rate samples. Re-importing the same files changes nothing downstream.")
final class ImportCommand implements Callable<Integer> {

    static final int EXIT_FILES_FAILED = 1;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Activity files or directories.")
    List<Path> paths;

    @Option(names = "--athlete-id", required = true, description = "Athlete the runs belong to (the record key).")
    String athleteId;

    @Option(
            names = "--source",
            defaultValue = "file-import",
            description =
                    "Upload source recorded on every run (default: ${DEFAULT-VALUE}); with the file's content hash it identifies the upload.")
    String source;

    @Option(
            names = "--timezone",
            description = "IANA zone the runs happened in, e.g. Europe/Berlin (default: the athlete profile's).")
    String timezone;

    @Option(
            names = "--device-id",
            description = "Device id put on the heart-rate samples (default: <source>-<format>).")
    String deviceId;

    @Option(names = "--progress", description = "Show the progress bar even when stderr is not a terminal.")
    boolean progress;

    @Option(names = "--max-hr", description = "Publish a profile with this maximum heart rate (as in 'analyze').")
    Integer maxHr;

    @Option(names = "--resting-hr", description = "Publish a profile with this resting heart rate.")
    Integer restingHr;

    @Option(names = "--lthr", description = "Publish a profile with this lactate-threshold heart rate.")
    Integer lthr;

    @Option(names = "--birth-year", description = "Publish a profile with this year of birth (max-HR estimate).")
    Integer birthYear;

    @Option(names = "--sex", description = "Publish a profile with this sex (male or female; TRIMP constant).")
    String sex;

    @Option(names = "--zone-model", description = "Publish a profile with this zone model: KARVONEN or LTHR_FRIEL.")
    ZoneModel zoneModel;

    @Option(
            names = "--profile-from",
            description = "Local date from which the published profile applies (default: 1900-01-01, "
                    + "i.e. the whole imported history).")
    String profileFrom;

    @Mixin
    ConfigFileOption configFile = new ConfigFileOption();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (timezone != null && !InputPlausibility.validZone(timezone)) {
            throw new ConfigException("--timezone '" + timezone + "' is not an IANA time zone");
        }
        if (athleteId.isBlank() || source.isBlank()) {
            throw new ConfigException("--athlete-id and --source must not be blank");
        }
        if (!io.runload.domain.AthleteId.isValid(athleteId)) {
            throw new ConfigException("--athlete-id must be " + io.runload.domain.AthleteId.FORM
                    + " (RunLoad dead-letters any other athlete id)");
        }
        Optional<AthleteProfile> profile = profile();
        RunLoadConfig config = configFile.load();
        String bootstrap = ConfigFileOption.requireCluster(config, "'import' (the cluster to import into)");
        SchemaRegistryClient registry =
                SchemaRegistryClients.create(config.schemaRegistryUrl(), config.registryClientConfig());
        PrintStream terminal = System.err;
        boolean showProgress = progress || interactive();
        Clock clock = Clock.systemUTC();
        ImportReport report;
        KafkaImportSink connected;
        try {
            connected = new KafkaImportSink(
                    config.kafkaClient().forClient(bootstrap, Map.of()),
                    config.topics().hrSamples(),
                    config.topics().runs(),
                    registry,
                    config.autoRegisterSchemas(),
                    clock);
        } catch (KafkaException e) {
            throw KafkaClientFailure.describe(
                    "reach " + config.topics().hrSamples(), e, config.kafkaClient(), bootstrap);
        }
        try (KafkaImportSink sink = connected) {
            if (profile.isPresent()) {
                sink.sendProfile(
                        config.topics().athleteProfiles(), profile.get(), registry, config.autoRegisterSchemas());
            }
            HistoryImport history = new HistoryImport(
                    new HistoryImport.Options(athleteId, source, timezone, deviceId),
                    sink,
                    new ImportProgress(terminal, showProgress, System::nanoTime),
                    clock);
            report = history.importPaths(paths);
        }
        printSummary(spec.commandLine().getOut(), spec.commandLine().getErr(), report);
        return report.succeeded() ? 0 : EXIT_FILES_FAILED;
    }

    /**
     * The profile the flags describe, if any profile flag is given; checked as RunLoad checks a
     * published profile, so an impossible one fails here in one line instead of in the DLQ.
     */
    Optional<AthleteProfile> profile() {
        if (maxHr == null
                && restingHr == null
                && lthr == null
                && birthYear == null
                && sex == null
                && zoneModel == null
                && profileFrom == null) {
            return Optional.empty();
        }
        Sex parsedSex = Sex.UNKNOWN;
        if (sex != null) {
            parsedSex = switch (sex.toLowerCase(Locale.ROOT)) {
                case "male", "m" -> Sex.MALE;
                case "female", "f" -> Sex.FEMALE;
                default -> throw new ConfigException("--sex must be male or female, not '" + sex + "'");
            };
        }
        LocalDate from;
        try {
            from = profileFrom == null ? LocalDate.of(1900, 1, 1) : LocalDate.parse(profileFrom);
        } catch (DateTimeParseException e) {
            throw new ConfigException("--profile-from '" + profileFrom + "' is not a date such as 2024-01-31");
        }
        String zone = timezone == null ? "UTC" : timezone;
        ProfileVersion version = new ProfileVersion(
                maxHr, restingHr, lthr, birthYear, parsedSex, ZoneId.of(zone), DayOfWeek.MONDAY, zoneModel, from);
        if (!new ProfileHistory().upsert(version)) {
            throw new ConfigException(
                    "impossible profile: " + version.impossibility().orElse("invalid"));
        }
        return Optional.of(AthleteProfile.newBuilder()
                .setAthleteId(athleteId)
                .setMaxHr(maxHr)
                .setRestingHr(restingHr)
                .setLthr(lthr)
                .setBirthYear(birthYear)
                .setSex(parsedSex)
                .setTimezone(zone)
                .setZoneModel(zoneModel == null ? ZoneModel.KARVONEN : zoneModel)
                .setEffectiveFrom(from)
                .build());
    }

    static void printSummary(PrintWriter out, PrintWriter err, ImportReport r) {
        for (ImportFailure failure : r.failures()) {
            err.println(failure);
        }
        err.flush();
        long skipped =
                r.samplesSkipped().values().stream().mapToLong(Long::longValue).sum();
        out.printf(
                Locale.ROOT,
                "Imported %d runs with %d heart-rate samples from %d of %d files in %.1f s%n",
                r.runsSent(),
                r.samplesSent(),
                r.filesRead(),
                r.filesFound(),
                r.elapsed().toMillis() / 1000.0);
        if (r.filesWithoutRuns() > 0) {
            out.printf(Locale.ROOT, "  %d files held no run (other sports)%n", r.filesWithoutRuns());
        }
        if (skipped > 0) {
            out.printf(Locale.ROOT, "  %d samples skipped: %s%n", skipped, r.samplesSkipped());
        }
        if (!r.succeeded()) {
            out.printf(
                    Locale.ROOT,
                    "  %d failed (listed on stderr)%n",
                    r.failures().size());
        }
        out.flush();
    }

    // Built for Java 17, where System.console() is null exactly when no terminal is attached; JDK 22
    // and newer return a console regardless and offer Console.isTerminal(), which 17 lacks.
    @SuppressWarnings("SystemConsoleNull")
    private static boolean interactive() {
        return System.console() != null;
    }
}
