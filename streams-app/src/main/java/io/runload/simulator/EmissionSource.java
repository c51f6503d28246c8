package io.runload.simulator;

import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;

/**
 * A lazily produced sequence of emissions in non-decreasing emission time. Knowing the next
 * emission time before producing the record lets the timeline hold hundreds of runs without
 * simulating any of them until their turn.
 */
interface EmissionSource {

    /** Emission time of the next record, or null when there is none. */
    Instant nextEmitAt();

    Emission next();

    static EmissionSource of(List<? extends Emission> emissions) {
        Iterator<? extends Emission> iterator = emissions.iterator();
        return new EmissionSource() {
            private Emission peeked = iterator.hasNext() ? iterator.next() : null;

            @Override
            public Instant nextEmitAt() {
                return peeked == null ? null : peeked.emitAt();
            }

            @Override
            public Emission next() {
                Emission current = peeked;
                peeked = iterator.hasNext() ? iterator.next() : null;
                return current;
            }
        };
    }

    /** One emission whose content is only worked out when it is due. */
    static EmissionSource deferred(Instant emitAt, Supplier<Emission> emission) {
        return new EmissionSource() {
            private boolean done;

            @Override
            public Instant nextEmitAt() {
                return done ? null : emitAt;
            }

            @Override
            public Emission next() {
                done = true;
                return emission.get();
            }
        };
    }

    /** A run's samples as they are recorded, then its RunEvent once uploaded. */
    static EmissionSource of(PlannedRun run) {
        return new EmissionSource() {
            private List<Emission> emissions;
            private int position;

            @Override
            public Instant nextEmitAt() {
                if (emissions == null) {
                    return run.firstEmissionAt();
                }
                return position < emissions.size() ? emissions.get(position).emitAt() : null;
            }

            @Override
            public Emission next() {
                if (emissions == null) {
                    emissions = RunEmissions.of(run);
                }
                return emissions.get(position++);
            }
        };
    }
}
