package io.runload.domain;

/**
 * One minute of a run's heart-rate record: HR credit (see {@link RunHeartRateAccumulator}) that
 * began in {@code [startMillis, startMillis + 60 s)}, and the distance covered during the part of it
 * with a speed reading.
 *
 * @param hrMillis credited heart-rate time in the minute
 * @param bpmMillis sum of bpm times credited millis, so that the mean is {@code bpmMillis / hrMillis}
 * @param speedKnownMillis credited time that also had a speed reading
 * @param speedMetres metres covered over {@code speedKnownMillis} (speed times time)
 */
public record MinuteBucket(long startMillis, long hrMillis, long bpmMillis, long speedKnownMillis, double speedMetres) {

    public boolean hasHeartRate() {
        return hrMillis > 0;
    }

    public double meanBpm() {
        return hrMillis > 0 ? (double) bpmMillis / hrMillis : Double.NaN;
    }

    /** Mean speed over the part of the minute with a speed reading, in m/s; NaN without any. */
    public double meanSpeedMps() {
        return speedKnownMillis > 0 ? speedMetres / (speedKnownMillis / 1000.0) : Double.NaN;
    }
}
