package io.runload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.runload.avro.AthleteProfile;
import io.runload.avro.Sex;
import io.runload.avro.ZoneModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The athlete profile that {@code runload import} publishes from the same flags as {@code analyze}. */
class ImportProfileTest {

    static {
        // As RunLoadCli.main does: Avro builders resolve the enums' defaults by class.
        io.runload.serde.AvroClassTrust.install();
    }

    private static ImportCommand parsed(String... args) {
        ImportCommand command = new ImportCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void noProfileFlagPublishesNoProfile() {
        assertThat(parsed("--athlete-id", "me", "runs/").profile()).isEmpty();
    }

    @Test
    void theFlagsBecomeTheAthletesProfileForTheWholeHistory() {
        AthleteProfile p = parsed(
                        "--athlete-id",
                        "me",
                        "--max-hr",
                        "191",
                        "--resting-hr",
                        "48",
                        "--sex",
                        "female",
                        "--timezone",
                        "Europe/Berlin",
                        "runs/")
                .profile()
                .orElseThrow();
        assertThat(p.getAthleteId()).isEqualTo("me");
        assertThat(p.getMaxHr()).isEqualTo(191);
        assertThat(p.getRestingHr()).isEqualTo(48);
        assertThat(p.getLthr()).isNull();
        assertThat(p.getSex()).isEqualTo(Sex.FEMALE);
        assertThat(p.getTimezone()).isEqualTo("Europe/Berlin");
        assertThat(p.getZoneModel()).isEqualTo(ZoneModel.KARVONEN);
        assertThat(p.getEffectiveFrom()).isEqualTo(LocalDate.of(1900, 1, 1));

        AthleteProfile later = parsed(
                        "--athlete-id",
                        "me",
                        "--lthr",
                        "170",
                        "--zone-model",
                        "LTHR_FRIEL",
                        "--profile-from",
                        "2025-03-01",
                        "runs/")
                .profile()
                .orElseThrow();
        assertThat(later.getZoneModel()).isEqualTo(ZoneModel.LTHR_FRIEL);
        assertThat(later.getEffectiveFrom()).isEqualTo(LocalDate.of(2025, 3, 1));
        assertThat(later.getTimezone()).isEqualTo("UTC");
    }

    @Test
    void anImpossibleProfileFailsInOneLineBeforeAnythingIsSent() {
        StringWriter err = new StringWriter();
        CommandLine cli = RunLoadCli.commandLine();
        cli.setErr(new PrintWriter(err));
        // Resting above maximum: no zone can be computed. The cluster is never contacted (none is configured).
        int code = cli.execute("import", "--athlete-id", "me", "--max-hr", "150", "--resting-hr", "160", "runs/");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip())
                .startsWith("runload: impossible profile")
                .doesNotContain("\n");

        StringWriter err2 = new StringWriter();
        CommandLine cli2 = RunLoadCli.commandLine();
        cli2.setErr(new PrintWriter(err2));
        assertThat(cli2.execute("import", "--athlete-id", "me", "--sex", "other", "runs/"))
                .isEqualTo(2);
        assertThat(err2.toString()).contains("--sex must be male or female");
    }
}
