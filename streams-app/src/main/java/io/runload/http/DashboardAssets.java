package io.runload.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * Serves the dashboard's static files from the classpath ({@code web/}). Only a fixed set of
 * files is served, so a crafted path cannot reach other classpath resources.
 */
public final class DashboardAssets implements HttpHandler {
    private static final String ROOT = "web/";
    private static final Map<String, String> FILES = Map.of(
            "/", "index.html",
            "/index.html", "index.html",
            "/dashboard.js", "dashboard.js",
            "/dashboard.css", "dashboard.css",
            "/vendor/chart.umd.min.js", "vendor/chart.umd.min.js",
            "/vendor/chart.js-LICENSE.md", "vendor/chart.js-LICENSE.md");

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String file = FILES.get(exchange.getRequestURI().getPath());
        if (file == null || !("GET".equals(exchange.getRequestMethod()) || "HEAD".equals(exchange.getRequestMethod()))) {
            RunLoadHttpServer.respond(exchange, 404, "text/plain; charset=utf-8", "not found\n");
            return;
        }
        byte[] body;
        try (InputStream in = DashboardAssets.class.getClassLoader().getResourceAsStream(ROOT + file)) {
            if (in == null) {
                RunLoadHttpServer.respond(exchange, 404, "text/plain; charset=utf-8", "not found\n");
                return;
            }
            body = in.readAllBytes();
        }
        exchange.getResponseHeaders().set("Content-Type", contentType(file));
        // The page and its script change with releases; the vendored library does not.
        exchange.getResponseHeaders().set("Cache-Control", file.startsWith("vendor/") ? "max-age=86400" : "no-cache");
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(200, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
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
