package io.runload.cli;

import io.runload.avro.ErasureReceipt;
import io.runload.runtime.ErasureRequests;
import io.runload.runtime.RunLoadConfig;
import io.runload.serde.SchemaRegistryClients;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Requests the erasure of one athlete (GDPR art. 17); see docs/erasure.md. */
@Command(
        name = "erase",
        mixinStandardHelpOptions = true,
        description =
                "Erase an athlete: send an erasure request to the erasures topic. The running pipeline deletes the "
                        + "athlete from every state store and its changelog, stops serving it, tombstones its profile and writes "
                        + "a receipt to the erasure-receipts topic. Data that arrives later for the id starts a new athlete.")
final class EraseCommand implements Callable<Integer> {

    @Option(names = "--athlete-id", required = true, description = "Athlete to erase (the record key of its data).")
    String athleteId;

    @Option(
            names = "--wait",
            defaultValue = "PT60S",
            description =
                    "How long to wait for the receipt, as an ISO-8601 duration; PT0S sends and returns. Default: ${DEFAULT-VALUE}.")
    Duration wait;

    @Mixin
    ConfigFileOption configFile = new ConfigFileOption();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        RunLoadConfig config = configFile.load();
        String bootstrap = ConfigFileOption.requireCluster(config, "'erase'");
        ErasureRequests.Outcome outcome = ErasureRequests.request(
                bootstrap,
                config.kafkaClient(),
                config.topics(),
                SchemaRegistryClients.create(config.schemaRegistryUrl(), config.registryClientConfig()),
                config.autoRegisterSchemas(),
                athleteId,
                wait,
                Clock.systemUTC());
        var out = spec.commandLine().getOut();
        if (wait.isZero() || wait.isNegative()) {
            out.printf(
                    "Erasure request %s sent to %s%n",
                    outcome.requestId(), config.topics().erasures());
            out.flush();
            return 0;
        }
        if (outcome.receipt().isEmpty()) {
            spec.commandLine()
                    .getErr()
                    .printf(
                            "runload: erasure request %s sent to %s, but no receipt within %s "
                                    + "(is the pipeline running? the request stays queued)%n",
                            outcome.requestId(), config.topics().erasures(), wait);
            return 3;
        }
        ErasureReceipt receipt = outcome.receipt().get();
        int total = receipt.getStoresCleared().values().stream()
                .mapToInt(Integer::intValue)
                .sum();
        out.printf(
                "Erased: request %s completed at %s, %d state entries deleted %s%n",
                outcome.requestId(), receipt.getCompletedAt(), total, receipt.getStoresCleared());
        out.flush();
        return 0;
    }
}
