package io.runload.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.runload.avro.HeartRateSample;
import io.runload.avro.RunEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpSchemaRegistryClientTest {

    private static final Schema HR = HeartRateSample.getClassSchema();
    private static final String SUBJECT = "runload.hr-samples.v1-value";
    /** Fast retries so the tests take milliseconds, not seconds. */
    private static final HttpRegistrySettings FAST = HttpRegistrySettings.defaults()
            .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2))
            .withRetries(3, Duration.ofMillis(10), Duration.ofMillis(40));

    private FakeConfluentRegistry server;

    @BeforeEach
    void start() throws Exception {
        server = new FakeConfluentRegistry();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void registersWithTheConfluentRequestAndFetchesByIdFromAFreshClient() throws Exception {
        int id = client(FAST).register(SUBJECT, HR);

        FakeConfluentRegistry.Request post = server.requests().get(0);
        assertThat(post.method()).isEqualTo("POST");
        assertThat(post.path()).isEqualTo("/subjects/runload.hr-samples.v1-value/versions");
        assertThat(post.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(FakeConfluentRegistry.json(post.body()).get("schema").asText())
                .isEqualTo(HR.toString());

        Schema fetched = client(FAST).schemaById(id);
        assertThat(fetched).isEqualTo(HR);
        assertThat(server.requestCount("GET", "/schemas/ids/" + id)).isEqualTo(1);
    }

    @Test
    void cachesInBothDirections() {
        HttpSchemaRegistryClient client = client(FAST);
        int id = client.register(SUBJECT, HR);
        assertThat(client.register(SUBJECT, HR)).isEqualTo(id);
        assertThat(client.lookupId(SUBJECT, HR)).isEqualTo(id);
        // Registering taught the client the id's schema: no GET needed.
        assertThat(client.schemaById(id)).isEqualTo(HR);
        assertThat(server.requests()).hasSize(1);

        HttpSchemaRegistryClient reader = client(FAST);
        reader.schemaById(id);
        reader.schemaById(id);
        reader.schemaById(id);
        assertThat(server.requestCount("GET", "/schemas/ids/")).isEqualTo(1);
    }

    @Test
    void lookupFindsRegisteredSchemasAndReportsMissingOnesWithTheConfluentCode() {
        int id = client(FAST).register(SUBJECT, HR);
        assertThat(client(FAST).lookupId(SUBJECT, HR)).isEqualTo(id);
        assertThat(server.requestCount("POST", "/subjects/" + SUBJECT)).isEqualTo(2);

        SchemaRegistryException missing = catchThrowableOfType(
                SchemaRegistryException.class, () -> client(FAST).lookupId(SUBJECT, RunEvent.getClassSchema()));
        assertThat(missing.httpStatus()).isEqualTo(404);
        assertThat(missing.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);
        assertThat(missing.url()).isEqualTo(server.url() + "/subjects/" + SUBJECT);
    }

    @Test
    void unknownIdIs40403AndIsNotRetried() {
        SchemaRegistryException e = catchThrowableOfType(
                SchemaRegistryException.class, () -> client(FAST).schemaById(4711));

        assertThat(e.httpStatus()).isEqualTo(404);
        assertThat(e.errorCode()).isEqualTo(40403);
        assertThat(e.isNotFound()).isTrue();
        assertThat(e)
                .hasMessageContaining("GET " + server.url() + "/schemas/ids/4711")
                .hasMessageContaining("HTTP 404 error_code 40403")
                .hasMessageContaining("Schema 4711 not found");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void twoServerErrorsThenSuccessSucceedsOnTheThirdAttempt() {
        server.failNext(2, 500);
        int id = client(FAST).register(SUBJECT, HR);
        assertThat(id).isEqualTo(1);
        assertThat(server.requestCount("POST", "/subjects/")).isEqualTo(3);
    }

    @Test
    void persistentServerErrorsGiveUpAfterTheConfiguredRetries() {
        server.failNext(100, 503);
        HttpRegistrySettings twoRetries = FAST.withRetries(2, Duration.ofMillis(10), Duration.ofMillis(40));

        SchemaRegistryException e = catchThrowableOfType(
                SchemaRegistryException.class, () -> client(twoRetries).schemaById(1));

        assertThat(e.httpStatus()).isEqualTo(503);
        assertThat(e.errorCode()).isEqualTo(50301);
        assertThat(e).hasMessageContaining("gave up after 3 attempts");
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void aSlowRegistryFailsWithinTheTimeoutBudgetAndSaysSo() {
        server.delayAnswers(Duration.ofSeconds(5));
        HttpRegistrySettings impatient = HttpRegistrySettings.defaults()
                .withTimeouts(Duration.ofMillis(500), Duration.ofMillis(200))
                .withRetries(1, Duration.ofMillis(50), Duration.ofMillis(50));

        long start = System.nanoTime();
        SchemaRegistryException e = catchThrowableOfType(
                SchemaRegistryException.class, () -> client(impatient).schemaById(1));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        // Budget: 2 attempts x 200 ms timeout + one 50 ms backoff = 450 ms; allow 1.5 s for a busy
        // machine, far below the 5 s the registry would take.
        assertThat(took).isBetween(Duration.ofMillis(450), Duration.ofMillis(1_500));
        assertThat(e.httpStatus()).isEqualTo(SchemaRegistryException.NO_STATUS);
        assertThat(e)
                .hasMessageContaining("GET " + server.url() + "/schemas/ids/1")
                .hasMessageContaining("timed out after 200 ms");
    }

    @Test
    void sendsBasicAuthFromUserInfo() {
        client(FAST.withUserInfo("runload:s3cret")).register(SUBJECT, HR);
        // base64("runload:s3cret") = cnVubG9hZDpzM2NyZXQ=
        assertThat(server.requests().get(0).authorization()).isEqualTo("Basic cnVubG9hZDpzM2NyZXQ=");
    }

    @Test
    void basicAuthCanComeFromTheUrlAndStaysOutOfRequestUrls() {
        String url = "http://runload:s3cret@127.0.0.1:" + server.url().getPort();
        SchemaRegistryClient client =
                SchemaRegistryClients.create(url, Map.of(HttpRegistrySettings.BASIC_AUTH_CREDENTIALS_SOURCE, "URL"));
        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> client.schemaById(9));
        assertThat(server.requests().get(0).authorization()).isEqualTo("Basic cnVubG9hZDpzM2NyZXQ=");
        assertThat(e).hasMessageNotContaining("s3cret");
    }

    @Test
    void withoutCredentialsNoAuthorizationHeaderIsSent() {
        client(FAST).register(SUBJECT, HR);
        assertThat(server.requests().get(0).authorization()).isNull();
    }

    @Test
    void failsOverToTheNextUrlWhenTheFirstOneErrs() throws Exception {
        try (FakeConfluentRegistry broken = new FakeConfluentRegistry()) {
            broken.failNext(1_000, 502);
            SchemaRegistryClient client = SchemaRegistryClients.create(
                    broken.url() + "," + server.url(), Map.of(HttpRegistrySettings.MAX_RETRIES, 0));

            assertThat(client.register(SUBJECT, HR)).isEqualTo(1);
            assertThat(broken.requests()).hasSize(1);
            assertThat(server.requests()).hasSize(1);
        }
    }

    @Test
    void configKeysReachTheClient() {
        SchemaRegistryClient client = SchemaRegistryClients.create(
                server.url() + "/",
                Map.of(
                        HttpRegistrySettings.CONNECT_TIMEOUT_MS,
                        "1500",
                        HttpRegistrySettings.REQUEST_TIMEOUT_MS,
                        2500,
                        HttpRegistrySettings.MAX_RETRIES,
                        "5",
                        HttpRegistrySettings.RETRY_BACKOFF_MS,
                        "20",
                        HttpRegistrySettings.MAX_RETRY_BACKOFF_MS,
                        "300",
                        "schema.registry." + HttpRegistrySettings.BASIC_AUTH_USER_INFO,
                        "u:p"));

        assertThat(client).isInstanceOf(HttpSchemaRegistryClient.class);
        HttpSchemaRegistryClient http = (HttpSchemaRegistryClient) client;
        assertThat(http.baseUrls()).containsExactly(server.url());
        HttpRegistrySettings s = http.settings();
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(s.requestTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(s.maxRetries()).isEqualTo(5);
        assertThat(s.userInfo()).contains("u:p");
        assertThat(s.toString()).doesNotContain("u:p");
        // 20 ms doubled per retry: 20, 40, 80, 160, then capped at 300.
        assertThat(List.of(1, 2, 3, 4, 5, 6).stream().map(s::backoffBeforeRetry).map(Duration::toMillis))
                .containsExactly(20L, 40L, 80L, 160L, 300L, 300L);
    }

    @Test
    void serdeConfiguredWithAnHttpUrlRoundTripsThroughTheRegistry() {
        Map<String, Object> config = Map.of(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                server.url().toString(),
                AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE,
                HeartRateSample.class.getName());
        SpecificAvroSerializer<HeartRateSample> serializer = new SpecificAvroSerializer<>();
        serializer.configure(config, false);
        SpecificAvroDeserializer<HeartRateSample> deserializer = new SpecificAvroDeserializer<>();
        deserializer.configure(config, false);

        HeartRateSample sample = SampleRecords.fullHeartRateSample();
        for (int i = 0; i < 3; i++) {
            byte[] framed = serializer.serialize("runload.hr-samples.v1", sample);
            assertThat(deserializer.deserialize("runload.hr-samples.v1", framed))
                    .isEqualTo(sample);
        }
        // One registration and one fetch, then both sides work from their caches.
        assertThat(server.requestCount("POST", "/subjects/runload.hr-samples.v1-value/versions"))
                .isEqualTo(1);
        assertThat(server.requestCount("GET", "/schemas/ids/1")).isEqualTo(1);
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void aConfiguredSerdeSharesOneClientSoReadingItsOwnWritesNeedsNoFetch() {
        SpecificAvroSerde<HeartRateSample> serde = new SpecificAvroSerde<>();
        serde.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, server.url().toString()), false);

        HeartRateSample sample = SampleRecords.sparseHeartRateSample();
        byte[] framed = serde.serializer().serialize("runload.hr-samples.v1", sample);

        assertThat(serde.deserializer().deserialize("runload.hr-samples.v1", framed))
                .isEqualTo(sample);
        assertThat(server.requests())
                .extracting(FakeConfluentRegistry.Request::method)
                .containsExactly("POST");
    }

    @Test
    void rejectsUrlsThatAreNotHttpOrMock() {
        assertThatThrownBy(() -> SchemaRegistryClients.create("ftp://registry", Map.of()))
                .hasMessageContaining("ftp://registry");
        assertThat(SchemaRegistryClients.create("mock://http-test", Map.of()))
                .isSameAs(InMemorySchemaRegistry.forScope("http-test"));
        InMemorySchemaRegistry.dropScope("http-test");
    }

    private HttpSchemaRegistryClient client(HttpRegistrySettings settings) {
        return new HttpSchemaRegistryClient(server.url(), settings);
    }
}
