package io.runload.topology;

import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A task's recently used store values, kept decoded in front of their store. Reading a value
 * through the store costs a full decode, and the per-sample path would pay it on every record.
 *
 * <p>Every change still reaches the store, so the changelog, exactly-once and restore see exactly
 * what they saw without the cache; the cache only ever holds what the store holds. The owning
 * processor must be the store's only writer of values (others may delete, see below), must
 * {@link #forget} a value it changed but did not write, and must create the cache in {@code init}
 * (a revived task re-initialises the same processor after its stores were restored). Least
 * recently used values go first beyond {@code capacity}.
 *
 * <p>Over a {@link CommitTimeEncodingStore}, a delete of a key by any processor of the task drops
 * its decoded copy too, and a value is handed to the store once per commit rather than on every
 * {@link #put}: while the store's {@link CommitTimeEncodingStore#epoch()} has not moved since the
 * object was last written, the store still holds that very object unflushed, and it will encode
 * it as it is at the commit. On the per-sample path a sample then costs one map lookup, not three.
 */
final class DecodedStateCache<V> {
    /** No write noted yet; no epoch of a store takes this value in practice. */
    private static final long UNWRITTEN = Long.MIN_VALUE;

    private final KeyValueStore<String, V> store;
    private final CommitTimeEncodingStore<?> pending;
    private final Map<String, Decoded<V>> recent;
    /** The entry the last {@link #get} returned, so that the {@link #put} that follows finds it without a lookup. */
    private String lastKey;

    private Decoded<V> last;

    /** A decoded value and the store's epoch when this object was last written to it. */
    private static final class Decoded<V> {
        V value;
        long writtenAt = UNWRITTEN;

        Decoded(V value) {
            this.value = value;
        }
    }

    DecodedStateCache(KeyValueStore<String, V> store, int capacity) {
        this.store = store;
        this.recent = LeastRecentlyUsed.map(capacity);
        this.pending = CommitTimeEncodingStore.under(store);
        // Another processor of the task may delete a value (an erasure): the copy here must not outlive it.
        if (pending != null) {
            pending.onDelete(this::forget);
        }
    }

    /** The stored value, or null; the returned object is the cached one, so changes to it must be {@link #put} or {@link #forget}. */
    V get(String key) {
        Decoded<V> entry = recent.get(key);
        if (entry == null) {
            V value = store.get(key);
            if (value == null) {
                return null;
            }
            entry = new Decoded<>(value);
            recent.put(key, entry);
        }
        lastKey = key;
        last = entry;
        return entry.value;
    }

    void put(String key, V value) {
        Decoded<V> entry = key.equals(lastKey) ? last : recent.get(key);
        if (pending != null && entry != null && entry.value == value && entry.writtenAt == pending.epoch()) {
            return;
        }
        // Noted before the write, which may flush early and move the epoch past this very write.
        long epoch = pending == null ? UNWRITTEN : pending.epoch();
        store.put(key, value);
        if (entry == null) {
            entry = new Decoded<>(value);
            recent.put(key, entry);
            lastKey = key;
            last = entry;
        }
        entry.value = value;
        entry.writtenAt = epoch;
    }

    /** Drops the decoded copy, so that the next read decodes what the store holds. */
    void forget(String key) {
        recent.remove(key);
        if (key.equals(lastKey)) {
            lastKey = null;
            last = null;
        }
    }

    int size() {
        return recent.size();
    }
}
