package io.runload.topology;

import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A task's recently used store values, kept decoded in front of their store. Reading a value
 * through the store costs a full decode, and the per-sample path would pay it on every record.
 *
 * <p>Every write still goes to the store first, so the changelog, exactly-once and restore see
 * exactly what they saw without the cache; the cache only ever holds what the store holds. The
 * owning processor must be the store's only writer of values (others may delete, see below), must
 * {@link #forget} a value it changed but did not write, and must create the cache in {@code init}
 * (a revived task re-initialises the same processor after its stores were restored). Least
 * recently used values go first beyond {@code capacity}. Over a {@link CommitTimeEncodingStore},
 * a delete of a key by any processor of the task drops its decoded copy too.
 */
final class DecodedStateCache<V> {
    private final KeyValueStore<String, V> store;
    private final Map<String, V> recent;

    DecodedStateCache(KeyValueStore<String, V> store, int capacity) {
        this.store = store;
        this.recent = LeastRecentlyUsed.map(capacity);
        // Another processor of the task may delete a value (an erasure): the copy here must not outlive it.
        CommitTimeEncodingStore<?> layer = CommitTimeEncodingStore.under(store);
        if (layer != null) {
            layer.onDelete(recent::remove);
        }
    }

    /** The stored value, or null; the returned object is the cached one, so changes to it must be {@link #put} or {@link #forget}. */
    V get(String key) {
        V value = recent.get(key);
        if (value == null) {
            value = store.get(key);
            if (value != null) {
                recent.put(key, value);
            }
        }
        return value;
    }

    void put(String key, V value) {
        store.put(key, value);
        recent.put(key, value);
    }

    /** Drops the decoded copy, so that the next read decodes what the store holds. */
    void forget(String key) {
        recent.remove(key);
    }

    int size() {
        return recent.size();
    }
}
