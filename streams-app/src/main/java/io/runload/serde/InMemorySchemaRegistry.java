package io.runload.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
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
 *
 * <p>A {@linkplain #persistent persistent} registry appends every registration and configuration
 * change to a journal file and replays it when opened, so ids stay the same across restarts, as
 * Confluent's registry keeps them in its compacted {@code _schemas} topic. Each line is one JSON
 * object, written and forced to disk before the id is handed out.
 */
public final class InMemorySchemaRegistry implements SchemaRegistryClient {

    /** Confluent's default compatibility level. */
    public static final String DEFAULT_COMPATIBILITY = "BACKWARD";

    private static final ConcurrentMap<String, InMemorySchemaRegistry> SCOPES = new ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String scope;
    private final Map<Schema, Integer> idsBySchema = new HashMap<>();
    private final ConcurrentMap<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, List<Integer>> versionsBySubject = new LinkedHashMap<>();
    private final Map<String, String> compatibilityBySubject = new HashMap<>();
    private String compatibility = DEFAULT_COMPATIBILITY;
    private final Path journal;

    /** A registry of its own, not reachable through any {@code mock://} URL. */
    public InMemorySchemaRegistry() {
        this("(unscoped)", null);
    }

    private InMemorySchemaRegistry(String scope) {
        this(scope, null);
    }

    private InMemorySchemaRegistry(String scope, Path journal) {
        this.scope = scope;
        this.journal = journal;
    }

    /** The registry shared by every serde configured with {@code mock://<scope>}. */
    public static InMemorySchemaRegistry forScope(String scope) {
        Objects.requireNonNull(scope, "scope");
        return SCOPES.computeIfAbsent(scope, InMemorySchemaRegistry::new);
    }

    /**
     * A registry kept in {@code journal} (created if missing), and made the one {@code mock://scope}
     * names, replacing any registry that scope had.
     *
     * @throws UncheckedIOException when the journal cannot be read or is damaged beyond its last line
     */
    public static InMemorySchemaRegistry persistent(String scope, Path journal) {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry(scope, journal);
        registry.replay();
        SCOPES.put(scope, registry);
        return registry;
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
        List<Integer> versions = versionsBySubject.get(subject);
        if (id != null && versions != null && versions.contains(id)) {
            return id;
        }
        int assigned = id != null ? id : schemasById.size() + 1;
        append(Map.of("subject", subject, "id", assigned, "schema", schema.toString()));
        apply(subject, assigned, schema);
        return assigned;
    }

    @Override
    public synchronized int lookupId(String subject, Schema schema) {
        List<Integer> versions = versionsBySubject.get(subject);
        if (versions == null) {
            throw new SchemaRegistryException(
                    "Subject '" + subject + "' not found in " + url(),
                    404,
                    SchemaRegistryException.SUBJECT_NOT_FOUND,
                    url());
        }
        Integer id = idsBySchema.get(schema);
        if (id == null || !versions.contains(id)) {
            throw new SchemaRegistryException(
                    "Schema " + schema.getFullName() + " is not registered under subject '" + subject + "' in " + url(),
                    404,
                    SchemaRegistryException.SCHEMA_NOT_FOUND,
                    url());
        }
        return id;
    }

    @Override
    public Schema schemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new SchemaRegistryException(
                    "Schema id " + id + " not found in " + url(), 404, SchemaRegistryException.SCHEMA_NOT_FOUND, url());
        }
        return schema;
    }

    /** Ids registered under a subject, oldest first (the subject's versions). */
    public synchronized List<Integer> versions(String subject) {
        return List.copyOf(versionsBySubject.getOrDefault(subject, List.of()));
    }

    /** Every subject with at least one version, sorted. */
    public synchronized List<String> subjects() {
        return List.copyOf(new TreeSet<>(versionsBySubject.keySet()));
    }

    /** The global compatibility level (Confluent's {@code /config}). */
    public synchronized String compatibility() {
        return compatibility;
    }

    /** A subject's own compatibility level, if it has one. */
    public synchronized Optional<String> compatibility(String subject) {
        return Optional.ofNullable(compatibilityBySubject.get(subject));
    }

    /** Sets the global level ({@code subject} null) or a subject's; kept in the journal. */
    public synchronized void setCompatibility(String subject, String level) {
        Objects.requireNonNull(level, "level");
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("compatibility", level);
        if (subject != null) {
            entry.put("subject", subject);
        }
        append(entry);
        applyCompatibility(subject, level);
    }

    private void apply(String subject, int id, Schema schema) {
        idsBySchema.putIfAbsent(schema, id);
        schemasById.putIfAbsent(id, schema);
        List<Integer> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        if (!versions.contains(id)) {
            versions.add(id);
        }
    }

    private void applyCompatibility(String subject, String level) {
        if (subject == null) {
            compatibility = level;
        } else {
            compatibilityBySubject.put(subject, level);
        }
    }

    private void replay() {
        if (!Files.exists(journal)) {
            return;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the schema registry journal " + journal, e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                JsonNode entry = JSON.readTree(line);
                if (entry.has("compatibility")) {
                    applyCompatibility(
                            entry.hasNonNull("subject") ? entry.get("subject").asText() : null,
                            entry.get("compatibility").asText());
                } else {
                    apply(
                            entry.get("subject").asText(),
                            entry.get("id").asInt(),
                            new Schema.Parser().parse(entry.get("schema").asText()));
                }
            } catch (IOException | RuntimeException e) {
                if (i == lines.size() - 1) {
                    // A line cut short by a crash while it was written: its id was never handed out.
                    return;
                }
                throw new UncheckedIOException(new IOException(
                        "Schema registry journal " + journal + " is damaged at line " + (i + 1) + ": " + e.getMessage(),
                        e));
            }
        }
    }

    private void append(Map<String, ?> entry) {
        if (journal == null) {
            return;
        }
        try {
            if (journal.getParent() != null) {
                Files.createDirectories(journal.getParent());
            }
            byte[] line = (JSON.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
            try (FileChannel out = FileChannel.open(
                    journal, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                out.write(java.nio.ByteBuffer.wrap(line));
                out.force(false);
            }
        } catch (IOException e) {
            throw new SchemaRegistryException(
                    "Cannot write the schema registry journal " + journal + ": " + e.getMessage(),
                    500,
                    50001,
                    url(),
                    e);
        }
    }

    private String url() {
        return SchemaRegistryClients.MOCK_SCHEME + scope;
    }

    @Override
    public String toString() {
        return "InMemorySchemaRegistry[" + url() + (journal != null ? ", " + journal : "") + "]";
    }
}
