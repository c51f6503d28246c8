package io.runload.cli;

import io.runload.runtime.ConfigException;
import io.runload.runtime.DeadLetterReplay;
import io.runload.runtime.RunLoadConfig;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Re-produces dead-lettered records to their source topics, once their cause is fixed. */
@Command(
        name = "replay-dlq",
        mixinStandardHelpOptions = true,
        description = "Send records from the dead-letter topic back to the input topic they came from (original key, "
                + "value and headers), filtered by reason. Reads the DLQ up to its current end.")
final class ReplayDlqCommand implements Callable<Integer> {

    @Option(
            names = "--reason",
            description = "Replay only this reason (repeatable), e.g. late, registry_unavailable. Default: all.")
    List<String> reasons;

    @Option(names = "--since", description = "Replay only records dead-lettered at or after this ISO-8601 instant.")
    String since;

    @Option(names = "--dry-run", description = "Count what would be replayed, and produce nothing.")
    boolean dryRun;

    @Mixin
    ConfigFileOption configFile = new ConfigFileOption();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        RunLoadConfig config = configFile.load();
        String bootstrap = ConfigFileOption.requireCluster(config, "'replay-dlq'");
        Instant from = null;
        if (since != null) {
            try {
                from = Instant.parse(since);
            } catch (DateTimeParseException e) {
                throw new ConfigException(
                        "Invalid --since '" + since + "': expected an ISO-8601 instant such as 2025-01-31T00:00:00Z");
            }
        }
        DeadLetterReplay.Report report = DeadLetterReplay.replay(
                bootstrap,
                config.kafkaClient(),
                config.topics(),
                new DeadLetterReplay.Filter(reasons == null ? Set.of() : Set.copyOf(reasons), from),
                dryRun);
        var out = spec.commandLine().getOut();
        out.printf(
                "%s %d record(s) from %s: %s; left in the DLQ: %s; without a RunLoad source topic: %d%n",
                dryRun ? "Would replay" : "Replayed",
                report.replayedTotal(),
                config.topics().deadLetters(),
                report.replayed(),
                report.skipped(),
                report.unroutable());
        out.flush();
        return 0;
    }
}
