package io.runload.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A value that could not be turned into a record. The deserialization exception handler routes
 * such records to the DLQ and writes {@link #reason()} into a header, so the reason codes are part
 * of the DLQ contract and must stay stable.
 */
public class AvroDecodingException extends SerializationException {

    /** Why decoding failed; {@link #code()} is the stable, machine-readable form. */
    public enum Failure {
        /** The first byte is not the Confluent magic byte 0: not this wire format at all. */
        BAD_MAGIC_BYTE("bad_magic_byte"),
        /** The value ends inside the 5-byte header or inside the Avro body. */
        TRUNCATED("truncated"),
        /** The registry does not know the schema id in the header. */
        UNKNOWN_SCHEMA_ID("unknown_schema_id"),
        /** The writer schema cannot be resolved against the reader's schema. */
        INCOMPATIBLE_SCHEMA("incompatible_schema"),
        /**
         * The writer schema is outside the {@link WriterSchemaBounds} RunLoad decodes with: recursive,
         * nested too deep or too large. Decided once per schema id, before any body is read.
         */
        UNSUPPORTED_WRITER_SCHEMA("unsupported_writer_schema"),
        /** The body is not valid Avro for its writer schema, or has bytes left over. */
        CORRUPT_BODY("corrupt_body"),
        /** The writer schema could not be fetched: the registry failed or did not answer. */
        REGISTRY_UNAVAILABLE("registry_unavailable"),
        /**
         * The value is empty (zero bytes). A real tombstone is a null value, which decodes to null;
         * zero bytes are neither a tombstone nor a record.
         */
        NULL_VALUE("null_value");

        private final String code;

        Failure(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Failure failure;
    private final int schemaId;

    public AvroDecodingException(Failure failure, int schemaId, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
        this.schemaId = schemaId;
    }

    public AvroDecodingException(Failure failure, String message) {
        this(failure, AvroWireFormat.NO_SCHEMA_ID, message, null);
    }

    /** Machine-readable reason, e.g. {@code unknown_schema_id}. */
    public String reason() {
        return failure.code();
    }

    public Failure failure() {
        return failure;
    }

    /** Schema id from the header, or {@link AvroWireFormat#NO_SCHEMA_ID} if the header was unreadable. */
    public int schemaId() {
        return schemaId;
    }
}
