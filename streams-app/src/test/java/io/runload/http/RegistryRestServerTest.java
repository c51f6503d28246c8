package io.runload.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runload.avro.AthleteAlert;
import io.runload.avro.HeartRateSample;
import io.runload.serde.HttpRegistrySettings;
import io.runload.serde.HttpSchemaRegistryClient;
import io.runload.serde.InMemorySchemaRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded registry's Confluent REST API, driven by RunLoad's own HTTP registry client and raw requests. */
class RegistryRestServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String V1 =
            "{\"type\":\"record\",\"name\":\"Ping\",\"namespace\":\"t\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}";
    /** V1 plus an optional field: BACKWARD compatible (it reads V1 data, the new field takes its default). */
    private static final String V2 =
            "{\"type\":\"record\",\"name\":\"Ping\",\"namespace\":\"t\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"},"
                    + "{\"name\":\"b\",\"type\":[\"null\",\"string\"],\"default\":null}]}";
    /** A required field without a default: cannot read V2 data, so not BACKWARD compatible. */
    private static final String V3 =
            "{\"type\":\"record\",\"name\":\"Ping\",\"namespace\":\"t\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"},"
                    + "{\"name\":\"c\",\"type\":\"long\"}]}";

    @TempDir
    Path dir;

    @Test
    void servesWhatConfluentClientsUseAndKeepsIdsAcrossRestarts() throws Exception {
        Path journal = dir.resolve("registry/schemas.jsonl");
        int alertId;
        int hrId;
        try (RegistryRestServer server = started(InMemorySchemaRegistry.persistent("rest-test", journal))) {
            String base = "http://127.0.0.1:" + server.port();
            HttpSchemaRegistryClient client =
                    new HttpSchemaRegistryClient(URI.create(base), HttpRegistrySettings.defaults());
            hrId = client.register("runload.hr-samples.v1-value", HeartRateSample.getClassSchema());
            alertId = client.register("runload.alerts.v1-value", AthleteAlert.getClassSchema());
            assertThat(hrId).isEqualTo(1);
            assertThat(alertId).isEqualTo(2);
            // Same schema under another subject: same global id, as in Confluent's registry.
            assertThat(client.register("other-value", HeartRateSample.getClassSchema()))
                    .isEqualTo(1);
            assertThat(new HttpSchemaRegistryClient(URI.create(base), HttpRegistrySettings.defaults())
                            .schemaById(alertId))
                    .isEqualTo(AthleteAlert.getClassSchema());
            assertThat(client.lookupId("runload.alerts.v1-value", AthleteAlert.getClassSchema()))
                    .isEqualTo(alertId);

            assertThat(json(send(base, "GET", "/subjects", null)))
                    .extracting(JsonNode::asText)
                    .containsExactly("other-value", "runload.alerts.v1-value", "runload.hr-samples.v1-value");
            JsonNode latest = json(send(base, "GET", "/subjects/runload.alerts.v1-value/versions/latest", null));
            assertThat(latest.get("version").asInt()).isEqualTo(1);
            assertThat(latest.get("id").asInt()).isEqualTo(alertId);
            assertThat(new Schema.Parser()
                            .parse(send(base, "GET", "/schemas/ids/" + alertId + "/schema", null)
                                    .body()))
                    .isEqualTo(AthleteAlert.getClassSchema());
            HttpResponse<String> missing = send(base, "GET", "/schemas/ids/99", null);
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(json(missing).get("error_code").asInt()).isEqualTo(40403);
            assertThat(json(send(base, "GET", "/subjects/nope/versions", null))
                            .get("error_code")
                            .asInt())
                    .isEqualTo(40401);
            assertThat(json(send(base, "GET", "/subjects/runload.alerts.v1-value/versions/7", null))
                            .get("error_code")
                            .asInt())
                    .isEqualTo(40402);

            // BACKWARD (the default): an added optional field passes, a new required field does not.
            assertThat(register(base, "ping-value", V1).get("id").asInt()).isEqualTo(3);
            assertThat(json(send(base, "POST", "/compatibility/subjects/ping-value/versions/latest", body(V2)))
                            .get("is_compatible")
                            .asBoolean())
                    .isTrue();
            assertThat(register(base, "ping-value", V2).get("id").asInt()).isEqualTo(4);
            assertThat(json(send(base, "POST", "/compatibility/subjects/ping-value/versions/latest", body(V3)))
                            .get("is_compatible")
                            .asBoolean())
                    .isFalse();
            HttpResponse<String> refused = send(base, "POST", "/subjects/ping-value/versions", body(V3));
            assertThat(refused.statusCode()).isEqualTo(409);
            assertThat(json(send(base, "GET", "/subjects/ping-value/versions", null)))
                    .extracting(JsonNode::asInt)
                    .containsExactly(1, 2);

            assertThat(json(send(base, "GET", "/config", null))
                            .get("compatibilityLevel")
                            .asText())
                    .isEqualTo("BACKWARD");
            assertThat(json(send(base, "PUT", "/config", "{\"compatibility\":\"NONE\"}"))
                            .get("compatibility")
                            .asText())
                    .isEqualTo("NONE");
            assertThat(register(base, "ping-value", V3).get("id").asInt()).isEqualTo(5);
            assertThat(send(base, "PUT", "/config", "{\"compatibility\":\"SOMETIMES\"}")
                            .statusCode())
                    .isEqualTo(422);
            assertThat(send(base, "POST", "/subjects/x-value/versions", "{\"schema\":\"{not avro\"}")
                            .statusCode())
                    .isEqualTo(422);
        }

        // A second start over the same journal: same ids, subjects, versions and configuration.
        InMemorySchemaRegistry reopened = InMemorySchemaRegistry.persistent("rest-test", journal);
        assertThat(reopened.schemaById(alertId)).isEqualTo(AthleteAlert.getClassSchema());
        assertThat(reopened.lookupId("runload.hr-samples.v1-value", HeartRateSample.getClassSchema()))
                .isEqualTo(hrId);
        assertThat(reopened.versions("ping-value")).containsExactly(3, 4, 5);
        assertThat(reopened.compatibility()).isEqualTo("NONE");
        assertThat(reopened.register("new-value", new Schema.Parser().parse(V1)))
                .isEqualTo(3);
        assertThat(reopened.register("fresh-value", Schema.create(Schema.Type.STRING)))
                .isEqualTo(6);
        InMemorySchemaRegistry.dropScope("rest-test");

        // A line cut short by a crash is ignored; the entries before it stay.
        Files.writeString(
                journal,
                Files.readString(journal) + "{\"subject\":\"half",
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
        assertThat(InMemorySchemaRegistry.persistent("rest-test", journal).schemaById(6))
                .isEqualTo(Schema.create(Schema.Type.STRING));
        InMemorySchemaRegistry.dropScope("rest-test");
    }

    private static RegistryRestServer started(InMemorySchemaRegistry registry) throws Exception {
        RegistryRestServer server = new RegistryRestServer(registry, "127.0.0.1", 0);
        server.start();
        return server;
    }

    private static JsonNode register(String base, String subject, String schema) throws Exception {
        HttpResponse<String> answer = send(base, "POST", "/subjects/" + subject + "/versions", body(schema));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return json(answer);
    }

    private static String body(String schema) throws Exception {
        return JSON.writeValueAsString(Map.of("schema", schema));
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> send(String base, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json");
        request.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
