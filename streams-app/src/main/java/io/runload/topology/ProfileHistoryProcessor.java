package io.runload.topology;

import io.runload.avro.AthleteProfile;
import io.runload.domain.ProfileHistory;
import io.runload.domain.RunEffort;
import io.runload.domain.RunHeartRateRecord;
import io.runload.domain.TrainingLedger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps every version of an athlete's profile, not just the latest, because each activity must be
 * judged with the profile that was in force on its date. A version that changes the profile of
 * runs already summarised (one effective before them, or a correction of the version they were
 * scored with) scores those runs again from their stored heart-rate records, and hands each run
 * whose summary changes to the training ledger like a corrected upload. Runs that have left the
 * ledger window keep their scores: their records are gone, and the ledger holds only their days.
 */
final class ProfileHistoryProcessor implements Processor<String, AthleteProfile, String, ObservedRun> {
    private final ProfileRevision revision;
    private ProcessorContext<String, ObservedRun> context;
    private KeyValueStore<String, ProfileHistory> histories;
    private KeyValueStore<String, TrainingLedger> ledgers;
    private RunHeartRateRecords records;

    ProfileHistoryProcessor(ProfileRevision revision) {
        this.revision = revision;
    }

    @Override
    public void init(ProcessorContext<String, ObservedRun> context) {
        this.context = context;
        histories = context.getStateStore(StoreNames.PROFILE_HISTORY);
        ledgers = context.getStateStore(StoreNames.LEDGER);
        records = new RunHeartRateRecords(context.getStateStore(StoreNames.RUN_HEART_RATE_RECORD));
    }

    @Override
    public void process(Record<String, AthleteProfile> record) {
        String athleteId = record.key();
        TrainingLedger ledger = ledgers.get(athleteId);
        List<RunHeartRateRecord> runs = records.inWindow(athleteId, ledger);
        ProfileHistory history = histories.get(athleteId);
        // Resolved before the upsert changes the history in place: what each run was scored with.
        List<ObservedRun> before = new ArrayList<>(runs.size());
        for (RunHeartRateRecord run : runs) {
            before.add(ObservedRun.of(run.event(), history));
        }
        if (history == null) {
            history = new ProfileHistory();
        }
        history.upsert(ProfileMapping.toVersion(record.value()));
        histories.put(athleteId, history);
        revision.advance();
        for (int i = 0; i < runs.size(); i++) {
            rescore(athleteId, runs.get(i), before.get(i), history);
        }
    }

    private void rescore(String athleteId, RunHeartRateRecord run, ObservedRun before, ProfileHistory history) {
        ObservedRun after = ObservedRun.of(run.event(), history);
        // Read again for each run: a run moved to a later day by a new time zone moves the window.
        TrainingLedger ledger = ledgers.get(athleteId);
        if (after.localDate().isBefore(ledger.windowStart())) {
            // A new time zone cannot move a run out of the window the ledger still corrects.
            return;
        }
        RunEffort effort = run.effortUnder(after.profile());
        boolean unchanged = after.zone().equals(before.zone())
                && after.localDate().equals(before.localDate())
                && after.profile().maxHrEstimated() == before.profile().maxHrEstimated()
                && Objects.equals(effort, run.effortUnder(before.profile()));
        if (unchanged) {
            return;
        }
        if (!after.localDate().equals(run.localDate())) {
            records.rescored(athleteId, run.withEvent(run.event(), after.localDate()));
        }
        ObservedRun rescored =
                new ObservedRun(run.event(), after.profile(), after.zone(), after.localDate(), effort, run.minutes());
        context.forward(new Record<>(athleteId, rescored, rescored.endMillis()));
    }
}
