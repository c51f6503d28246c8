package io.runload.serde;

import org.apache.avro.Schema;

/**
 * The subset of a Confluent-compatible schema registry that the Avro serde needs.
 *
 * <p>Implementations must be safe for concurrent use: one client is shared by every serde of an
 * application instance, and Kafka Streams calls serdes from several stream threads.
 * Every method throws {@link SchemaRegistryException} when the registry refuses the request or
 * cannot be reached.
 */
public interface SchemaRegistryClient {

    /**
     * Registers {@code schema} under {@code subject} (or finds it if already registered) and
     * returns its global id, as {@code POST /subjects/{subject}/versions} does.
     */
    int register(String subject, Schema schema);

    /**
     * Returns the id of {@code schema} if it is already registered under {@code subject}, without
     * registering it, as {@code POST /subjects/{subject}} does. Used when
     * {@code auto.register.schemas=false}, where schemas are registered by a deployment pipeline.
     *
     * @throws SchemaRegistryException with error code 40401 or 40403 when it is not registered
     */
    int lookupId(String subject, Schema schema);

    /**
     * Returns the schema with the given global id, as {@code GET /schemas/ids/{id}} does.
     *
     * @throws SchemaRegistryException with HTTP status 404 and error code 40403 for an unknown id
     */
    Schema schemaById(int id);
}
