package io.runload.simulator;

import io.runload.avro.HeartRateSample;
import io.runload.avro.RunEvent;
import io.runload.avro.RunOp;
import java.util.concurrent.atomic.AtomicLong;

/** Running counts of what went to the sink; read from other threads (the dashboard) while it runs. */
final class EmissionTally {

    private final AtomicLong profiles = new AtomicLong();
    private final AtomicLong samples = new AtomicLong();
    private final AtomicLong invalidSamples = new AtomicLong();
    private final AtomicLong runUpserts = new AtomicLong();
    private final AtomicLong runDeletes = new AtomicLong();
    private final AtomicLong garbage = new AtomicLong();

    void profile() {
        profiles.incrementAndGet();
    }

    void sample(HeartRateSample sample) {
        samples.incrementAndGet();
        if (sample.getBpm() == RunRecording.FIT_INVALID_BPM) {
            invalidSamples.incrementAndGet();
        }
    }

    void run(RunEvent run) {
        (run.getOp() == RunOp.DELETE ? runDeletes : runUpserts).incrementAndGet();
    }

    void garbage() {
        garbage.incrementAndGet();
    }

    SimulationSummary snapshot() {
        return new SimulationSummary(
                profiles.get(), samples.get(), invalidSamples.get(), runUpserts.get(), runDeletes.get(), garbage.get());
    }
}
