package io.runload.topology;

import io.runload.avro.RunEvent;
import io.runload.avro.RunOp;
import io.runload.domain.AthleteHeartRateState;
import io.runload.domain.ProfileHistory;
import io.runload.domain.ResolvedProfile;
import io.runload.domain.RunEffort;
import io.runload.domain.RunHeartRateAccumulator;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Joins a run event with the heart rate recorded during it and the athlete's profile as of the
 * run's local date, giving the run's effort (TRIMP, zones, decoupling).
 */
final class RunSummaryProcessor implements Processor<String, RunEvent, String, ObservedRun> {
    private ProcessorContext<String, ObservedRun> context;
    private KeyValueStore<String, AthleteHeartRateState> heartRates;
    private KeyValueStore<String, ProfileHistory> profiles;

    @Override
    public void init(ProcessorContext<String, ObservedRun> context) {
        this.context = context;
        heartRates = context.getStateStore(StoreNames.HEART_RATE);
        profiles = context.getStateStore(StoreNames.PROFILE_HISTORY);
    }

    @Override
    public void process(Record<String, RunEvent> record) {
        RunEvent run = record.value();
        ProfileHistory history = profiles.get(record.key());
        ZoneId runZone = run.getTimezone() == null ? null : ZoneId.of(run.getTimezone());
        ResolvedProfile profile = history == null ? ProfileHistory.populationDefault()
                : history.resolveAt(run.getStartTime(), runZone);
        ZoneId zone = runZone != null ? runZone : profile.timezone();
        LocalDate localDate = LocalDate.ofInstant(run.getStartTime(), zone);
        RunEffort effort = null;
        if (run.getOp() != RunOp.DELETE) {
            AthleteHeartRateState hr = heartRates.get(record.key());
            Optional<RunHeartRateAccumulator> accumulator = hr == null ? Optional.empty()
                    : hr.findForRun(run.getRunId(), run.getStartTime().toEpochMilli(), run.getDurationSec());
            effort = accumulator.map(a -> a.summarize(profile, run.getStartTime().toEpochMilli(), run.getDurationSec()))
                    .filter(RunEffort::hasHeartRate)
                    .orElse(null);
        }
        context.forward(record.withValue(new ObservedRun(run, profile, zone, localDate, effort)));
    }

}
