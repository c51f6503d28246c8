package io.runload.simulator;

/** What a simulated run really was, whatever the athlete labelled it. */
public enum RunKind {
    EASY,
    LONG,
    WORKOUT,
    /** Planned and started easy, then run hard after about 15 minutes. */
    EASY_TURNED_HARD,
    /** Sustained hard effort (the overreaching block). */
    HARD
}
