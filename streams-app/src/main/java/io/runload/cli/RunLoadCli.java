package io.runload.cli;

import io.runload.runtime.ConfigException;
import io.runload.serde.AvroClassTrust;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code runload.jar}. Without a subcommand it runs the pipeline ({@code run}). */
@Command(name = "runload", mixinStandardHelpOptions = true, version = "RunLoad 0.1.0",
        description = "Streaming training-load engine for running platforms.",
        subcommands = {RunCommand.class, SimulateCommand.class, ReplayDlqCommand.class})
public final class RunLoadCli implements java.util.concurrent.Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        return new RunCommand().call();
    }

    public static void main(String[] args) {
        AvroClassTrust.install();
        System.exit(execute(args));
    }

    /** Runs the CLI and returns its exit code; configuration errors print one line, not a stack trace. */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new RunLoadCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException) {
                commandLine.getErr().println("runload: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli.execute(args);
    }
}
