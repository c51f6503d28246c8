package io.runload.deploy;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One PromQL expression from the rules or the dashboard, with the metric and label names it reads.
 * The extraction is lexical, not a parser: promtool checks the syntax, this only has to find names.
 */
record PromQlExpression(String origin, String expr) {
    /** Metric families RunLoad's /metrics serves; anything else (e.g. {@code up}) comes from Prometheus. */
    private static final Pattern METRIC = Pattern.compile("\\b((?:runload|kafka|jvm|process|system)_[a-zA-Z0-9_]+)\\b");

    private static final Pattern QUOTED = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)");
    private static final Pattern SELECTOR = Pattern.compile("\\{([^}]*)}");

    /** The same expression with Grafana's variables replaced by values Prometheus accepts. */
    String withGrafanaVariablesResolved() {
        return expr.replace("$__rate_interval", "5m")
                .replace("$__range", "1h")
                .replace("$__interval", "1m")
                .replace("$instance", ".*");
    }

    Set<String> metricNames() {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(withoutStrings());
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Labels used in by/without clauses and selector matchers. */
    Set<String> labelNames() {
        String bare = withoutStrings();
        Set<String> labels = new TreeSet<>();
        Matcher g = GROUPING.matcher(bare);
        while (g.find()) {
            for (String label : g.group(1).split(",", -1)) {
                if (!label.isBlank()) {
                    labels.add(label.trim());
                }
            }
        }
        Matcher s = SELECTOR.matcher(bare);
        while (s.find()) {
            Matcher m = MATCHER.matcher(s.group(1));
            while (m.find()) {
                labels.add(m.group(1));
            }
        }
        return labels;
    }

    private String withoutStrings() {
        return QUOTED.matcher(withGrafanaVariablesResolved()).replaceAll("\"\"");
    }
}
