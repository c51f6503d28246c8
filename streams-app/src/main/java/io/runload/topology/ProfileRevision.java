package io.runload.topology;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts profile updates across the whole topology, so that processors holding resolved profiles
 * can tell that theirs may be stale. One counter for all athletes and tasks: a profile update then
 * invalidates more than it must, which costs one re-resolution per cached athlete, while updates
 * are rare next to samples.
 */
final class ProfileRevision {
    private final AtomicLong revision = new AtomicLong();

    long current() {
        return revision.get();
    }

    /** Called after a profile history was written, before the next record of the task is processed. */
    void advance() {
        revision.incrementAndGet();
    }
}
