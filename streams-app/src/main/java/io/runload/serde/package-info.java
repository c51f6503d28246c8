/**
 * Avro on the wire: the Confluent wire format (magic byte 0, 4-byte big-endian schema id, Avro
 * binary) and clients for a Confluent-compatible schema registry.
 *
 * <p>Entry points:
 * <ul>
 *   <li>{@link io.runload.serde.SpecificAvroSerde}: the Kafka serde, configured with the keys in
 *       {@link io.runload.serde.AvroSerdeConfig} (and {@link io.runload.serde.HttpRegistrySettings}
 *       for the HTTP client), or built with a {@link io.runload.serde.SchemaRegistryClient};</li>
 *   <li>{@link io.runload.serde.SchemaRegistryClients#create}: {@code mock://scope} gives the shared
 *       {@link io.runload.serde.InMemorySchemaRegistry}, {@code http(s)://} the
 *       {@link io.runload.serde.HttpSchemaRegistryClient};</li>
 *   <li>{@link io.runload.serde.AvroDecodingException#reason()}: why a value could not be read, as a
 *       stable code for the DLQ ({@code bad_magic_byte}, {@code truncated}, {@code unknown_schema_id},
 *       {@code incompatible_schema}, {@code corrupt_body}, {@code registry_unavailable},
 *       {@code null_value});</li>
 *   <li>{@link io.runload.serde.AvroClassTrust#install()}: call once at startup.</li>
 * </ul>
 *
 * <p>Conventions: a null value is a tombstone and passes through as null in both directions; all
 * serdes and clients are safe for concurrent use, because Kafka Streams shares serde instances
 * between stream threads.
 */
package io.runload.serde;
