package io.runload.simulator;

import io.runload.avro.AthleteProfile;
import io.runload.avro.HeartRateSample;
import io.runload.avro.RunEvent;

/**
 * Where the simulator puts what it generates. Keeping Kafka behind this interface lets the
 * simulator be tested in memory; the Kafka-producing adapter lives elsewhere.
 *
 * <p>Calls come from a single simulator thread, in emission order.
 */
public interface SimulationSink {

    /** Topic name of heart-rate samples, for {@link #garbage}. */
    String HR_SAMPLES = "hr-samples";
    /** Topic name of run events, for {@link #garbage}. */
    String RUNS = "runs";
    /** Topic name of athlete profiles, for {@link #garbage}. */
    String ATHLETE_PROFILES = "athlete-profiles";

    void profile(AthleteProfile profile);

    void sample(HeartRateSample sample);

    void run(RunEvent run);

    /**
     * Bytes that are not a valid record, so that the pipeline's dead-letter path is exercised.
     *
     * @param topic one of {@link #HR_SAMPLES}, {@link #RUNS}, {@link #ATHLETE_PROFILES}
     */
    void garbage(String topic, byte[] key, byte[] value);
}
