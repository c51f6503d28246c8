package io.runload.simulator;

import io.runload.avro.AthleteProfile;
import io.runload.avro.HeartRateSample;
import io.runload.avro.RunEvent;
import java.util.ArrayList;
import java.util.List;

/** Keeps everything the simulator sends, in order. */
class RecordingSink implements SimulationSink {

    // Compared by content where needed (DemoSimulatorHistoryTest.hash), never with equals.
    @SuppressWarnings("ArrayRecordComponent")
    record Garbage(String topic, byte[] key, byte[] value) {}

    /** Every record in arrival order: AthleteProfile, HeartRateSample, RunEvent or Garbage. */
    final List<Object> all = new ArrayList<>();

    final List<AthleteProfile> profiles = new ArrayList<>();
    final List<HeartRateSample> samples = new ArrayList<>();
    final List<RunEvent> runs = new ArrayList<>();
    final List<Garbage> garbage = new ArrayList<>();

    @Override
    public void profile(AthleteProfile profile) {
        profiles.add(profile);
        all.add(profile);
    }

    @Override
    public void sample(HeartRateSample sample) {
        samples.add(sample);
        all.add(sample);
    }

    @Override
    public void run(RunEvent run) {
        runs.add(run);
        all.add(run);
    }

    @Override
    public void garbage(String topic, byte[] key, byte[] value) {
        Garbage item = new Garbage(topic, key, value);
        garbage.add(item);
        all.add(item);
    }
}
