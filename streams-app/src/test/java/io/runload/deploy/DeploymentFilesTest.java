package io.runload.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.runload.runtime.KafkaClientSettings;
import io.runload.runtime.RunLoadConfig;
import io.runload.runtime.SecretRedaction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Validates deploy/ and docker-compose.yml without a cluster or a Docker engine: every file parses,
 * the settings they pass resolve through {@link RunLoadConfig} to what each instance needs (its own
 * instance id, routable application.server, state on its volume), the pieces reference each other
 * correctly, and promtool accepts the rules, their unit tests and every dashboard query.
 */
class DeploymentFilesTest {
    private static final Pattern K8S_VAR = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private final DeploymentFiles files = DeploymentFiles.locate();

    @TempDir
    Path tmp;

    @Test
    void everyYamlAndJsonFileParsesWithoutDuplicateKeys() {
        List<Path> all = files.all();
        assertThat(all)
                .extracting(p -> files.root().relativize(p).toString().replace('\\', '/'))
                .contains(
                        "docker-compose.yml",
                        "deploy/prometheus.yml",
                        "deploy/prometheus/runload-rules.yml",
                        "deploy/grafana/runload-dashboard.json",
                        "deploy/k8s/statefulset.yaml",
                        "deploy/k8s/prometheusrule.yaml");
        for (Path file : all) {
            assertThat(DeploymentFiles.documents(file)).as(file.toString()).isNotEmpty();
        }
    }

    @Test
    void thePrometheusRuleCarriesExactlyTheRuleFileGroups() {
        JsonNode operator = files.k8s("PrometheusRule", "runload").path("spec").path("groups");
        JsonNode plain = files.single("deploy/prometheus/runload-rules.yml").path("groups");
        assertThat(plain.size()).isPositive();
        assertThat(operator).isEqualTo(plain);
    }

    @Test
    void alertsCoverLagDeadLettersDeadThreadsAndLongRebalancing() {
        Map<String, String> alerts = new LinkedHashMap<>();
        for (JsonNode group :
                files.single("deploy/prometheus/runload-rules.yml").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                assertThat(rule.path("labels").path("severity").asText())
                        .as(rule.path("alert").asText())
                        .isIn("warning", "critical");
                assertThat(rule.path("annotations").path("summary").asText()).isNotBlank();
                alerts.put(rule.path("alert").asText(), rule.path("expr").asText());
            }
        }
        assertThat(alerts.values()).anySatisfy(e -> assertThat(e).contains("runload_consumer_lag_records"));
        assertThat(alerts.values()).anySatisfy(e -> assertThat(e).contains("runload_dlq_records_total"));
        assertThat(alerts.values()).anySatisfy(e -> assertThat(e).contains("runload_streams_alive_threads"));
        assertThat(alerts.values()).anySatisfy(e -> assertThat(e).contains("runload_streams_state == 1"));
    }

    @Test
    void kubernetesSettingsResolveToAStableIdentityAndRoutableAddressPerPod() throws IOException {
        JsonNode sts = files.k8s("StatefulSet", "runload");
        JsonNode pod = sts.path("spec").path("template").path("spec");
        JsonNode container = pod.path("containers").get(0);
        Map<String, String> env = new LinkedHashMap<>();
        Set<String> configMapKeys = new TreeSet<>();
        for (JsonNode from : container.path("envFrom")) {
            JsonNode cm = files.k8s(
                    "ConfigMap", from.path("configMapRef").path("name").asText());
            cm.path("data").properties().iterator().forEachRemaining(e -> {
                env.put(e.getKey(), e.getValue().asText());
                configMapKeys.add(e.getKey());
            });
        }
        Map<String, String> downward = Map.of("metadata.name", "runload-1", "metadata.namespace", "ingest");
        Set<String> helperVars = new HashSet<>();
        for (JsonNode var : container.path("env")) {
            String name = var.path("name").asText();
            if (var.path("valueFrom").has("secretKeyRef")) {
                JsonNode ref = var.path("valueFrom").path("secretKeyRef");
                env.put(
                        name,
                        secretValue(ref.path("name").asText(), ref.path("key").asText()));
            } else if (var.has("valueFrom")) {
                String field =
                        var.path("valueFrom").path("fieldRef").path("fieldPath").asText();
                assertThat(downward).as("downward API field of " + name).containsKey(field);
                env.put(name, downward.get(field));
                helperVars.add(name);
            } else {
                env.put(name, expandKubernetesVars(var.path("value").asText(), env, name));
            }
        }
        Set<String> known = RunLoadConfig.settings().stream()
                .map(RunLoadConfig.Setting::env)
                .collect(Collectors.toSet());
        assertThat(configMapKeys).as("ConfigMap keys are RunLoad settings").isSubsetOf(known);
        assertThat(env.keySet())
                .as("container environment")
                .allSatisfy(k -> assertThat(known.contains(k) || helperVars.contains(k))
                        .as(k)
                        .isTrue());

        // The properties file is mounted where RUNLOAD_CONFIG_FILE points; read it from its ConfigMap instead.
        Path configFile = Path.of(env.get(RunLoadConfig.CONFIG_FILE.env()));
        JsonNode propertiesVolume =
                volumeMountedAt(pod, container, configFile.getParent().toString());
        JsonNode propertiesMap = files.k8s(
                "ConfigMap", propertiesVolume.path("configMap").path("name").asText());
        String properties = propertiesMap
                .path("data")
                .path(configFile.getFileName().toString())
                .asText();
        assertThat(properties).as("properties file in its ConfigMap").isNotBlank();
        Path localCopy = tmp.resolve(configFile.getFileName().toString());
        Files.writeString(localCopy, properties, StandardCharsets.UTF_8);
        env.put(RunLoadConfig.CONFIG_FILE.env(), localCopy.toString());

        // Credentials are mounted from a Secret: read each mounted file from the Secret's own data.
        env.replaceAll((name, value) ->
                secretFileCopy(pod, container, value).map(Path::toString).orElse(value));

        RunLoadConfig config = RunLoadConfig.load(env, new Properties());
        KafkaClientSettings kafka = config.kafkaClient();
        assertThat(kafka.securityProtocol()).isEqualTo("SASL_SSL");
        assertThat(kafka.saslUser()).contains(secretValue("runload-kafka", "sasl-username"));
        assertThat(kafka.secretValues())
                .as("the password from the Secret reaches the clients")
                .contains(secretValue("runload-kafka", "sasl-password"));

        String headless = sts.path("spec").path("serviceName").asText();
        int httpPort = containerPort(container, "http");
        assertThat(config.embedded()).isFalse();
        assertThat(config.simulatorEnabled()).isFalse();
        assertThat(config.schemaRegistryUrl()).startsWith("http");
        assertThat(config.groupInstanceId()).contains("runload-1");
        assertThat(config.applicationServer())
                .contains("runload-1." + headless + ".ingest.svc.cluster.local:" + httpPort);
        assertThat(config.httpPort()).isEqualTo(httpPort);
        assertThat(config.extraStreamsProperties()).containsKey("main.consumer.session.timeout.ms");

        JsonNode claim = sts.path("spec").path("volumeClaimTemplates").get(0);
        String stateMount =
                mountPathOf(container, claim.path("metadata").path("name").asText());
        assertThat(config.stateDir().startsWith(Path.of(stateMount)))
                .as("state dir " + config.stateDir() + " on the PVC at " + stateMount)
                .isTrue();
        assertThat(claim.path("spec").path("accessModes").toString()).contains("ReadWriteOnce");
    }

    @Test
    void kubernetesKeepsCredentialsInASecretNeverInAConfigMap() throws IOException {
        for (JsonNode cm : files.k8sAll("ConfigMap")) {
            String cmName = cm.path("metadata").path("name").asText();
            var entries = cm.path("data").properties().iterator();
            while (entries.hasNext()) {
                var e = entries.next();
                if (e.getKey().endsWith("_FILE")) {
                    continue; // a path; that it points into a mounted Secret is checked below
                }
                assertThat(SecretRedaction.isSecret(
                                e.getKey().toLowerCase(java.util.Locale.ROOT).replace('_', '.')))
                        .as("ConfigMap " + cmName + " key " + e.getKey() + " holds a secret")
                        .isFalse();
                if (!e.getValue().asText().contains("\n")) {
                    continue;
                }
                // A mounted file such as runload.properties: none of its keys may hold a secret either.
                Properties embedded = new Properties();
                embedded.load(new java.io.StringReader(e.getValue().asText()));
                for (String key : embedded.stringPropertyNames()) {
                    assertThat(SecretRedaction.isSecret(key))
                            .as("ConfigMap " + cmName + " properties key " + key)
                            .isFalse();
                }
            }
        }
        JsonNode pod = files.k8s("StatefulSet", "runload")
                .path("spec")
                .path("template")
                .path("spec");
        JsonNode container = pod.path("containers").get(0);
        for (JsonNode var : container.path("env")) {
            String name = var.path("name").asText();
            assertThat(SecretRedaction.isSecret(
                                    name.toLowerCase(java.util.Locale.ROOT).replace('_', '.'))
                            && var.has("value"))
                    .as(name + " given in plain text")
                    .isFalse();
        }
        JsonNode user = findEnv(container, RunLoadConfig.KAFKA_SASL_USERNAME.env());
        assertThat(user.path("valueFrom").path("secretKeyRef").path("name").asText())
                .isEqualTo("runload-kafka");
        // Every file setting (password, CA) names a file that a Secret volume provides.
        JsonNode config = files.k8s("ConfigMap", "runload-config").path("data");
        List<String> fileSettings = List.of(
                RunLoadConfig.KAFKA_SASL_PASSWORD_FILE.env(),
                RunLoadConfig.KAFKA_TRUSTSTORE.env(),
                RunLoadConfig.API_KEYS_FILE.env(),
                RunLoadConfig.PEER_SECRET_FILE.env());
        for (String setting : fileSettings) {
            String path = config.path(setting).asText();
            assertThat(path).as(setting).isNotBlank();
            assertThat(secretFileCopy(pod, container, path))
                    .as(setting + "=" + path + " is a file of a mounted Secret")
                    .isPresent();
        }
    }

    @Test
    void composePublishesEveryPortOnLoopbackOnly() {
        JsonNode services = files.single("docker-compose.yml").path("services");
        int published = 0;
        for (var it = services.properties().iterator(); it.hasNext(); ) {
            var service = it.next();
            for (JsonNode port : service.getValue().path("ports")) {
                String mapping = port.isTextual()
                        ? port.asText()
                        : port.path("host_ip").asText() + ":"
                                + port.path("published").asText();
                assertThat(mapping).as(service.getKey() + " publishes " + port).startsWith("127.0.0.1:");
                published++;
            }
        }
        assertThat(services.path("kafka").path("ports").size()).isPositive();
        assertThat(services.path("schema-registry").path("ports").size()).isPositive();
        assertThat(published).isGreaterThanOrEqualTo(2);
    }

    private String secretValue(String secretName, String key) {
        JsonNode secret = files.k8s("Secret", secretName);
        if (secret.path("stringData").has(key)) {
            return secret.path("stringData").path(key).asText();
        }
        assertThat(secret.path("data").has(key))
                .as("Secret " + secretName + " has key " + key)
                .isTrue();
        return new String(
                java.util.Base64.getDecoder()
                        .decode(secret.path("data").path(key).asText()),
                StandardCharsets.UTF_8);
    }

    /** When {@code path} is a file in a Secret volume mounted into the container: a local copy of that file. */
    private java.util.Optional<Path> secretFileCopy(JsonNode pod, JsonNode container, String path) {
        if (!path.startsWith("/")) {
            return java.util.Optional.empty();
        }
        for (JsonNode mount : container.path("volumeMounts")) {
            String mountPath = mount.path("mountPath").asText();
            if (!path.startsWith(mountPath + "/")) {
                continue;
            }
            String file = path.substring(mountPath.length() + 1);
            for (JsonNode volume : pod.path("volumes")) {
                if (!volume.path("name").asText().equals(mount.path("name").asText()) || !volume.has("secret")) {
                    continue;
                }
                String key = file;
                for (JsonNode item : volume.path("secret").path("items")) {
                    if (item.path("path").asText().equals(file)) {
                        key = item.path("key").asText();
                    }
                }
                try {
                    Path copy =
                            Files.createDirectories(tmp.resolve("secret-files")).resolve(file.replace('/', '_'));
                    Files.writeString(
                            copy,
                            secretValue(volume.path("secret").path("secretName").asText(), key));
                    return java.util.Optional.of(copy);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
        return java.util.Optional.empty();
    }

    private static JsonNode findEnv(JsonNode container, String name) {
        for (JsonNode var : container.path("env")) {
            if (var.path("name").asText().equals(name)) {
                return var;
            }
        }
        throw new AssertionError("container has no env " + name);
    }

    @Test
    void kubernetesObjectsReferenceEachOther() throws IOException {
        JsonNode sts = files.k8s("StatefulSet", "runload");
        JsonNode template = sts.path("spec").path("template");
        JsonNode container = template.path("spec").path("containers").get(0);
        JsonNode podLabels = template.path("metadata").path("labels");

        assertThat(labelsMatch(sts.path("spec").path("selector").path("matchLabels"), podLabels))
                .isTrue();
        JsonNode headless =
                files.k8s("Service", sts.path("spec").path("serviceName").asText());
        assertThat(headless.path("spec").path("clusterIP").asText()).isEqualTo("None");
        assertThat(headless.path("spec").path("publishNotReadyAddresses").asBoolean())
                .as("peers and Prometheus must reach pods that are rebalancing")
                .isTrue();
        JsonNode api = files.k8s("Service", "runload");
        for (JsonNode service : List.of(headless, api)) {
            assertThat(labelsMatch(service.path("spec").path("selector"), podLabels))
                    .as(service.path("metadata").path("name").asText())
                    .isTrue();
            for (JsonNode port : service.path("spec").path("ports")) {
                assertThat(containerPort(container, port.path("targetPort").asText()))
                        .isPositive();
            }
        }
        JsonNode pdb = files.k8s("PodDisruptionBudget", "runload");
        assertThat(labelsMatch(pdb.path("spec").path("selector").path("matchLabels"), podLabels))
                .isTrue();

        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText())
                .isEqualTo("/health/ready");
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText())
                .isEqualTo("/health/live");
        for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
            assertThat(containerPort(
                            container,
                            container.path(probe).path("httpGet").path("port").asText()))
                    .as(probe)
                    .isPositive();
        }
        assertThat(container.path("resources").path("requests").path("memory").asText())
                .isNotBlank();
        assertThat(container.path("resources").path("limits").path("memory").asText())
                .isNotBlank();

        JsonNode monitor = files.k8s("ServiceMonitor", "runload");
        JsonNode selector = monitor.path("spec").path("selector").path("matchLabels");
        assertThat(labelsMatch(selector, headless.path("metadata").path("labels")))
                .as("ServiceMonitor selects the headless Service")
                .isTrue();
        assertThat(labelsMatch(selector, api.path("metadata").path("labels")))
                .as("and not the API Service too (double scrape)")
                .isFalse();
        JsonNode endpoint = monitor.path("spec").path("endpoints").get(0);
        assertThat(endpoint.path("path").asText()).isEqualTo("/metrics");
        assertThat(headless.path("spec").path("ports").findValuesAsText("name"))
                .contains(endpoint.path("port").asText());
        String jobLabel = monitor.path("spec").path("jobLabel").asText();
        assertThat(headless.path("metadata").path("labels").path(jobLabel).asText())
                .as("job label the rules select on")
                .isEqualTo("runload");

        List<String> resources = new ArrayList<>();
        files.single("deploy/k8s/kustomization.yaml").path("resources").forEach(r -> resources.add(r.asText()));
        try (Stream<Path> list = Files.list(files.path("deploy/k8s"))) {
            List<String> manifests = list.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
                    .toList();
            assertThat(resources).containsExactlyInAnyOrderElementsOf(manifests);
        }
    }

    @Test
    void composeRunsDistinctInstancesThatPrometheusScrapesAndGrafanaShows() {
        JsonNode compose = files.single("docker-compose.yml");
        JsonNode services = compose.path("services");
        Map<String, RunLoadConfig> instances = new LinkedHashMap<>();
        services.properties().iterator().forEachRemaining(e -> {
            JsonNode s = e.getValue();
            boolean runloadImage = s.has("build") || s.path("image").asText().startsWith("runload");
            if (runloadImage && !s.path("command").toString().contains("simulate")) {
                instances.put(e.getKey(), RunLoadConfig.load(environment(s), new Properties()));
            }
            s.path("depends_on")
                    .fieldNames()
                    .forEachRemaining(dep -> assertThat(services.has(dep))
                            .as(e.getKey() + " depends on " + dep)
                            .isTrue());
            for (JsonNode volume : s.path("volumes")) {
                String source = volume.asText().split(":", -1)[0];
                if (source.startsWith("./")) {
                    assertThat(files.path(source))
                            .as(e.getKey() + " mounts " + source)
                            .exists();
                } else {
                    assertThat(compose.path("volumes").has(source))
                            .as("named volume " + source)
                            .isTrue();
                }
            }
        });
        assertThat(instances).as("RunLoad instances").hasSizeGreaterThanOrEqualTo(2);
        Set<String> servers = new TreeSet<>();
        Set<String> ids = new HashSet<>();
        Set<String> volumes = new HashSet<>();
        instances.forEach((name, config) -> {
            JsonNode s = services.path(name);
            assertThat(config.embedded()).isFalse();
            String server = config.applicationServer()
                    .orElseThrow(() -> new AssertionError(name + " has no application.server"));
            assertThat(server).isEqualTo(s.path("hostname").asText(name) + ":" + config.httpPort());
            servers.add(server);
            ids.add(config.groupInstanceId().orElseThrow());
            String stateVolume = s.path("volumes").get(0).asText();
            assertThat(config.stateDir().startsWith(Path.of(stateVolume.split(":", -1)[1])))
                    .as(name + " keeps state on its volume")
                    .isTrue();
            volumes.add(stateVolume.split(":", -1)[0]);
        });
        assertThat(ids).as("static membership ids").hasSize(instances.size());
        assertThat(volumes).as("state volumes").hasSize(instances.size());

        JsonNode prometheus = files.single("deploy/prometheus.yml");
        Set<String> targets = new TreeSet<>();
        prometheus
                .path("scrape_configs")
                .get(0)
                .path("static_configs")
                .forEach(c -> c.path("targets").forEach(t -> targets.add(t.asText())));
        assertThat(targets).isEqualTo(servers);
        Map<String, String> promMounts = mounts(services.path("prometheus"));
        assertThat(promMounts).containsEntry("/etc/prometheus/prometheus.yml", "./deploy/prometheus.yml");
        for (JsonNode ruleGlob : prometheus.path("rule_files")) {
            String dir = Path.of(ruleGlob.asText()).getParent().toString();
            assertThat(promMounts)
                    .as("rule directory " + dir + " mounted next to the config")
                    .containsEntry("/etc/prometheus/" + dir, "./deploy/" + dir);
        }

        Map<String, String> grafanaMounts = mounts(services.path("grafana"));
        String dashboardTarget = grafanaMounts.entrySet().stream()
                .filter(m -> m.getValue().endsWith("runload-dashboard.json"))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new AssertionError("dashboard not mounted into Grafana"));
        JsonNode provider = files.single("deploy/grafana/provisioning/dashboards/runload.yml")
                .path("providers")
                .get(0);
        assertThat(provider.path("options").path("path").asText())
                .isEqualTo(Path.of(dashboardTarget).getParent().toString());
        JsonNode datasource = files.single("deploy/grafana/provisioning/datasources/prometheus.yml")
                .path("datasources")
                .get(0);
        assertThat(datasource.path("type").asText()).isEqualTo("prometheus");
        assertThat(services.has(datasource.path("url").asText().replaceAll("^https?://([^:/]+).*", "$1")))
                .isTrue();
    }

    @Test
    void dashboardPanelsAreWellFormed() {
        JsonNode dashboard = files.single("deploy/grafana/runload-dashboard.json");
        assertThat(dashboard.path("uid").asText()).isNotBlank();
        assertThat(dashboard.path("templating").path("list").findValuesAsText("name"))
                .contains("datasource", "instance");
        Set<Integer> ids = new HashSet<>();
        Set<String> titles = new HashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            String title = panel.path("title").asText();
            assertThat(ids.add(panel.path("id").asInt()))
                    .as("unique id " + title)
                    .isTrue();
            JsonNode pos = panel.path("gridPos");
            assertThat(pos.path("x").asInt() + pos.path("w").asInt()).as(title).isLessThanOrEqualTo(24);
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            titles.add(title);
            assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo("${datasource}");
            assertThat(panel.path("targets").size()).as(title).isPositive();
            Set<String> refIds = new HashSet<>();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("expr").asText()).as(title).isNotBlank();
                assertThat(refIds.add(target.path("refId").asText()))
                        .as(title + " refIds")
                        .isTrue();
            }
        }
        String all = dashboard.toString();
        for (String shown : List.of(
                "runload_records_accepted_total",
                "runload_consumer_lag_records",
                "runload_output_latency_seconds_bucket",
                "runload_dlq_records_total",
                "runload_alerts_emitted_total",
                "kafka_stream_state_block_cache_usage")) {
            assertThat(all).as("dashboard shows " + shown).contains(shown);
        }
        assertThat(titles).hasSizeGreaterThan(10);
    }

    @Test
    void promtoolAcceptsTheRulesTheirUnitTestsTheConfigAndEveryDashboardQuery() throws Exception {
        if (!promtoolOnPath()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("promtool is not on PATH under CI=true; .ci/run installs it (Debian package prometheus)");
            }
            Assumptions.abort(
                    "promtool not on PATH (install the Debian package prometheus); CI fails here instead of skipping");
        }
        List<String> ruleFiles;
        try (Stream<Path> list = Files.list(files.path("deploy/prometheus"))) {
            ruleFiles = list.filter(p -> p.toString().endsWith(".yml"))
                    .map(Path::toString)
                    .sorted()
                    .toList();
        }
        assertThat(ruleFiles).isNotEmpty();
        List<String> checkRules = new ArrayList<>(List.of("promtool", "check", "rules"));
        checkRules.addAll(ruleFiles);
        promtool(checkRules);

        List<String> testRules = new ArrayList<>(List.of("promtool", "test", "rules"));
        try (Stream<Path> list = Files.list(files.path("deploy/prometheus/tests"))) {
            list.filter(p -> p.toString().endsWith(".test.yml"))
                    .map(Path::toString)
                    .sorted()
                    .forEach(testRules::add);
        }
        assertThat(testRules).hasSizeGreaterThan(3);
        promtool(testRules);

        promtool(List.of(
                "promtool",
                "check",
                "config",
                files.path("deploy/prometheus.yml").toString()));

        // Dashboard queries are not rules, but as recording rules promtool parses them the same way.
        StringBuilder asRules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        int i = 0;
        for (PromQlExpression e : files.expressions()) {
            if (e.origin().startsWith("panel")) {
                asRules.append("      - record: dashboard:query_")
                        .append(i++)
                        .append('\n')
                        .append("        expr: '")
                        .append(e.withGrafanaVariablesResolved().replace("'", "''"))
                        .append("'\n");
            }
        }
        assertThat(i).isGreaterThan(10);
        Path dashboardRules = tmp.resolve("dashboard-queries.yml");
        Files.writeString(dashboardRules, asRules.toString());
        promtool(List.of("promtool", "check", "rules", dashboardRules.toString()));
    }

    private static boolean promtoolOnPath() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator, -1)) {
            if (!dir.isBlank() && Files.isExecutable(Path.of(dir, "promtool"))) {
                return true;
            }
        }
        return false;
    }

    private void promtool(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command)
                .directory(files.root().toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS))
                .as(String.join(" ", command) + " finished")
                .isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + out).isZero();
    }

    private static Map<String, String> environment(JsonNode service) {
        Map<String, String> env = new HashMap<>();
        service.path("environment")
                .properties()
                .iterator()
                .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        return env;
    }

    /** Container path to host path of a compose service's bind mounts and volumes. */
    private static Map<String, String> mounts(JsonNode service) {
        Map<String, String> m = new HashMap<>();
        for (JsonNode volume : service.path("volumes")) {
            String[] parts = volume.asText().split(":", -1);
            m.put(parts[1], parts[0]);
        }
        return m;
    }

    private static String expandKubernetesVars(String value, Map<String, String> defined, String name) {
        Matcher m = K8S_VAR.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String ref = m.group(1);
            assertThat(defined)
                    .as(name + " refers to $(" + ref + "), which must be defined before it")
                    .containsKey(ref);
            m.appendReplacement(out, Matcher.quoteReplacement(defined.get(ref)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static boolean labelsMatch(JsonNode selector, JsonNode labels) {
        if (selector.size() == 0) {
            return false;
        }
        var it = selector.properties().iterator();
        while (it.hasNext()) {
            var e = it.next();
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    private static int containerPort(JsonNode container, String nameOrNumber) {
        for (JsonNode port : container.path("ports")) {
            if (port.path("name").asText().equals(nameOrNumber)
                    || port.path("containerPort").asText().equals(nameOrNumber)) {
                return port.path("containerPort").asInt();
            }
        }
        return -1;
    }

    private static String mountPathOf(JsonNode container, String volumeName) {
        for (JsonNode mount : container.path("volumeMounts")) {
            if (mount.path("name").asText().equals(volumeName)) {
                return mount.path("mountPath").asText();
            }
        }
        throw new AssertionError("volume " + volumeName + " is not mounted");
    }

    private static JsonNode volumeMountedAt(JsonNode pod, JsonNode container, String mountPath) {
        for (JsonNode mount : container.path("volumeMounts")) {
            if (mount.path("mountPath").asText().equals(mountPath)) {
                for (JsonNode volume : pod.path("volumes")) {
                    if (volume.path("name").asText().equals(mount.path("name").asText())) {
                        return volume;
                    }
                }
            }
        }
        throw new AssertionError("nothing mounted at " + mountPath);
    }
}
