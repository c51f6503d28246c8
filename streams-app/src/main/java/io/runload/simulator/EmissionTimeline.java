package io.runload.simulator;

import java.time.Instant;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Merges many emission sources into one sequence ordered by emission time. Ties go to the source
 * added first, which keeps the output identical for a seed.
 */
final class EmissionTimeline implements Iterator<Emission> {

    private record Entry(EmissionSource source, long order, Instant due) {}

    private final PriorityQueue<Entry> queue =
            new PriorityQueue<>(Comparator.comparing(Entry::due).thenComparingLong(Entry::order));
    private long added;

    EmissionTimeline add(EmissionSource source) {
        long order = added++;
        Instant due = source.nextEmitAt();
        if (due != null) {
            queue.add(new Entry(source, order, due));
        }
        return this;
    }

    /** Emission time of the next record, or null when all sources are exhausted. */
    Instant peekEmitAt() {
        Entry head = queue.peek();
        return head == null ? null : head.due();
    }

    @Override
    public boolean hasNext() {
        return !queue.isEmpty();
    }

    @Override
    public Emission next() {
        Entry head = queue.poll();
        if (head == null) {
            throw new NoSuchElementException();
        }
        Emission emission = head.source().next();
        Instant due = head.source().nextEmitAt();
        if (due != null) {
            if (due.isBefore(head.due())) {
                throw new IllegalStateException("emission source went back in time: " + due + " < " + head.due());
            }
            queue.add(new Entry(head.source(), head.order(), due));
        }
        return emission;
    }
}
