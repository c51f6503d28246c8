package io.runload.deploy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The repository's deployment files (deploy/ and docker-compose.yml), parsed strictly. */
final class DeploymentFiles {
    /** Duplicate keys are an error: YAML silently keeps the last one, which hides mistakes in manifests. */
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final Path root;

    private DeploymentFiles(Path root) {
        this.root = root;
    }

    /** Finds the repository root upwards from the working directory (the module directory under Maven). */
    static DeploymentFiles locate() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml")) && Files.isDirectory(dir.resolve("deploy"))) {
                return new DeploymentFiles(dir);
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("No repository root with docker-compose.yml and deploy/ above "
                + Path.of("").toAbsolutePath());
    }

    Path root() {
        return root;
    }

    Path path(String relative) {
        return root.resolve(relative);
    }

    /** Every YAML and JSON file under deploy/, plus docker-compose.yml. */
    List<Path> all() {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root.resolve("deploy"))) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> p.toString().matches(".*\\.(ya?ml|json)$"))
                    .sorted()
                    .forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.add(root.resolve("docker-compose.yml"));
        return files;
    }

    /** Every document of a YAML file ("---" separated), or the single document of a JSON file. */
    static List<JsonNode> documents(Path file) {
        try {
            if (file.toString().endsWith(".json")) {
                return List.of(JSON.readTree(file.toFile()));
            }
            List<JsonNode> docs = new ArrayList<>();
            try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
                while (it.hasNextValue()) {
                    JsonNode doc = it.nextValue();
                    if (doc != null && !doc.isMissingNode() && !doc.isNull()) {
                        docs.add(doc);
                    }
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot parse " + file + ": " + e.getMessage(), e);
        }
    }

    JsonNode single(String relative) {
        List<JsonNode> docs = documents(path(relative));
        if (docs.size() != 1) {
            throw new IllegalStateException(relative + " has " + docs.size() + " documents, expected 1");
        }
        return docs.get(0);
    }

    /** The Kubernetes object of a kind and name among deploy/k8s/*.yaml. */
    JsonNode k8s(String kind, String name) {
        try (Stream<Path> files = Files.list(path("deploy/k8s"))) {
            return files.filter(p -> p.toString().endsWith(".yaml"))
                    .flatMap(p -> documents(p).stream())
                    .filter(d -> kind.equals(d.path("kind").asText())
                            && name.equals(d.path("metadata").path("name").asText()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("No " + kind + " " + name + " in deploy/k8s"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every Kubernetes object of a kind among deploy/k8s/*.yaml. */
    List<JsonNode> k8sAll(String kind) {
        try (Stream<Path> files = Files.list(path("deploy/k8s"))) {
            return files.filter(p -> p.toString().endsWith(".yaml"))
                    .sorted()
                    .flatMap(p -> documents(p).stream())
                    .filter(d -> kind.equals(d.path("kind").asText()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every PromQL expression: alert rules and dashboard targets, each with where it comes from. */
    List<PromQlExpression> expressions() {
        List<PromQlExpression> out = new ArrayList<>();
        for (JsonNode group : single("deploy/prometheus/runload-rules.yml").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String name = rule.has("alert")
                        ? rule.path("alert").asText()
                        : rule.path("record").asText();
                out.add(new PromQlExpression("rule " + name, rule.path("expr").asText()));
            }
        }
        for (JsonNode panel : single("deploy/grafana/runload-dashboard.json").path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                out.add(new PromQlExpression(
                        "panel '" + panel.path("title").asText() + "' "
                                + target.path("refId").asText(),
                        target.path("expr").asText()));
            }
        }
        return out;
    }
}
