package io.runload.runtime;

import io.runload.http.AthleteQueryApi;
import io.runload.http.DashboardAssets;
import io.runload.http.LocalAthleteStores;
import io.runload.http.PeerQueryClient;
import io.runload.http.RunLoadHttpServer;
import io.runload.http.StoreOwnership;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

/** Puts the query API and the dashboard on the instance's HTTP server. */
final class QueryRoutes {
    private QueryRoutes() {}

    static void register(RunLoadHttpServer http, KafkaStreams streams, RunLoadConfig config, Clock clock) {
        // Without application.server there is nobody to route to: the instance answers alone.
        HostInfo self = config.applicationServer().map(HostInfo::buildFromEndpoint).orElse(HostInfo.unavailable());
        AthleteQueryApi api = new AthleteQueryApi(new LocalAthleteStores(streams, clock), StoreOwnership.of(streams), self,
                new PeerQueryClient(Duration.ofSeconds(1), Duration.ofSeconds(5)));
        http.route(AthleteQueryApi.PATH, api);
        http.route("/", new DashboardAssets());
    }
}
