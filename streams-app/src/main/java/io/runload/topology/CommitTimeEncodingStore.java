package io.runload.topology;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A key-value store that holds the values written since the last commit as objects, and encodes
 * each of them once, when Kafka Streams flushes its caches right before it commits.
 *
 * <p>The per-sample heart-rate state is rewritten on every sample. Through Kafka Streams' record
 * cache each write costs a full encoding plus the cache's own bookkeeping, although only the last
 * write of an athlete before a commit ever reaches the changelog. Here a write is a map entry, and
 * the encoding happens in {@link #flushCache()}, which Kafka Streams calls for every store before
 * every commit (regular, on revocation and on close), so the changelog, exactly-once and restore
 * see exactly what they saw with the record cache.
 *
 * <p>Rules for its users, because the values are live objects: a value must not be changed after
 * it was written unless it is written again, and a writer that failed half-way through changing a
 * written value must {@link #discard} it. Reads from other threads (interactive queries) see the
 * last flushed values, never the objects being changed.
 *
 * <p>{@link org.apache.kafka.streams.state.internals.CachedStateStore#flushCache()} is Kafka
 * Streams' internal hook (4.4); {@code CommitTimeEncodingStoreTest} pins that it is called before
 * a commit, and the restart tests that what was written survives.
 */
final class CommitTimeEncodingStore<V> extends WrappedStateStore<KeyValueStore<String, V>, String, V>
        implements KeyValueStore<String, V> {

    /**
     * Beyond this many keys written since the last commit (a long commit interval, a back-fill
     * across many athletes), they are encoded early, so the objects held stay bounded. Writing to
     * the store before the commit is always safe: it joins the open transaction.
     */
    static final int MAX_PENDING_KEYS = 4096;

    private final Map<String, V> written = new LinkedHashMap<>();
    /**
     * Moves whenever a value written since the last flush may have left {@link #written} other than
     * by being written again (a flush, a discard, a delete, a re-initialisation), so that a caller
     * that noted it before a write knows, while it has not moved, that the key still holds the
     * very object written then.
     */
    private long epoch;

    private volatile Thread writer;
    /** Told about every deleted key, so that a copy of the value held elsewhere in the task goes too. */
    private volatile Consumer<String> deletions = key -> {};

    CommitTimeEncodingStore(KeyValueStore<String, V> inner) {
        super(inner);
    }

    /** Wraps a store builder, whose record cache it replaces. */
    static <V> StoreBuilder<KeyValueStore<String, V>> builder(StoreBuilder<KeyValueStore<String, V>> inner) {
        return new Builder<>(inner.withCachingDisabled());
    }

    /** This layer under a store handed out by a processor context, or null if the store has none. */
    static CommitTimeEncodingStore<?> under(StateStore store) {
        StateStore current = store;
        while (current != null) {
            if (current instanceof CommitTimeEncodingStore<?> found) {
                return found;
            }
            current = current instanceof WrappedStateStore<?, ?, ?> wrapped ? wrapped.wrapped() : null;
        }
        return null;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        forgetWritten();
        super.init(context, root);
    }

    @Override
    public V get(String key) {
        if (Thread.currentThread() == writer) {
            V pending = written.get(key);
            if (pending != null) {
                return pending;
            }
        }
        return wrapped().get(key);
    }

    @Override
    public void put(String key, V value) {
        Objects.requireNonNull(key, "key");
        if (value == null) {
            delete(key);
            return;
        }
        writer = Thread.currentThread();
        written.put(key, value);
        if (written.size() > MAX_PENDING_KEYS) {
            flushWritten();
        }
    }

    @Override
    public V putIfAbsent(String key, V value) {
        V current = get(key);
        if (current == null) {
            put(key, value);
        }
        return current;
    }

    @Override
    public void putAll(List<KeyValue<String, V>> entries) {
        for (KeyValue<String, V> entry : entries) {
            put(entry.key, entry.value);
        }
    }

    @Override
    public V delete(String key) {
        epoch++;
        V pending = written.remove(key);
        V stored = wrapped().delete(key);
        deletions.accept(key);
        return pending != null ? pending : stored;
    }

    /**
     * Sets the one listener told about deleted keys: the task's cache of decoded values over this
     * store, which another processor's delete (an erasure) would otherwise leave holding the value.
     * A re-initialised processor replaces its predecessor's listener.
     */
    void onDelete(Consumer<String> listener) {
        deletions = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Forgets an unflushed value whose writer failed while changing it, so that a half-changed
     * object never reaches the changelog. The store then holds the value of the last commit:
     * what was written to this key since then is lost, so the caller reports it. Returns whether
     * there was such a value.
     */
    boolean discard(String key) {
        epoch++;
        return written.remove(key) != null;
    }

    /** {@link #discard} for every unflushed key that starts with {@code prefix}; returns how many there were. */
    int discardStartingWith(String prefix) {
        epoch++;
        int before = written.size();
        written.keySet().removeIf(key -> key.startsWith(prefix));
        return before - written.size();
    }

    int pendingWrites() {
        return written.size();
    }

    /**
     * Read before a {@link #put}: as long as it returns the same number afterwards, that key still
     * holds the object then written, unflushed, so writing the same object again would change
     * nothing. It must be read before the write, because the write itself may flush early.
     */
    long epoch() {
        return epoch;
    }

    @Override
    public KeyValueIterator<String, V> range(String from, String to) {
        flushBeforeIterating();
        return wrapped().range(from, to);
    }

    @Override
    public KeyValueIterator<String, V> reverseRange(String from, String to) {
        flushBeforeIterating();
        return wrapped().reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<String, V> all() {
        flushBeforeIterating();
        return wrapped().all();
    }

    @Override
    public KeyValueIterator<String, V> reverseAll() {
        flushBeforeIterating();
        return wrapped().reverseAll();
    }

    @Override
    public <PS extends org.apache.kafka.common.serialization.Serializer<P>, P> KeyValueIterator<String, V> prefixScan(
            P prefix, PS prefixKeySerializer) {
        flushBeforeIterating();
        return wrapped().prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public long approximateNumEntries() {
        return wrapped().approximateNumEntries();
    }

    @Override
    public void flushCache() {
        flushWritten();
        super.flushCache();
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        flushWritten();
        super.commit(changelogOffsets);
    }

    @Override
    public void clearCache() {
        forgetWritten();
        super.clearCache();
    }

    @Override
    public void close() {
        forgetWritten();
        super.close();
    }

    /** Kafka Streams flushes from the thread that processes the task; before that, only that thread may flush. */
    private void flushWritten() {
        if (written.isEmpty()) {
            return;
        }
        // Before encoding: if one throws half-way, no writer may count on its value still being pending.
        epoch++;
        for (Map.Entry<String, V> entry : written.entrySet()) {
            wrapped().put(entry.getKey(), entry.getValue());
        }
        written.clear();
    }

    private void forgetWritten() {
        epoch++;
        written.clear();
    }

    /** An iteration by the writing thread must see its own writes; one by another thread (a query) must not race with it. */
    private void flushBeforeIterating() {
        if (Thread.currentThread() == writer) {
            flushWritten();
        }
    }

    private static final class Builder<V> implements StoreBuilder<KeyValueStore<String, V>> {
        private final StoreBuilder<KeyValueStore<String, V>> inner;

        Builder(StoreBuilder<KeyValueStore<String, V>> inner) {
            this.inner = inner;
        }

        @Override
        public StoreBuilder<KeyValueStore<String, V>> withCachingEnabled() {
            throw new UnsupportedOperationException("this store is its own cache");
        }

        @Override
        public StoreBuilder<KeyValueStore<String, V>> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<KeyValueStore<String, V>> withLoggingEnabled(Map<String, String> config) {
            inner.withLoggingEnabled(config);
            return this;
        }

        @Override
        public StoreBuilder<KeyValueStore<String, V>> withLoggingDisabled() {
            inner.withLoggingDisabled();
            return this;
        }

        @Override
        public KeyValueStore<String, V> build() {
            return new CommitTimeEncodingStore<>(inner.build());
        }

        @Override
        public Map<String, String> logConfig() {
            return inner.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return inner.loggingEnabled();
        }

        @Override
        public String name() {
            return inner.name();
        }
    }
}
