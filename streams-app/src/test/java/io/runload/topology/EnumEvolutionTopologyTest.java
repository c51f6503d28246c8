package io.runload.topology;

import static io.runload.testing.TestRecords.profile;
import static io.runload.testing.TestRecords.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.runload.avro.RunEvent;
import io.runload.avro.RunSummary;
import io.runload.serde.AvroWireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A producer publishes RunEvent with one extra symbol in each of Sport, RunOp and PlannedType.
 * Each record is judged on its own values: those that keep to the known symbols are processed as
 * before, and each new symbol gets its documented handling.
 */
class EnumEvolutionTopologyTest {
    private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");
    private final TopologyHarness h = new TopologyHarness(NOW);

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void recordsOfANewerWriterSchemaAreEachHandledByTheirOwnSymbols() throws IOException {
        Schema current = RunEvent.getClassSchema();
        Schema newer = appendSymbol(
                appendSymbol(appendSymbol(current, "Sport", "HIKE"), "RunOp", "ARCHIVE"), "PlannedType", "TEMPO");
        int newerId = h.registry.register(h.topics.runs() + "-value", newer);
        h.profile(profile("a1").build());
        Instant day = Instant.parse("2026-11-23T07:00:00Z");

        send(newerId, newer, run("a1", "run-known", day, 1800, 5000).build(), null, null);
        send(
                newerId,
                newer,
                run("a1", "hike", day.plusSeconds(7200), 3600, 8000).build(),
                "sport",
                "HIKE");
        send(
                newerId,
                newer,
                run("a1", "archived", day.plusSeconds(14_400), 1800, 5000).build(),
                "op",
                "ARCHIVE");
        send(
                newerId,
                newer,
                run("a1", "tempo", day.plusSeconds(86_400), 1800, 6000).build(),
                "plannedType",
                "TEMPO");
        h.driver.advanceWallClockTime(TopologyHarness.RUN_HEART_RATE_WAIT.plusSeconds(1));

        List<RunSummary> summaries = h.summaries.readValuesToList();
        assertThat(summaries).extracting(RunSummary::getRunId).containsExactlyInAnyOrder("run-known", "tempo");
        RunSummary known = summaries.stream()
                .filter(s -> s.getRunId().equals("run-known"))
                .findFirst()
                .orElseThrow();
        assertThat(known.getPlannedType()).hasToString("EASY");
        RunSummary tempo = summaries.stream()
                .filter(s -> s.getRunId().equals("tempo"))
                .findFirst()
                .orElseThrow();
        assertThat(tempo.getPlannedType())
                .as("an unknown plan counts as no plan given")
                .isNull();

        List<TestRecord<byte[], byte[]>> dead = h.deadLetters.readRecordsToList();
        assertThat(dead)
                .extracting(r ->
                        new String(r.headers().lastHeader("runload.dlq.reason").value(), StandardCharsets.UTF_8))
                .containsExactly("unknown_run_op");
        assertThat(h.metric("runload.records.accepted", "input", "runs")).isEqualTo(3.0);
        assertThat(h.metric("runload.dropped.records", "input", "runs", "reason", "not_a_run"))
                .isEqualTo(1.0);
        assertThat(h.metric("runload.input.unknown.symbols", "input", "runs", "field", "plannedType"))
                .isEqualTo(1.0);
    }

    /** Encodes {@code event} with the newer writer schema, optionally with one field set to a new symbol. */
    private void send(int writerId, Schema writer, RunEvent event, String field, String newSymbol) throws IOException {
        byte[] framed = h.encode(event, h.topics.runs());
        GenericRecord generic = new GenericDatumReader<GenericRecord>(RunEvent.getClassSchema(), writer)
                .read(
                        null,
                        DecoderFactory.get()
                                .binaryDecoder(
                                        framed,
                                        AvroWireFormat.HEADER_LENGTH,
                                        framed.length - AvroWireFormat.HEADER_LENGTH,
                                        null));
        if (field != null) {
            Schema type = writer.getField(field).schema();
            if (type.getType() == Schema.Type.UNION) {
                type = type.getTypes().get(1);
            }
            generic.put(field, new GenericData.EnumSymbol(type, newSymbol));
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(body, null);
        new GenericDatumWriter<GenericRecord>(writer).write(generic, encoder);
        encoder.flush();
        h.runsRaw.pipeInput(new TestRecord<>(
                TopologyHarness.key(event.getAthleteId()),
                AvroWireFormat.frame(writerId, body.toByteArray()),
                event.getStartTime()));
    }

    private static Schema appendSymbol(Schema record, String enumName, String symbol) {
        Schema enumSchema = findEnum(record, enumName);
        String known = "\"symbols\":[\"" + String.join("\",\"", enumSchema.getEnumSymbols()) + "\"]";
        String json = record.toString();
        assertThat(json).contains(known);
        List<String> more = new java.util.ArrayList<>(enumSchema.getEnumSymbols());
        more.add(symbol);
        return new Schema.Parser().parse(json.replace(known, "\"symbols\":[\"" + String.join("\",\"", more) + "\"]"));
    }

    private static Schema findEnum(Schema record, String name) {
        for (Schema.Field f : record.getFields()) {
            for (Schema s :
                    f.schema().getType() == Schema.Type.UNION ? f.schema().getTypes() : Arrays.asList(f.schema())) {
                if (s.getType() == Schema.Type.ENUM && s.getName().equals(name)) {
                    return s;
                }
            }
        }
        throw new IllegalArgumentException(name);
    }
}
