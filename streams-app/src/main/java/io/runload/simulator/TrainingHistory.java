package io.runload.simulator;

import java.util.List;

/**
 * Everything one athlete did and sent during the simulated history.
 *
 * @param runs   runs in start order
 * @param edits  later uploads about those runs
 * @param extras profile versions and garbage, in emission order
 */
public record TrainingHistory(
        SimulatedAthlete athlete, List<PlannedRun> runs, List<RunEdit> edits, List<Emission> extras) {

    public TrainingHistory {
        runs = List.copyOf(runs);
        edits = List.copyOf(edits);
        extras = List.copyOf(extras);
    }
}
