package io.runload.runtime;

import io.runload.http.ApiAccess;
import io.runload.http.ApiKeyFile;
import io.runload.http.ApiRoutes;
import io.runload.http.AthleteQueryApi;
import io.runload.http.HttpServerSettings;
import io.runload.http.JwtVerifier;
import io.runload.http.LocalAthleteStores;
import io.runload.http.PeerQueryClient;
import io.runload.http.PeerSignature;
import io.runload.http.StoreOwnership;
import java.time.Clock;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

/** The query API of an instance, with who may call it and how it reaches its peers. */
final class QueryRoutes {
    private QueryRoutes() {}

    static ApiRoutes of(KafkaStreams streams, RunLoadConfig config, Clock clock) {
        HttpServerSettings http = config.http();
        // Without application.server there is nobody to route to: the instance answers alone.
        HostInfo self =
                config.applicationServer().map(HostInfo::buildFromEndpoint).orElse(HostInfo.unavailable());
        Optional<ApiKeyFile> keys = http.auth() == HttpServerSettings.AuthMode.KEYS
                ? http.apiKeysFile().map(f -> new ApiKeyFile(f, clock))
                : Optional.empty();
        Optional<PeerSignature> peers = http.peerSecretFile().map(f -> new PeerSignature(f, clock));
        AthleteQueryApi api = new AthleteQueryApi(
                new LocalAthleteStores(streams, clock),
                StoreOwnership.of(streams),
                self,
                PeerQueryClient.forSettings(http, peers),
                http.requestTimeout());
        Optional<JwtVerifier> jwts =
                http.auth() == HttpServerSettings.AuthMode.KEYS ? http.jwt().map(JwtVerifier::new) : Optional.empty();
        return new ApiRoutes(api, new ApiAccess(http.auth(), keys, jwts, peers));
    }
}
