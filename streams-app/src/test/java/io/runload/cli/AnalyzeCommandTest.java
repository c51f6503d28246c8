package io.runload.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code runload analyze} as a user runs it: JSON and table output, and one clean line for a bad file. */
class AnalyzeCommandTest {

    private static final String FENIX2 = "src/test/resources/activities/real/fitparse-activity-small-fenix2-run.fit";

    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = RunLoadCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void jsonIsOneObjectWithTheRequiredFields() throws Exception {
        Result r = run("analyze", FENIX2, "--max-hr", "190", "--resting-hr", "50", "--sex", "female", "--json");
        assertThat(r.code).as(r.err).isZero();
        assertThat(r.out.strip().lines()).hasSize(1);
        JsonNode json = new ObjectMapper().readTree(r.out);
        for (String field : new String[] {
            "trimp",
            "timeInZoneSec",
            "durationSec",
            "distanceMeters",
            "avgHr",
            "maxHr",
            "decouplingPct",
            "intensity",
            "flags"
        }) {
            assertThat(json.has(field)).as(field).isTrue();
        }
        assertThat(json.get("timeInZoneSec")).hasSize(5);
        assertThat(json.get("durationSec").asInt()).isEqualTo(2832);
        assertThat(json.get("profile").get("maxHr").asInt()).isEqualTo(190);
        assertThat(json.get("profile").get("sex").asText()).isEqualTo("FEMALE");
        assertThat(json.get("samples").get("invalidSentinel").asInt()).isEqualTo(1);
        // A different profile than the default (187/60/male) gives a different, lower load.
        assertThat(json.get("trimp").asDouble()).isLessThan(100.7983).isGreaterThan(0);
        int zoneTotal = 0;
        for (JsonNode z : json.get("timeInZoneSec")) {
            zoneTotal += z.asInt();
        }
        assertThat(zoneTotal).isCloseTo(2833, within(3));
    }

    @Test
    void tableIsReadable() {
        Result r = run("analyze", FENIX2);
        assertThat(r.code).isZero();
        assertThat(r.out)
                .contains("TRIMP          100.80")
                .contains("Time in Z4     0:18:04")
                .contains("INVALID_HR_SENTINEL");
    }

    @Test
    void corruptFileGivesOneLineAndNonZeroExit() throws Exception {
        Path bad = Files.write(
                dir.resolve("bad.fit"), new byte[] {14, 16, 0, 0, 99, 0, 0, 0, 'X', 'F', 'I', 'T', 0, 0, 1, 2, 3});
        Result r = run("analyze", bad.toString(), "--json");
        assertThat(r.code).isEqualTo(AnalyzeCommand.EXIT_UNREADABLE);
        assertThat(r.out).isEmpty();
        assertThat(r.err.strip().lines())
                .containsExactly("runload analyze: " + bad + ": corrupt FIT header (size byte 14, no .FIT signature)");
    }

    @Test
    void impossibleProfileIsRefused() {
        Result r = run("analyze", FENIX2, "--max-hr", "50", "--resting-hr", "60");
        assertThat(r.code).isEqualTo(AnalyzeCommand.EXIT_BAD_PROFILE);
        assertThat(r.err).contains("max_hr_below_resting").doesNotContain("Exception");
    }
}
