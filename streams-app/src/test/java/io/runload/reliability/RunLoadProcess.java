package io.runload.reliability;

import io.runload.testing.LoopbackPorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One RunLoad instance as its own OS process, started from the fat jar, so a test can kill it with
 * SIGKILL: no shutdown hook, no commit, no transaction abort, exactly like a crashed pod.
 */
final class RunLoadProcess implements AutoCloseable {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final int httpPort;
    private final Path log;

    private RunLoadProcess(String name, Process process, int httpPort, Path log) {
        this.name = name;
        this.process = process;
        this.httpPort = httpPort;
        this.log = log;
    }

    /** Starts {@code java -jar runload.jar} with the given RunLoad environment (plus a free HTTP port). */
    static RunLoadProcess start(String name, Map<String, String> settings, Path workDir) throws IOException {
        String jar = System.getProperty("runload.jar", "target/runload.jar");
        int port = LoopbackPorts.one();
        Path log = workDir.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx384m",
                        "-XX:+UseSerialGC",
                        "-jar",
                        Path.of(jar).toAbsolutePath().toString())
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = pb.environment();
        env.keySet()
                .removeIf(k -> k.startsWith("RUNLOAD_") || k.startsWith("KAFKA_") || k.equals("SCHEMA_REGISTRY_URL"));
        env.putAll(settings);
        env.put("RUNLOAD_HTTP_HOST", "127.0.0.1");
        env.put("RUNLOAD_HTTP_PORT", Integer.toString(port));
        return new RunLoadProcess(name, pb.start(), port, log);
    }

    void awaitReady(Duration timeout) {
        try {
            Awaitility.await(name + " ready")
                    .atMost(timeout)
                    .pollInterval(Duration.ofMillis(250))
                    // Not listening yet.
                    .ignoreExceptionsInstanceOf(IOException.class)
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new AssertionError(name + " exited early; log:\n" + logTail());
                        }
                        return get("/health/ready").statusCode() == 200;
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(name + " not ready within " + timeout + "; log:\n" + logTail(), e);
        }
    }

    /** Sum of every series of a counter on this instance's /metrics, 0 when absent or unreachable. */
    double counter(String metricName) {
        try {
            String body = get("/metrics").body();
            Matcher m = Pattern.compile("(?m)^" + Pattern.quote(metricName) + "(\\{[^}]*})? ([0-9.eE+]+)$")
                    .matcher(body);
            double sum = 0;
            while (m.find()) {
                sum += Double.parseDouble(m.group(2));
            }
            return sum;
        } catch (IOException | InterruptedException e) {
            return 0;
        }
    }

    /** SIGKILL: the process gets no chance to commit, flush or abort anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String logTail() {
        try {
            String s = Files.readString(log);
            return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** SIGTERM and a bounded wait: the clean shutdown path. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
