package io.runload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The argument checks of {@code runload erase}; the erasure itself is tested end to end in ErasureIT. */
class EraseCommandTest {

    @Test
    void aBlankAthleteIdIsRefusedBeforeAnythingIsSent() throws Exception {
        Path config = Files.createTempFile("runload-erase-", ".properties");
        // Nothing listens on port 1: the command must stop before it tries.
        Files.writeString(
                config, "kafka.bootstrap.servers=127.0.0.1:1\nschema.registry.url=mock://erase-command-test\n");
        StringWriter err = new StringWriter();
        var cli = RunLoadCli.commandLine();
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("erase", "--athlete-id", " ", "--config", config.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("runload: An athlete id is required");
    }

    @Test
    void withoutAClusterItSaysWhichSettingIsMissing() throws Exception {
        Path config = Files.createTempFile("runload-erase-", ".properties");
        Files.writeString(config, "runload.topic.prefix=x.\n");
        StringWriter err = new StringWriter();
        var cli = RunLoadCli.commandLine();
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("erase", "--athlete-id", "sim-0001", "--config", config.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("runload: KAFKA_BOOTSTRAP_SERVERS must be set for 'erase'");
    }
}
