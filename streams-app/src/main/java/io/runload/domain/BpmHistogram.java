package io.runload.domain;

/**
 * A run's heart rate as scoring under a profile reads it: per bpm, the valid samples counted and
 * the milliseconds credited to them. Bins come in strictly ascending bpm and may be empty.
 */
public interface BpmHistogram {

    int binCount();

    int binBpm(int bin);

    int binSamples(int bin);

    long binCreditedMillis(int bin);
}
