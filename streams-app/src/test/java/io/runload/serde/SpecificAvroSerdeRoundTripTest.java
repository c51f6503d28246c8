package io.runload.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runload.avro.AthleteAlert;
import io.runload.avro.AthleteProfile;
import io.runload.avro.HeartRateSample;
import io.runload.avro.RunSummary;
import io.runload.avro.Sex;
import io.runload.avro.WeekStart;
import io.runload.avro.WeeklyVolume;
import io.runload.avro.ZoneModel;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SpecificAvroSerdeRoundTripTest {

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

    static Stream<SpecificRecord> everySchema() {
        return SampleRecords.all().stream();
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("everySchema")
    void everyRecordSurvivesTheRoundTripAndIsFramedWithItsRegisteredId(SpecificRecord record) {
        String topic = "runload." + record.getSchema().getName() + ".v1";

        byte[] framed = serde(record).serializer().serialize(topic, record);
        SpecificRecord decoded = serde(record).deserializer().deserialize(topic, framed);

        assertThat(decoded).isInstanceOf(record.getClass()).isEqualTo(record);
        assertThat(framed[0]).isEqualTo(AvroWireFormat.MAGIC_BYTE);
        int registeredId = registry.lookupId(topic + "-value", record.getSchema());
        assertThat(AvroWireFormat.schemaId(framed)).isEqualTo(registeredId);
    }

    @Test
    void logicalTypesDecodeToJavaTimeAndCollectionsKeepTheirContents() {
        RunSummary summary = roundTrip(SampleRecords.fullRunSummary());
        assertThat(summary.getStartTime()).isEqualTo(Instant.parse("2026-03-14T07:05:00Z"));
        assertThat(summary.getLocalDate()).isEqualTo(LocalDate.of(2026, 3, 14));
        assertThat(summary.getTimeInZoneSec()).containsExactly(600, 1800, 1500, 900, 223);
        assertThat(summary.getQualityFlags()).containsExactly("HR_JUMPS", "LOW_HR_COVERAGE");

        HeartRateSample sample = roundTrip(SampleRecords.fullHeartRateSample());
        assertThat(sample.getEventTime()).isEqualTo(Instant.parse("2026-03-14T07:12:31.250Z"));
        assertThat(sample.getRrIntervalsMs()).containsExactly(395, 402, 388);

        AthleteAlert alert = roundTrip(SampleRecords.fullAthleteAlert());
        assertThat(alert.getEvidence())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("weekDistanceKm", 62.4, "previousWeekDistanceKm", 44.0, "changePct", 41.82));

        WeeklyVolume week = roundTrip(SampleRecords.sparseWeeklyVolume());
        assertThat(week.getWeekStart()).isEqualTo(LocalDate.of(2026, 3, 8));
        assertThat(week.getAcwr()).isNull();
        assertThat(week.getWeekOverWeekChangePct()).isNull();
    }

    @Test
    void sparseProfileKeepsTheSchemaDefaultsTheBuilderFilledIn() {
        AthleteProfile profile = roundTrip(SampleRecords.sparseAthleteProfile());
        assertThat(profile.getMaxHr()).isNull();
        assertThat(profile.getSex()).isEqualTo(Sex.UNKNOWN);
        assertThat(profile.getTimezone()).isEqualTo("UTC");
        assertThat(profile.getWeekStart()).isEqualTo(WeekStart.MONDAY);
        assertThat(profile.getZoneModel()).isEqualTo(ZoneModel.KARVONEN);
        // Epoch day 0 is the smallest non-negative date: it encodes as the single byte 0x00.
        assertThat(profile.getEffectiveFrom()).isEqualTo(LocalDate.EPOCH);
    }

    @Test
    void nullIsATombstoneBothWays() {
        SpecificAvroSerde<HeartRateSample> serde = new SpecificAvroSerde<>(HeartRateSample.class, registry, true);
        assertThat(serde.serializer().serialize("hr", null)).isNull();
        assertThat(serde.deserializer().deserialize("hr", null)).isNull();
    }

    @Test
    void serdesConfiguredWithTheSameMockUrlShareOneRegistryAndUseTopicNameStrategy() {
        String scope = "round-trip-" + UUID.randomUUID();
        Map<String, Object> config = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scope);
        SpecificAvroSerde<HeartRateSample> writerSide = new SpecificAvroSerde<>();
        writerSide.configure(config, false);
        // The reading side is created the way Kafka creates a default serde: by reflection, with no
        // record class, so the class comes from the writer schema's full name.
        SpecificAvroSerde<HeartRateSample> readerSide = new SpecificAvroSerde<>();
        readerSide.configure(config, false);
        SpecificAvroSerde<HeartRateSample> keySide = new SpecificAvroSerde<>();
        keySide.configure(config, true);

        HeartRateSample sample = SampleRecords.fullHeartRateSample();
        byte[] framed = writerSide.serializer().serialize("runload.hr-samples.v1", sample);
        keySide.serializer().serialize("runload.hr-samples.v1", sample);

        assertThat(readerSide.deserializer().deserialize("runload.hr-samples.v1", framed))
                .isEqualTo(sample);
        InMemorySchemaRegistry shared = InMemorySchemaRegistry.forScope(scope);
        assertThat(shared.versions("runload.hr-samples.v1-value")).containsExactly(AvroWireFormat.schemaId(framed));
        assertThat(shared.versions("runload.hr-samples.v1-key")).containsExactly(AvroWireFormat.schemaId(framed));
        InMemorySchemaRegistry.dropScope(scope);
    }

    @Test
    void withoutAutoRegisterAnUnregisteredSchemaIsASerializationErrorAndARegisteredOneWorks() {
        SpecificAvroSerde<RunSummary> serde = new SpecificAvroSerde<>(RunSummary.class, registry, false);
        RunSummary summary = SampleRecords.fullRunSummary();

        assertThatThrownBy(() -> serde.serializer().serialize("runload.run-summaries.v1", summary))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("auto.register.schemas=false")
                .hasMessageContaining("runload.run-summaries.v1-value");

        int id = registry.register("runload.run-summaries.v1-value", RunSummary.getClassSchema());
        byte[] framed = serde.serializer().serialize("runload.run-summaries.v1", summary);
        assertThat(AvroWireFormat.schemaId(framed)).isEqualTo(id);
        assertThat(registry.versions("runload.run-summaries.v1-value")).containsExactly(id);
    }

    @Test
    void aNullInARequiredFieldIsASerializationErrorNamingTheTopic() {
        HeartRateSample broken = SampleRecords.fullHeartRateSample();
        broken.setDeviceId(null);
        SpecificAvroSerde<HeartRateSample> serde = new SpecificAvroSerde<>(HeartRateSample.class, registry, true);
        assertThatThrownBy(() -> serde.serializer().serialize("runload.hr-samples.v1", broken))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("runload.hr-samples.v1")
                .hasMessageContaining("HeartRateSample");
    }

    @Test
    void configurationRequiresARegistryUrlAndRejectsGenericReading() {
        SpecificAvroSerde<HeartRateSample> serde = new SpecificAvroSerde<>();
        assertThatThrownBy(() -> serde.configure(Map.of(), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
        assertThatThrownBy(() -> serde.configure(
                        Map.of(
                                AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                                "mock://x",
                                AvroSerdeConfig.SPECIFIC_AVRO_READER,
                                "false"),
                        false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("specific.avro.reader");
        assertThatThrownBy(() -> serde.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "kafka://x"), false))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void oneSerdeInstanceIsSafeToShareBetweenThreads() throws Exception {
        SpecificAvroSerde<HeartRateSample> serde = new SpecificAvroSerde<>(HeartRateSample.class, registry, true);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> workers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int worker = w;
                workers.add(() -> {
                    int matched = 0;
                    for (int i = 0; i < 2_000; i++) {
                        HeartRateSample sample = HeartRateSample.newBuilder(SampleRecords.fullHeartRateSample())
                                .setAthleteId("ath-" + worker)
                                .setBpm(60 + i % 140)
                                .setRrIntervalsMs(i % 2 == 0 ? null : List.of(i, i + 1))
                                .build();
                        byte[] framed = serde.serializer().serialize("hr", sample);
                        if (serde.deserializer().deserialize("hr", framed).equals(sample)) {
                            matched++;
                        }
                    }
                    return matched;
                });
            }
            int matched = 0;
            for (Future<Integer> result : pool.invokeAll(workers)) {
                matched += result.get();
            }
            assertThat(matched).isEqualTo(4 * 2_000);
        } finally {
            pool.shutdownNow();
        }
    }

    @SuppressWarnings("unchecked")
    private <T extends SpecificRecord> SpecificAvroSerde<T> serde(T record) {
        return new SpecificAvroSerde<>((Class<T>) record.getClass(), registry, true);
    }

    private <T extends SpecificRecord> T roundTrip(T record) {
        SpecificAvroSerde<T> serde = serde(record);
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", record));
    }
}
