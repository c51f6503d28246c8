package io.runload.domain;

import static io.runload.domain.LedgerRunBuilder.run;

import io.runload.avro.IntensityClass;
import io.runload.avro.PlannedType;
import io.runload.avro.Sport;
import java.time.LocalDate;

/**
 * The history behind the committed ledger fixtures: 90 days, so that days have been folded into
 * the seeds, with every kind of entry the codec must carry (fuzzy duplicate, deleted run, exact
 * re-send, two sources, estimated load, EF, plan, partial coverage, non-round numbers).
 */
public final class LedgerFixtureHistory {

    public static final LocalDate FIRST_DAY = LocalDate.of(2026, 3, 2);
    public static final int DAYS = 90;

    private LedgerFixtureHistory() {}

    public static TrainingLedger build() {
        TrainingLedger ledger = new TrainingLedger();
        for (int i = 0; i < DAYS; i++) {
            if (i % 7 == 2 || i % 7 == 5) {
                continue;
            }
            LocalDate day = FIRST_DAY.plusDays(i);
            String id = String.format("ath-0042-r%03d", i);
            LedgerRunBuilder b = run(id, day)
                    .externalId(String.valueOf(10_000_000_000L + 7_919L * i))
                    .duration(2_400 + 37 * i)
                    .distance(6_000 + 123.4 * i)
                    .load(40 + i * 0.7317 + Math.sqrt(i))
                    .hr(2_400 + 37 * i - i % 3, 2_000 + 11 * i)
                    .ef(0.0187 + i * 1.3e-5 + Math.PI * 1e-9)
                    .coverage(i % 4 == 0 ? 1.0 : 0.9 + i / 1_000.0 + 1.0 / 3_600);
            if (i % 7 == 6) {
                b.intensity(IntensityClass.HARD).planned(PlannedType.WORKOUT).sport(Sport.TRACK_RUN);
            }
            if (i % 7 == 3) {
                b.planned(PlannedType.EASY);
            }
            ledger.upsert(b.build());
            if (i % 10 == 1) {
                // the social-app copy of the same run: a fuzzy duplicate
                ledger.upsert(run(id + "-strava", day)
                        .source("strava")
                        .externalId("s" + i)
                        .startShiftMinutes(2)
                        .duration(2_400 + 37 * i)
                        .distance(6_000 + 123.4 * i)
                        .estimated()
                        .load(55.5)
                        .build());
            }
        }
        LocalDate last = FIRST_DAY.plusDays(DAYS - 1);
        ledger.upsert(run("ath-0042-gone", last.minusDays(3)).externalId("g-1").build());
        ledger.delete("ath-0042-gone");
        // a re-send of a known upload under another id updates the known run
        ledger.upsert(run("ath-0042-resend", last.minusDays(1))
                .externalId(String.valueOf(10_000_000_000L + 7_919L * 88))
                .duration(3_000)
                .distance(9_876.5)
                .load(77.125)
                .build());
        ledger.advanceTo(last.plusDays(2));
        return ledger;
    }
}
