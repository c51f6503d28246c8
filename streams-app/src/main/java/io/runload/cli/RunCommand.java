package io.runload.cli;

import io.runload.runtime.RunLoadApplication;
import io.runload.runtime.RunLoadConfig;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Runs the pipeline until SIGTERM/SIGINT, then shuts it down cleanly. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Run the pipeline. With no KAFKA_BOOTSTRAP_SERVERS it starts the embedded demo "
                + "(in-process broker, in-memory registry, simulator).")
final class RunCommand implements Callable<Integer> {

    @Mixin
    ConfigFileOption configFile = new ConfigFileOption();

    @Override
    public Integer call() throws Exception {
        RunLoadConfig config = configFile.load();
        RunLoadApplication app = RunLoadApplication.start(config, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            app.close();
                            stopped.countDown();
                        },
                        "runload-shutdown"));
        stopped.await();
        return 0;
    }
}
