package io.runload.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A headless Chromium driven through chromedriver's W3C WebDriver HTTP protocol (Debian packages
 * {@code chromium} and {@code chromium-driver}; {@code .ci/run} installs them). Talking the
 * protocol directly keeps a browser-automation library out of the build.
 */
public final class HeadlessChromium implements AutoCloseable {
    public static final Path CHROMIUM = Path.of(System.getProperty("runload.chromium", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER =
            Path.of(System.getProperty("runload.chromedriver", "/usr/bin/chromedriver"));

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Process driver;
    private final Path profileDir;
    private final String base;
    private final String session;

    private HeadlessChromium(Process driver, Path profileDir, String base, String session) {
        this.driver = driver;
        this.profileDir = profileDir;
        this.base = base;
        this.session = session;
    }

    public static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    public static HeadlessChromium start(int width, int height) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = Files.createTempFile("chromedriver-", ".log");
        Process driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port, "--allowed-ips=127.0.0.1")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Path profileDir = Files.createTempDirectory("runload-chromium-");
        String base = "http://127.0.0.1:" + port;
        HeadlessChromium partial = new HeadlessChromium(driver, profileDir, base, null);
        try {
            partial.awaitDriver(Duration.ofSeconds(30), log);
            Map<String, Object> options = Map.of(
                    "binary", CHROMIUM.toString(),
                    "args",
                            List.of(
                                    "--headless",
                                    "--no-sandbox",
                                    "--disable-gpu",
                                    "--disable-quic",
                                    "--no-first-run",
                                    "--disable-background-networking",
                                    "--disable-component-update",
                                    "--disable-sync",
                                    "--disable-dev-shm-usage",
                                    "--user-data-dir=" + profileDir,
                                    "--window-size=" + width + "," + height));
            JsonNode created = partial.call(
                    "POST",
                    "/session",
                    Map.of(
                            "capabilities",
                            Map.of("alwaysMatch", Map.of("browserName", "chrome", "goog:chromeOptions", options))));
            return new HeadlessChromium(
                    driver, profileDir, base, created.at("/value/sessionId").asText());
        } catch (IOException | RuntimeException | InterruptedException e) {
            partial.close();
            throw e;
        }
    }

    public void open(String url) throws IOException, InterruptedException {
        call("POST", "/session/" + session + "/url", Map.of("url", url));
    }

    /** Runs a script in the page (a function body; {@code return} gives the value) and returns its JSON value. */
    public JsonNode evaluate(String script) throws IOException, InterruptedException {
        return call("POST", "/session/" + session + "/execute/sync", Map.of("script", script, "args", List.of()))
                .get("value");
    }

    public void screenshot(Path png) throws IOException, InterruptedException {
        String data = call("GET", "/session/" + session + "/screenshot", null)
                .get("value")
                .asText();
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.write(png, Base64.getDecoder().decode(data));
    }

    private JsonNode call(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json");
        request.method(
                method,
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(
                    "WebDriver " + method + " " + path + " -> " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private void awaitDriver(Duration timeout, Path log) throws IOException {
        try {
            Awaitility.await("chromedriver ready")
                    .atMost(timeout)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(100))
                    // Not listening yet.
                    .ignoreExceptionsMatching(e -> e instanceof IOException && driver.isAlive())
                    .until(() -> {
                        if (!driver.isAlive()) {
                            throw new IOException("chromedriver exited: " + Files.readString(log));
                        }
                        return call("GET", "/status", null).at("/value/ready").asBoolean();
                    });
        } catch (ConditionTimeoutException e) {
            throw new IOException("chromedriver not ready within " + timeout + ": " + Files.readString(log), e);
        }
    }

    @Override
    public void close() {
        if (session != null) {
            try {
                call("DELETE", "/session/" + session, null);
            } catch (IOException | InterruptedException e) {
                // The driver is killed next anyway.
            }
        }
        driver.destroy();
        try {
            if (!driver.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                driver.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            driver.destroyForcibly();
        }
        try (var files = Files.walk(profileDir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A leftover temp profile is harmless.
        }
    }
}
