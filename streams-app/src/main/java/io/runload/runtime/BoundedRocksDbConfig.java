package io.runload.runtime;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.CompressionType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds RocksDB memory for the whole instance: one block cache and one write-buffer manager shared
 * by every store of the instance, with index and filter blocks counted inside the cache. Without
 * this each store gets its own caches and memtables, and memory grows with the number of partitions.
 *
 * <p>One budget per instance (application id and state directory), not per JVM: the write-buffer
 * manager counts every memtable it was given, and when the total is over its budget it makes the
 * store being written flush, whatever holds the memory. An idle instance's memtables (Kafka
 * Streams 4.4 no longer flushes them at commits) would then make a busy instance in the same JVM
 * flush on almost every write, until its level-0 files stall writes for longer than a transaction
 * may last. The budget goes when the instance's last store closes.
 */
public final class BoundedRocksDbConfig implements RocksDBConfigSetter {
    public static final String BLOCK_CACHE_BYTES_CONFIG = "runload.rocksdb.block.cache.bytes";
    public static final String WRITE_BUFFER_BYTES_CONFIG = "runload.rocksdb.write.buffer.bytes";

    private static final Map<String, Budget> BUDGETS = new HashMap<>();

    /** The instance whose budget this setter's store uses; set in {@link #setConfig}, one store per setter. */
    private String instance;

    /** One instance's cache and write-buffer manager, and how many of its stores are open. */
    private static final class Budget {
        final Cache cache;
        final WriteBufferManager writeBufferManager;
        int openStores;

        Budget(long cacheBytes, long writeBufferBytes) {
            // -1: default shard bits; false: no strict limit; 0.1: high-priority pool for index/filter blocks.
            this.cache = new LRUCache(cacheBytes, -1, false, 0.1);
            this.writeBufferManager = new WriteBufferManager(writeBufferBytes, cache);
        }

        void close() {
            writeBufferManager.close();
            cache.close();
        }
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        long cacheBytes = longConfig(configs, BLOCK_CACHE_BYTES_CONFIG, 128L << 20);
        long writeBufferBytes = Math.min(longConfig(configs, WRITE_BUFFER_BYTES_CONFIG, 64L << 20), cacheBytes);
        instance = configs.get(StreamsConfig.APPLICATION_ID_CONFIG) + "@" + configs.get(StreamsConfig.STATE_DIR_CONFIG);
        synchronized (BUDGETS) {
            Budget budget = BUDGETS.computeIfAbsent(instance, key -> new Budget(cacheBytes, writeBufferBytes));
            budget.openStores++;
            BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
            table.setBlockCache(budget.cache);
            table.setCacheIndexAndFilterBlocks(true);
            table.setCacheIndexAndFilterBlocksWithHighPriority(true);
            table.setPinTopLevelIndexAndFilter(true);
            options.setTableFormatConfig(table);
            options.setWriteBufferManager(budget.writeBufferManager);
            // Kafka Streams' own default. With 2, writes stalled for minutes in bench/run; suspected, not yet
            // confirmed with RocksDB statistics, to be memtables waiting on the single flush thread.
            options.setMaxWriteBufferNumber(3);
            options.setCompressionType(CompressionType.LZ4_COMPRESSION);
        }
    }

    @Override
    public void close(String storeName, Options options) {
        synchronized (BUDGETS) {
            Budget budget = instance == null ? null : BUDGETS.get(instance);
            if (budget != null && --budget.openStores == 0) {
                // RocksDB holds its own references to both while a store is open; none is any more.
                BUDGETS.remove(instance);
                budget.close();
            }
        }
    }

    /** Instances with a budget, for tests. */
    static int budgets() {
        synchronized (BUDGETS) {
            return BUDGETS.size();
        }
    }

    private static long longConfig(Map<String, Object> configs, String key, long fallback) {
        Object v = configs.get(key);
        return v == null ? fallback : Long.parseLong(v.toString());
    }
}
