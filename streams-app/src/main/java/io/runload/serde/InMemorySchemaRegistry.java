package io.runload.serde;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;

/**
 * A schema registry held in memory, for tests and the embedded mode.
 *
 * <p>It follows Confluent's id semantics: ids are global, start at 1 and grow by one per new
 * schema, and an identical schema (by Avro's {@link Schema#equals}) gets the same id under every
 * subject. Registries are shared per scope ({@code mock://scope} URLs), so a serializer and a
 * deserializer configured separately with the same URL see each other's schemas.
 */
public final class InMemorySchemaRegistry implements SchemaRegistryClient {

    private static final ConcurrentMap<String, InMemorySchemaRegistry> SCOPES = new ConcurrentHashMap<>();

    private final String scope;
    private final Map<Schema, Integer> idsBySchema = new HashMap<>();
    private final ConcurrentMap<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, List<Integer>> versionsBySubject = new HashMap<>();

    /** A registry of its own, not reachable through any {@code mock://} URL. */
    public InMemorySchemaRegistry() {
        this("(unscoped)");
    }

    private InMemorySchemaRegistry(String scope) {
        this.scope = scope;
    }

    /** The registry shared by every serde configured with {@code mock://<scope>}. */
    public static InMemorySchemaRegistry forScope(String scope) {
        Objects.requireNonNull(scope, "scope");
        return SCOPES.computeIfAbsent(scope, InMemorySchemaRegistry::new);
    }

    /**
     * Forgets the registry of a scope, so that the next {@link #forScope} starts empty. Serdes that
     * already hold the old registry keep using it.
     */
    public static void dropScope(String scope) {
        SCOPES.remove(scope);
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
        Integer id = idsBySchema.get(schema);
        if (id == null) {
            id = idsBySchema.size() + 1;
            idsBySchema.put(schema, id);
            schemasById.put(id, schema);
        }
        List<Integer> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        if (!versions.contains(id)) {
            versions.add(id);
        }
        return id;
    }

    @Override
    public synchronized int lookupId(String subject, Schema schema) {
        List<Integer> versions = versionsBySubject.get(subject);
        if (versions == null) {
            throw new SchemaRegistryException("Subject '" + subject + "' not found in " + url(),
                    404, SchemaRegistryException.SUBJECT_NOT_FOUND, url());
        }
        Integer id = idsBySchema.get(schema);
        if (id == null || !versions.contains(id)) {
            throw new SchemaRegistryException("Schema " + schema.getFullName() + " is not registered under subject '"
                    + subject + "' in " + url(), 404, SchemaRegistryException.SCHEMA_NOT_FOUND, url());
        }
        return id;
    }

    @Override
    public Schema schemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new SchemaRegistryException("Schema id " + id + " not found in " + url(),
                    404, SchemaRegistryException.SCHEMA_NOT_FOUND, url());
        }
        return schema;
    }

    /** Ids registered under a subject, oldest first (the subject's versions). */
    public synchronized List<Integer> versions(String subject) {
        return List.copyOf(versionsBySubject.getOrDefault(subject, List.of()));
    }

    private String url() {
        return SchemaRegistryClients.MOCK_SCHEME + scope;
    }

    @Override
    public String toString() {
        return "InMemorySchemaRegistry[" + url() + "]";
    }
}
