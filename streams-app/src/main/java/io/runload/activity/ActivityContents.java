package io.runload.activity;

import java.util.List;

/**
 * What one activity file holds: its running activities, and the sports of the activities that were
 * left out because they are not runs (a bike leg of a triathlon, a swim), so the import can say so.
 */
public record ActivityContents(ActivityFormat format, List<ActivityRecording> runs, List<String> otherSports) {

    public ActivityContents {
        runs = List.copyOf(runs);
        otherSports = List.copyOf(otherSports);
    }
}
