package io.runload.thirdparty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runload.avro.HeartRateSample;
import io.runload.avro.RunEvent;
import io.runload.avro.RunSummary;
import io.runload.runtime.RunLoadApplication;
import io.runload.runtime.RunLoadConfig;
import io.runload.serde.SchemaRegistryClient;
import io.runload.serde.SchemaRegistryClients;
import io.runload.serde.SchemaRegistryException;
import io.runload.serde.SpecificAvroDeserializer;
import io.runload.serde.SpecificAvroSerializer;
import io.runload.testing.ApicurioRegistry;
import io.runload.testing.SharedKafkaBroker;
import io.runload.testing.TestApplications;
import io.runload.testing.TestRecords;
import io.runload.topology.TopicNames;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RunLoad's own registry client and serdes against Apicurio Registry 3.3.3's Confluent-compatible
 * API: what a platform that runs Apicurio instead of Confluent's registry relies on.
 */
class ApicurioRegistryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static String url;
    private static SchemaRegistryClient client;

    @BeforeAll
    static void startRegistry() {
        url = ApicurioRegistry.shared().confluentUrl();
        client = SchemaRegistryClients.forUrl(url);
    }

    @Test
    void registersLooksUpAndReadsSchemasById() {
        String subject = subject("samples");
        Schema schema = HeartRateSample.getClassSchema();

        int id = client.register(subject, schema);

        assertThat(client.register(subject, schema))
                .as("registering the same schema again finds it")
                .isEqualTo(id);
        assertThat(client.lookupId(subject, schema)).isEqualTo(id);
        assertThat(client.schemaById(id)).isEqualTo(schema);
        assertThatThrownBy(() -> client.lookupId(subject("never-registered"), schema))
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.httpStatus()).isEqualTo(404));

        // The serdes frame records with the id that Apicurio handed out and read them back through it.
        String topic = subject.substring(0, subject.length() - "-value".length());
        HeartRateSample sample = TestRecords.sample("apicurio-a", "run-1", Instant.parse("2026-03-01T07:00:00Z"), 141);
        byte[] framed = new SpecificAvroSerializer<>(HeartRateSample.class, client, true).serialize(topic, sample);
        assertThat(framed[0]).isZero();
        assertThat(ByteBuffer.wrap(framed, 1, 4).getInt()).isEqualTo(id);
        assertThat(new SpecificAvroDeserializer<>(HeartRateSample.class, client).deserialize(topic, framed))
                .isEqualTo(sample);
    }

    @Test
    void backwardCompatibilityAcceptsAnOptionalFieldAndRefusesARequiredOne() throws Exception {
        String subject = subject("runs");
        setCompatibility(subject, "BACKWARD");
        Schema original = RunEvent.getClassSchema();
        int originalId = client.register(subject, original);

        Schema withOptionalNote = withExtraField(original, "note", "[\"null\",\"string\"]", "null");
        Schema withRequiredNote = withExtraField(original, "note", "\"string\"", null);

        assertThat(isCompatible(subject, withOptionalNote))
                .as("an extra optional field is BACKWARD compatible")
                .isTrue();
        assertThat(isCompatible(subject, withRequiredNote))
                .as("an extra field without default is not")
                .isFalse();
        assertThatThrownBy(() -> client.register(subject, withRequiredNote))
                .as("the registry refuses to register the incompatible schema")
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.httpStatus()).isEqualTo(409));

        int evolvedId = client.register(subject, withOptionalNote);
        assertThat(evolvedId).isNotEqualTo(originalId);

        // A producer on the evolved schema: RunLoad reads its records as the RunEvent it knows.
        RunEvent run = TestRecords.run("apicurio-b", "run-7", Instant.parse("2026-03-02T06:30:00Z"), 2400, 7100.0)
                .build();
        GenericRecord evolved = reread(run, withOptionalNote);
        evolved.put("note", "hill reps");
        byte[] framed = frame(evolvedId, withOptionalNote, evolved);
        String topic = subject.substring(0, subject.length() - "-value".length());
        assertThat(new SpecificAvroDeserializer<>(RunEvent.class, client).deserialize(topic, framed))
                .isEqualTo(run);
    }

    @Test
    void aWriterSchemaThatAddsAnEnumSymbolIsBackwardCompatible() throws Exception {
        String subject = subject("runs-enum");
        setCompatibility(subject, "BACKWARD");
        Schema original = RunEvent.getClassSchema();
        client.register(subject, original);
        List<String> symbols =
                new ArrayList<>(original.getField("sport").schema().getEnumSymbols());
        symbols.add("HIKE");
        String text = original.toString();
        String before =
                JSON.writeValueAsString(original.getField("sport").schema().getEnumSymbols());
        assertThat(text).contains(before);
        Schema withHike = new Schema.Parser().parse(text.replace(before, JSON.writeValueAsString(symbols)));

        assertThat(isCompatible(subject, withHike)).isTrue();
        int id = client.register(subject, withHike);

        Schema stored = client.schemaById(id);
        assertThat(stored.getField("sport").schema().getEnumSymbols())
                .as("the symbols survive the registry")
                .isEqualTo(symbols);
        assertThat(stored).isEqualTo(withHike);
    }

    @Test
    void runLoadProcessesInputsWithApicurioAsItsRegistryAndItsOutputsDecode() throws Exception {
        Properties settings = TestApplications.isolated("apicurio-e2e");
        settings.setProperty(RunLoadConfig.REGISTRY.key(), url);
        settings.setProperty(RunLoadConfig.RUN_HR_WAIT.key(), "PT0S");
        RunLoadConfig config = RunLoadConfig.load(Map.of(), settings);
        TopicNames topics = config.topics();
        String athlete = "apicurio-runner";
        String runId = "apicurio-run-1";
        Instant start = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);

        try (RunLoadApplication app = TestApplications.start(settings)) {
            TestApplications.awaitRunning(app, Duration.ofSeconds(60));
            byte[] key = athlete.getBytes(StandardCharsets.UTF_8);
            List<ProducerRecord<byte[], byte[]>> inputs = new ArrayList<>();
            inputs.add(new ProducerRecord<>(
                    topics.athleteProfiles(),
                    key,
                    encode(
                            topics.athleteProfiles(),
                            TestRecords.profile(athlete).build())));
            SharedKafkaBroker.produce(inputs);
            inputs.clear();
            for (int s = 0; s <= 1200; s += 5) {
                inputs.add(new ProducerRecord<>(
                        topics.hrSamples(),
                        key,
                        encode(topics.hrSamples(), TestRecords.sample(athlete, runId, start.plusSeconds(s), 140))));
            }
            SharedKafkaBroker.produce(inputs);
            SharedKafkaBroker.produce(
                    topics.runs(),
                    key,
                    encode(
                            topics.runs(),
                            TestRecords.run(athlete, runId, start, 1200, 3600.0).build()));

            List<ConsumerRecord<byte[], byte[]>> out =
                    SharedKafkaBroker.consumeAll(topics.runSummaries(), 1, Duration.ofSeconds(45));
            assertThat(out).as("a run summary arrives").isNotEmpty();
            RunSummary summary = new SpecificAvroDeserializer<>(RunSummary.class, client)
                    .deserialize(topics.runSummaries(), out.get(out.size() - 1).value());
            assertThat(summary.getRunId()).isEqualTo(runId);
            assertThat(summary.getDurationSec()).isEqualTo(1200);
            assertThat(summary.getDistanceMeters()).isEqualTo(3600.0);
            assertThat(summary.getLoadEstimated()).as("heart rate was used").isFalse();
            assertThat(summary.getLoad()).isPositive();
        }
        // RunLoad registered its output schemas in Apicurio, under the topic's subject.
        JsonNode subjects = JSON.readTree(get("/subjects"));
        List<String> names = new ArrayList<>();
        subjects.forEach(n -> names.add(n.asText()));
        assertThat(names).contains(topics.runSummaries() + "-value");
    }

    private static String subject(String what) {
        return "apicurio-it-" + what + "-" + UUID.randomUUID().toString().substring(0, 8) + "-value";
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> byte[] encode(String topic, T value) {
        @SuppressWarnings({"unchecked", "rawtypes"})
        SpecificAvroSerializer<T> serializer = new SpecificAvroSerializer(value.getClass(), client, true);
        return serializer.serialize(topic, value);
    }

    private static Schema withExtraField(Schema record, String name, String typeJson, String defaultJson)
            throws Exception {
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(record.toString());
        var field = JSON.createObjectNode().put("name", name);
        field.set("type", JSON.readTree(typeJson));
        if (defaultJson != null) {
            field.set("default", JSON.readTree(defaultJson));
        }
        ((com.fasterxml.jackson.databind.node.ArrayNode) tree.get("fields")).add(field);
        return new Schema.Parser().parse(JSON.writeValueAsString(tree));
    }

    /** The specific record as a generic one of {@code schema}, by Avro's own schema resolution. */
    private static GenericRecord reread(RunEvent run, Schema schema) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new SpecificDatumWriter<>(RunEvent.class).write(run, encoder);
        encoder.flush();
        return new GenericDatumReader<GenericRecord>(RunEvent.getClassSchema(), schema, GenericData.get())
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
    }

    /** Confluent's wire format, written here without RunLoad's serializer: magic 0, the id, the Avro body. */
    private static byte[] frame(int id, Schema schema, GenericRecord record) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(0);
        bytes.write(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return bytes.toByteArray();
    }

    private static void setCompatibility(String subject, String level) throws Exception {
        HttpResponse<String> response = HTTP.send(
                request("/config/" + encoded(subject))
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\":\"" + level + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private static boolean isCompatible(String subject, Schema schema) throws Exception {
        String body = JSON.writeValueAsString(Map.of("schema", schema.toString()));
        HttpResponse<String> response = HTTP.send(
                request("/compatibility/subjects/" + encoded(subject) + "/versions/latest")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode verdict = JSON.readTree(response.body()).get("is_compatible");
        assertThat(verdict).as(response.body()).isNotNull();
        return verdict.asBoolean();
    }

    private static String get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(url + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json");
    }

    private static String encoded(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8);
    }
}
