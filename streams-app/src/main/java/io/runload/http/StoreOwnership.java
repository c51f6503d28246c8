package io.runload.http;

import io.runload.topology.StoreNames;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Where athletes' state lives across the instances of the application. Every per-athlete store
 * sits in one sub-topology fed by athleteId-keyed topics, so one lookup answers for all of them.
 */
public interface StoreOwnership {
    /** The active and standby hosts and the partition of the athlete; partition -1 while unknown. */
    KeyQueryMetadata ownerOf(String athleteId);

    /** Every instance hosting the athlete stores, this one included. */
    Collection<HostInfo> hostsWithStores();

    static StoreOwnership of(KafkaStreams streams) {
        StringSerializer keys = new StringSerializer();
        return new StoreOwnership() {
            @Override
            public KeyQueryMetadata ownerOf(String athleteId) {
                KeyQueryMetadata metadata = streams.queryMetadataForKey(StoreNames.LEDGER, athleteId, keys);
                return metadata == null ? KeyQueryMetadata.NOT_AVAILABLE : metadata;
            }

            @Override
            public Collection<HostInfo> hostsWithStores() {
                Set<HostInfo> hosts = new LinkedHashSet<>();
                for (StreamsMetadata m : streams.streamsMetadataForStore(StoreNames.LEDGER)) {
                    hosts.add(m.hostInfo());
                }
                return hosts;
            }
        };
    }
}
