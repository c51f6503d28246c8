package io.runload.topology;

import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * Stands where the processor context's store handle stands, over the store under test, and counts
 * the writes handed to it.
 */
final class CountingKeyValueStore<V> extends WrappedStateStore<KeyValueStore<String, V>, String, V>
        implements KeyValueStore<String, V> {
    int puts;

    CountingKeyValueStore(KeyValueStore<String, V> inner) {
        super(inner);
    }

    @Override
    public void put(String key, V value) {
        puts++;
        wrapped().put(key, value);
    }

    @Override
    public V putIfAbsent(String key, V value) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void putAll(List<KeyValue<String, V>> entries) {
        throw new UnsupportedOperationException();
    }

    @Override
    public V delete(String key) {
        return wrapped().delete(key);
    }

    @Override
    public V get(String key) {
        return wrapped().get(key);
    }

    @Override
    public KeyValueIterator<String, V> range(String from, String to) {
        throw new UnsupportedOperationException();
    }

    @Override
    public KeyValueIterator<String, V> all() {
        throw new UnsupportedOperationException();
    }

    @Override
    public long approximateNumEntries() {
        return wrapped().approximateNumEntries();
    }
}
