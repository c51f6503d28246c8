package io.runload.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard's static files, read once from the classpath ({@code web/}). Only a fixed set of
 * paths is served, so a crafted path cannot reach other classpath resources.
 */
final class DashboardAssets {
    private static final String ROOT = "web/";
    private static final Map<String, String> FILES = Map.of(
            "/", "index.html",
            "/index.html", "index.html",
            "/dashboard.js", "dashboard.js",
            "/dashboard.css", "dashboard.css",
            "/vendor/chart.umd.min.js", "vendor/chart.umd.min.js",
            "/vendor/chart.js-LICENSE.md", "vendor/chart.js-LICENSE.md");

    // Assets are only served, never compared, so the array's identity equality does not matter.
    @SuppressWarnings("ArrayRecordComponent")
    record Asset(byte[] body, String contentType, String cacheControl) {}

    private final Map<String, Asset> assets = new HashMap<>();

    DashboardAssets() {
        for (Map.Entry<String, String> e : FILES.entrySet()) {
            String file = e.getValue();
            try (InputStream in = DashboardAssets.class.getClassLoader().getResourceAsStream(ROOT + file)) {
                if (in != null) {
                    // The page and its script change with releases; the vendored library does not.
                    assets.put(
                            e.getKey(),
                            new Asset(
                                    in.readAllBytes(),
                                    contentType(file),
                                    file.startsWith("vendor/") ? "max-age=86400" : "no-cache"));
                }
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot read dashboard file " + file, ex);
            }
        }
    }

    Optional<Asset> find(String path) {
        return Optional.ofNullable(assets.get(path));
    }

    private static String contentType(String file) {
        if (file.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (file.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (file.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        return "text/plain; charset=utf-8";
    }
}
