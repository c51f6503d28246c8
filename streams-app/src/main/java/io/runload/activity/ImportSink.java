package io.runload.activity;

import io.runload.avro.HeartRateSample;
import io.runload.avro.RunEvent;
import java.util.List;

/**
 * Where an import sends its records. Kafka stays behind this interface so the import can be tested
 * in memory; {@link KafkaImportSink} is the adapter.
 */
public interface ImportSink extends AutoCloseable {

    /**
     * One run: its heart-rate samples (in time order), then the run event, which the pipeline must
     * see after the samples so that the run's heart rate is complete when it is summarised.
     */
    void send(RunEvent run, List<HeartRateSample> samples);

    /** Waits until everything sent is acknowledged; throws with a one-line reason if anything was not. */
    void flush();

    @Override
    void close();
}
