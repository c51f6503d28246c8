package io.runload.simulator;

import io.runload.avro.AthleteProfile;
import io.runload.avro.HeartRateSample;
import io.runload.avro.RunEvent;
import java.time.Instant;

/**
 * One record on its way to the sink, with the simulated moment it is sent. That moment is when
 * the device or app would send it, which for a late upload is days after the record's event time.
 */
sealed interface Emission {

    Instant emitAt();

    String athleteId();

    void deliverTo(SimulationSink sink, EmissionTally tally);

    record Profile(Instant emitAt, AthleteProfile profile) implements Emission {
        @Override
        public String athleteId() {
            return profile.getAthleteId();
        }

        @Override
        public void deliverTo(SimulationSink sink, EmissionTally tally) {
            sink.profile(profile);
            tally.profile();
        }
    }

    record Sample(Instant emitAt, HeartRateSample sample) implements Emission {
        @Override
        public String athleteId() {
            return sample.getAthleteId();
        }

        @Override
        public void deliverTo(SimulationSink sink, EmissionTally tally) {
            sink.sample(sample);
            tally.sample(sample);
        }
    }

    record Run(Instant emitAt, RunEvent run) implements Emission {
        @Override
        public String athleteId() {
            return run.getAthleteId();
        }

        @Override
        public void deliverTo(SimulationSink sink, EmissionTally tally) {
            sink.run(run);
            tally.run(run);
        }
    }

    // Emissions are delivered, never compared, so the arrays' identity equality does not matter.
    @SuppressWarnings("ArrayRecordComponent")
    record Garbage(Instant emitAt, String athleteId, String topic, byte[] key, byte[] value) implements Emission {
        @Override
        public void deliverTo(SimulationSink sink, EmissionTally tally) {
            sink.garbage(topic, key, value);
            tally.garbage();
        }
    }
}
