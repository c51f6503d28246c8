package io.runload.serde;

import io.runload.serde.AvroDecodingException.Failure;

/**
 * The Confluent wire format: magic byte 0, the writer schema's registry id as a 4-byte
 * big-endian int, then the Avro binary encoding of the value with that writer schema.
 */
public final class AvroWireFormat {

    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_LENGTH = 5;
    /** Marker for "no id could be read". Registry ids are positive, so it cannot collide. */
    public static final int NO_SCHEMA_ID = -1;

    private AvroWireFormat() {}

    /** Writes the 5-byte header at {@code offset}; {@code target} must have room for it. */
    public static void writeHeader(byte[] target, int offset, int schemaId) {
        target[offset] = MAGIC_BYTE;
        target[offset + 1] = (byte) (schemaId >>> 24);
        target[offset + 2] = (byte) (schemaId >>> 16);
        target[offset + 3] = (byte) (schemaId >>> 8);
        target[offset + 4] = (byte) schemaId;
    }

    /** A complete framed value: header followed by an already-encoded Avro body. */
    public static byte[] frame(int schemaId, byte[] avroBody) {
        byte[] framed = new byte[HEADER_LENGTH + avroBody.length];
        writeHeader(framed, 0, schemaId);
        System.arraycopy(avroBody, 0, framed, HEADER_LENGTH, avroBody.length);
        return framed;
    }

    /**
     * Validates the header of a non-null framed value and returns its schema id. The Avro body
     * starts at {@link #HEADER_LENGTH}.
     *
     * @throws AvroDecodingException {@code null_value} for zero bytes, {@code bad_magic_byte} when
     *     the first byte is not 0, {@code truncated} when fewer than 5 bytes are present
     */
    public static int schemaId(byte[] framed) {
        if (framed.length == 0) {
            throw new AvroDecodingException(
                    Failure.NULL_VALUE,
                    "Value is empty (0 bytes); a tombstone must be a null value, not an empty array");
        }
        if (framed[0] != MAGIC_BYTE) {
            throw new AvroDecodingException(
                    Failure.BAD_MAGIC_BYTE,
                    String.format(
                            "First byte is 0x%02x, not the magic byte 0x00: the value is not in the Confluent Avro wire format",
                            framed[0] & 0xff));
        }
        if (framed.length < HEADER_LENGTH) {
            throw new AvroDecodingException(
                    Failure.TRUNCATED,
                    "Value has " + framed.length + " bytes, fewer than the " + HEADER_LENGTH
                            + "-byte header (magic byte + schema id)");
        }
        return ((framed[1] & 0xff) << 24) | ((framed[2] & 0xff) << 16) | ((framed[3] & 0xff) << 8) | (framed[4] & 0xff);
    }
}
