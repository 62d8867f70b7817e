package io.routewise.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code deploy/grafana/routewise.json}: every query names a metric this router exports. */
class GrafanaDashboardTest extends RouterTestBase {

    private static final Pattern METRIC = Pattern.compile("\\broutewise_[a-z_]+");

    @Test
    void everyQueryNamesAMetricTheRouterExports() throws Exception {
        // Traffic that makes every kind of metric appear: answers, streams, auto, failures, fallbacks, skips.
        assertThat(post("/v1/chat/completions", chat("oai-small", "hello")).statusCode()).isEqualTo(200);
        assertThat(post("/v1/chat/completions", streamingChat("oai-small", "hello")).statusCode()).isEqualTo(200);
        assertThat(post("/v1/chat/completions", chat("auto", "What is the capital of France?")).statusCode()).isEqualTo(200);
        for (int i = 0; i < 8; i++) {
            post("/v1/chat/completions", chat("always-500", "hello " + i));
        }
        Set<String> exported = new TreeSet<>();
        for (String line : get("/metrics").body().split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                exported.add(line.split("[{ ]", 2)[0]);
            }
        }
        JsonNode dashboard = Json.MAPPER.readTree(Files.readString(Path.of("..", "deploy", "grafana", "routewise.json")));
        assertThat(dashboard.get("panels")).hasSizeGreaterThanOrEqualTo(12);
        Set<String> named = new LinkedHashSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            assertThat(panel.get("targets")).as(panel.get("title").asText()).isNotEmpty();
            assertThat(panel.at("/datasource/uid").asText()).isEqualTo("${datasource}");
            for (JsonNode target : panel.get("targets")) {
                Matcher m = METRIC.matcher(target.get("expr").asText());
                boolean any = false;
                while (m.find()) {
                    named.add(m.group());
                    any = true;
                }
                assertThat(any).as("a query of '%s' names a routewise metric", panel.get("title").asText()).isTrue();
            }
        }
        assertThat(named).as("every metric the dashboard queries is one the router exports").isSubsetOf(exported);
        assertThat(named).contains("routewise_cost_usd_total", "routewise_upstream_errors_total",
                "routewise_upstream_duration_seconds_bucket", "routewise_time_to_first_token_seconds_bucket",
                "routewise_breaker_state");
    }
}
