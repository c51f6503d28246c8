package io.runload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class RunLoadCliTest {

    @Test
    void aStartUpFailureIsOneLineWithItsCauses() {
        var failure = new IllegalStateException(
                "Schema registry at http://127.0.0.1:1 is unreachable",
                new RuntimeException("Connection refused\nretrying"));
        assertThat(RunLoadCli.oneLine(failure))
                .isEqualTo("Schema registry at http://127.0.0.1:1 is unreachable: Connection refused retrying");
    }

    @Test
    void aBadSettingExitsWithCodeTwoAndOneLine() {
        StringWriter err = new StringWriter();
        var cli = RunLoadCli.commandLine();
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("run", "--config", "/nonexistent/runload.properties");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip())
                .startsWith("runload: Cannot read RUNLOAD_CONFIG_FILE=/nonexistent/runload.properties")
                .doesNotContain("\n")
                .doesNotContain("at io.runload");
    }

    @Test
    void withoutASubcommandItRunsThePipelineWithTheSameConfigOption() {
        StringWriter err = new StringWriter();
        var cli = RunLoadCli.commandLine();
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("--config", "/nonexistent/runload.properties");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip())
                .startsWith("runload: Cannot read RUNLOAD_CONFIG_FILE=/nonexistent/runload.properties");
    }
}
