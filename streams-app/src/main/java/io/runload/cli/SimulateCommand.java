package io.runload.cli;

import io.runload.runtime.DemoSimulation;
import io.runload.runtime.RunLoadConfig;
import io.runload.serde.SchemaRegistryClients;
import java.time.Clock;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Feeds simulated athletes into an existing cluster (the embedded mode does this by itself). */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = "Produce demo athletes' profiles, heart-rate samples and runs to KAFKA_BOOTSTRAP_SERVERS.")
final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--athletes", description = "Number of simulated athletes (default: RUNLOAD_SIMULATOR_ATHLETES).")
    Integer athletes;

    @Option(names = "--seed", description = "Random seed (default: RUNLOAD_SIMULATOR_SEED).")
    Long seed;

    @Mixin
    ConfigFileOption configFile = new ConfigFileOption();

    @Override
    public Integer call() throws Exception {
        Properties overrides = configFile.overrides();
        if (athletes != null) {
            overrides.setProperty(RunLoadConfig.SIM_ATHLETES.key(), athletes.toString());
        }
        if (seed != null) {
            overrides.setProperty(RunLoadConfig.SIM_SEED.key(), seed.toString());
        }
        RunLoadConfig config = RunLoadConfig.load(System.getenv(), overrides);
        if (config.embedded()) {
            throw new io.runload.runtime.ConfigException(RunLoadConfig.BOOTSTRAP.env()
                    + " must be set for 'simulate' (the embedded 'run' already simulates)");
        }
        var registry = SchemaRegistryClients.create(config.schemaRegistryUrl(), config.registryClientConfig());
        CountDownLatch stopped = new CountDownLatch(1);
        DemoSimulation simulation =
                DemoSimulation.start(config, config.bootstrapServers().orElseThrow(), registry, Clock.systemUTC());
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            simulation.close();
                            stopped.countDown();
                        },
                        "runload-simulate-shutdown"));
        stopped.await();
        return 0;
    }
}
