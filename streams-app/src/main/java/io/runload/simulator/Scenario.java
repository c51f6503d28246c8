package io.runload.simulator;

/**
 * The story an athlete's data tells. The first eight athletes get one each, in this order, so
 * that a short demo shows every alert type and every data-quality quirk the pipeline handles.
 */
public enum Scenario {
    /** Easy runs whose heart rate creeps up at the same pace; in the final week easy runs turn hard. */
    EASY_DRIFT,
    /** The last complete calendar week is about 40% longer than the one before. */
    VOLUME_JUMP,
    /** Long runs up to 20 km, then a 30 km long run in the last days. */
    LONG_RUN_SPIKE,
    /** The last ten days: a hard run every day, no light day. */
    OVERREACHING,
    /** Runs uploaded by both the watch vendor and Strava, and one exact re-send. */
    DUPLICATE_UPLOADS,
    /** One run arrives three days late; another has no heart rate at all. */
    LATE_UPLOAD,
    /** Flies from Berlin to New York and back; runs once at 23:30 on a Sunday, local time. */
    TRAVELLER,
    /** One run deleted, one relabelled after upload; samples carry no run id. */
    EDITED_RUNS,
    /** A steady, unremarkable athlete. */
    STEADY;

    static Scenario forIndex(int index) {
        Scenario[] all = values();
        return index < all.length - 1 ? all[index] : STEADY;
    }
}
