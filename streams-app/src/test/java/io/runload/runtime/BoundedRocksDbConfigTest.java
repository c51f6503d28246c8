package io.runload.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * The stores of one instance share one memory budget; two instances in one JVM do not, so an idle
 * instance's memtables cannot make a busy one flush on every write. A budget goes with the last
 * store of its instance.
 */
class BoundedRocksDbConfigTest {
    static {
        RocksDB.loadLibrary();
    }

    private final List<Options> options = new ArrayList<>();

    @AfterEach
    void close() {
        options.forEach(Options::close);
    }

    @Test
    void storesShareTheirInstancesBudgetAndNoOther() {
        int before = BoundedRocksDbConfig.budgets();
        BoundedRocksDbConfig ledgerA = new BoundedRocksDbConfig();
        BoundedRocksDbConfig heartRateA = new BoundedRocksDbConfig();
        BoundedRocksDbConfig ledgerB = new BoundedRocksDbConfig();
        Options a1 = configured(ledgerA, "runload-a", "/state/a");
        Options a2 = configured(heartRateA, "runload-a", "/state/a");
        Options b = configured(ledgerB, "runload-b", "/state/b");

        assertThat(a1.writeBufferManager()).isSameAs(a2.writeBufferManager());
        assertThat(b.writeBufferManager()).isNotSameAs(a1.writeBufferManager());
        assertThat(BoundedRocksDbConfig.budgets()).isEqualTo(before + 2);

        ledgerA.close("training-ledger", a1);
        assertThat(BoundedRocksDbConfig.budgets()).isEqualTo(before + 2);
        heartRateA.close("athlete-heart-rate", a2);
        assertThat(BoundedRocksDbConfig.budgets()).isEqualTo(before + 1);

        // The instance's next store (a restart, a revived task) gets a budget of its own again.
        BoundedRocksDbConfig reopened = new BoundedRocksDbConfig();
        Options a3 = configured(reopened, "runload-a", "/state/a");
        WriteBufferManager fresh = a3.writeBufferManager();
        assertThat(fresh).isNotSameAs(a1.writeBufferManager()).isNotSameAs(b.writeBufferManager());
        reopened.close("training-ledger", a3);
        ledgerB.close("training-ledger", b);
        assertThat(BoundedRocksDbConfig.budgets()).isEqualTo(before);
    }

    @Test
    void sameApplicationWithAnotherStateDirectoryIsAnotherInstance() {
        BoundedRocksDbConfig first = new BoundedRocksDbConfig();
        BoundedRocksDbConfig second = new BoundedRocksDbConfig();
        Options one = configured(first, "runload", "/state/1");
        Options two = configured(second, "runload", "/state/2");
        assertThat(one.writeBufferManager()).isNotSameAs(two.writeBufferManager());
        first.close("alert-log", one);
        second.close("alert-log", two);
    }

    private Options configured(BoundedRocksDbConfig setter, String applicationId, String stateDir) {
        Options o = new Options();
        o.setTableFormatConfig(new BlockBasedTableConfig());
        options.add(o);
        setter.setConfig(
                "store",
                o,
                Map.of(
                        StreamsConfig.APPLICATION_ID_CONFIG,
                        applicationId,
                        StreamsConfig.STATE_DIR_CONFIG,
                        stateDir,
                        BoundedRocksDbConfig.BLOCK_CACHE_BYTES_CONFIG,
                        Long.toString(8L << 20),
                        BoundedRocksDbConfig.WRITE_BUFFER_BYTES_CONFIG,
                        Long.toString(4L << 20)));
        return o;
    }
}
