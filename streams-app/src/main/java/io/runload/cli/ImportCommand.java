package io.runload.cli;

import io.runload.domain.InputPlausibility;
import io.runload.ingest.HistoryImport;
import io.runload.ingest.ImportFailure;
import io.runload.ingest.ImportProgress;
import io.runload.ingest.ImportReport;
import io.runload.ingest.KafkaImportSink;
import io.runload.runtime.ConfigException;
import io.runload.runtime.RunLoadConfig;
import io.runload.serde.SchemaRegistryClient;
import io.runload.serde.SchemaRegistryClients;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Back-fills an athlete's history from FIT, TCX and GPX files into the configured cluster. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Send runs from FIT, TCX and GPX files (or directories, recursively) to KAFKA_BOOTSTRAP_SERVERS "
                + "as run events and heart-rate samples. Re-importing the same files changes nothing downstream.")
final class ImportCommand implements Callable<Integer> {

    static final int EXIT_FILES_FAILED = 1;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Activity files or directories.")
    List<Path> paths;

    @Option(names = "--athlete-id", required = true, description = "Athlete the runs belong to (the record key).")
    String athleteId;

    @Option(names = "--source", defaultValue = "file-import",
            description = "Upload source recorded on every run (default: ${DEFAULT-VALUE}); with the file's content hash it identifies the upload.")
    String source;

    @Option(names = "--timezone", description = "IANA zone the runs happened in, e.g. Europe/Berlin (default: the athlete profile's).")
    String timezone;

    @Option(names = "--device-id", description = "Device id put on the heart-rate samples (default: <source>-<format>).")
    String deviceId;

    @Option(names = "--progress", description = "Show the progress bar even when stderr is not a terminal.")
    boolean progress;

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
        RunLoadConfig config = configFile.load();
        String bootstrap = ConfigFileOption.requireCluster(config, "'import' (the cluster to import into)");
        SchemaRegistryClient registry = SchemaRegistryClients.create(config.schemaRegistryUrl(), config.registryClientConfig());
        PrintStream terminal = System.err;
        boolean showProgress = progress || System.console() != null;
        Clock clock = Clock.systemUTC();
        ImportReport report;
        try (KafkaImportSink sink = new KafkaImportSink(bootstrap, config.topics().hrSamples(), config.topics().runs(),
                registry, config.autoRegisterSchemas(), clock)) {
            HistoryImport history = new HistoryImport(new HistoryImport.Options(athleteId, source, timezone, deviceId), sink,
                    new ImportProgress(terminal, showProgress, System::nanoTime), clock);
            report = history.importPaths(paths);
        }
        printSummary(spec.commandLine().getOut(), spec.commandLine().getErr(), report);
        return report.succeeded() ? 0 : EXIT_FILES_FAILED;
    }

    static void printSummary(PrintWriter out, PrintWriter err, ImportReport r) {
        for (ImportFailure failure : r.failures()) {
            err.println(failure);
        }
        err.flush();
        long skipped = r.samplesSkipped().values().stream().mapToLong(Long::longValue).sum();
        out.printf(Locale.ROOT, "Imported %d runs with %d heart-rate samples from %d of %d files in %.1f s%n",
                r.runsSent(), r.samplesSent(), r.filesRead(), r.filesFound(), r.elapsed().toMillis() / 1000.0);
        if (r.filesWithoutRuns() > 0) {
            out.printf(Locale.ROOT, "  %d files held no run (other sports)%n", r.filesWithoutRuns());
        }
        if (skipped > 0) {
            out.printf(Locale.ROOT, "  %d samples skipped: %s%n", skipped, r.samplesSkipped());
        }
        if (!r.succeeded()) {
            out.printf(Locale.ROOT, "  %d failed (listed on stderr)%n", r.failures().size());
        }
        out.flush();
    }
}
