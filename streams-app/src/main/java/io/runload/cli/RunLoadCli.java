package io.runload.cli;

import io.runload.runtime.ConfigException;
import io.runload.serde.AvroClassTrust;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Entry point of {@code runload.jar}. Without a subcommand it runs the pipeline ({@code run}). */
@Command(
        name = "runload",
        mixinStandardHelpOptions = true,
        version = "RunLoad 0.1.0",
        description = "Streaming training-load engine for running platforms.",
        subcommands = {
            RunCommand.class,
            SimulateCommand.class,
            ImportCommand.class,
            AnalyzeCommand.class,
            ReplayDlqCommand.class,
            EraseCommand.class
        })
public final class RunLoadCli implements java.util.concurrent.Callable<Integer> {

    // Picocli only injects options into the command it parsed, so the bare `runload` path owns its
    // own --config and hands it to the run command it delegates to.
    @Mixin
    ConfigFileOption configFile = new ConfigFileOption();

    @Override
    public Integer call() throws Exception {
        RunCommand run = new RunCommand();
        run.configFile = configFile;
        return run.call();
    }

    public static void main(String[] args) {
        AvroClassTrust.install();
        System.exit(execute(args));
    }

    /**
     * Runs the CLI and returns its exit code. Failures print one line, not a stack trace: 2 for a
     * configuration error, 1 for anything else (the trace goes to the debug log).
     */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line, for callers (tests) that redirect its output streams. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new RunLoadCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException) {
                commandLine.getErr().println("runload: " + e.getMessage());
                return 2;
            }
            LoggerFactory.getLogger(RunLoadCli.class).debug("Command failed", e);
            commandLine.getErr().println("runload: " + oneLine(e));
            return 1;
        });
        return cli;
    }

    /** The exception's message, followed by its causes' messages where they add something. */
    static String oneLine(Throwable e) {
        StringBuilder line = new StringBuilder(
                String.valueOf(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            String m = cause.getMessage();
            if (m != null && !line.toString().contains(m)) {
                line.append(": ").append(m);
            }
        }
        return line.toString().replace('\n', ' ');
    }
}
