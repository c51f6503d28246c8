package io.runload.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runload.avro.HeartRateSample;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AvroWireFormatTest {

    @Test
    void headerIsMagicByteThenBigEndianId() {
        // 0x01020304 = 16909060
        byte[] framed = AvroWireFormat.frame(16_909_060, new byte[] {42});
        assertThat(framed).containsExactly(0, 1, 2, 3, 4, 42);
        assertThat(AvroWireFormat.schemaId(framed)).isEqualTo(16_909_060);
    }

    @Test
    void idBytesAreReadUnsigned() {
        // 0x00_00_00_FF: the low byte must be read unsigned, 255 not -1.
        assertThat(AvroWireFormat.schemaId(new byte[] {0, 0, 0, 0, (byte) 0xff}))
                .isEqualTo(255);
        // 0x00_00_80_00 = 32768
        assertThat(AvroWireFormat.schemaId(new byte[] {0, 0, 0, (byte) 0x80, 0}))
                .isEqualTo(32_768);
    }

    @Test
    void serializerWritesExactlyTheHandEncodedBytes() {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        HeartRateSample sample = HeartRateSample.newBuilder()
                .setAthleteId("a1")
                .setRunId(null)
                .setDeviceId("d")
                .setSource("g")
                .setEventTime(Instant.ofEpochMilli(1000))
                .setBpm(150)
                .build();

        byte[] framed = new SpecificAvroSerializer<>(HeartRateSample.class, registry, true).serialize("hr", sample);

        // Hand encoding (Avro ints/longs are zig-zag varints: n -> 2n for n >= 0):
        //   header         00 | 00 00 00 01          (first id of a fresh registry is 1)
        //   athleteId "a1" 04 61 31                  (length 2 -> 4)
        //   runId null     00                        (union branch 0)
        //   deviceId "d"   02 64
        //   source "g"     02 67
        //   eventTime 1000 D0 0F                     (2000 = 15*128 + 80: 80|0x80 = 0xD0, then 15)
        //   bpm 150        AC 02                     (300 = 2*128 + 44: 44|0x80 = 0xAC, then 2)
        //   speed, cadence, rr, plannedType null: 00 00 00 00
        assertThat(framed)
                .containsExactly(
                        0x00, 0x00, 0x00, 0x00, 0x01, 0x04, 0x61, 0x31, 0x00, 0x02, 0x64, 0x02, 0x67, 0xD0, 0x0F, 0xAC,
                        0x02, 0x00, 0x00, 0x00, 0x00);
    }

    @Test
    void readingValidatesMagicByteAndLength() {
        assertThatThrownBy(() -> AvroWireFormat.schemaId(new byte[] {1, 0, 0, 0, 1}))
                .isInstanceOfSatisfying(
                        AvroDecodingException.class, e -> assertThat(e.reason()).isEqualTo("bad_magic_byte"))
                .hasMessageContaining("0x01");
        assertThatThrownBy(() -> AvroWireFormat.schemaId(new byte[] {0, 0, 0, 1}))
                .isInstanceOfSatisfying(
                        AvroDecodingException.class, e -> assertThat(e.reason()).isEqualTo("truncated"))
                .hasMessageContaining("4 bytes");
        assertThatThrownBy(() -> AvroWireFormat.schemaId(new byte[0]))
                .isInstanceOfSatisfying(
                        AvroDecodingException.class, e -> assertThat(e.reason()).isEqualTo("null_value"));
        // A bare header is well-formed: whether an empty body is valid depends on the schema.
        assertThat(AvroWireFormat.schemaId(new byte[] {0, 0, 0, 0, 9})).isEqualTo(9);
    }
}
