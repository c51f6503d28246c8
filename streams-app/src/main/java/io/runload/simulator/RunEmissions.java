package io.runload.simulator;

import io.runload.avro.HeartRateSample;
import java.util.ArrayList;
import java.util.List;

/** Turns a recorded run into what its device and app send, and when. */
final class RunEmissions {

    private RunEmissions() {}

    static List<Emission> of(PlannedRun run) {
        RunRecording recording = RunRecording.of(run);
        List<Emission> emissions = new ArrayList<>(recording.samples().size() + 1);
        // Samples stream as they are recorded, or all shift together when the watch syncs late.
        for (HeartRateSample sample : recording.samples()) {
            emissions.add(new Emission.Sample(sample.getEventTime().plus(run.lateBy()), sample));
        }
        emissions.add(new Emission.Run(run.uploadAt(), recording.upsert(run.uploadAt())));
        return emissions;
    }
}
