package io.routewise.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.config.ConfigLoader;
import io.routewise.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard end to end: a router on the simulator gets a burst of traffic ({@code auto} requests,
 * calls to a model that always fails, calls a budget refuses); the JSON endpoints agree with
 * {@code /v1/spend} and {@code /metrics}; and every page, opened in headless Chromium by
 * {@code src/test/ui/dashboard-check.mjs} (playwright-core), shows the same numbers without a console
 * error, with screenshots under {@code target/dashboard/}. Without node, Chromium or playwright-core the
 * browser part is skipped with a message, except in CI ({@code CI=true}), where {@code .ci/run} installs
 * them and a missing one fails.
 */
class DashboardTest {

    private static final String ADMIN = "admin-secret-for-the-dashboard-test";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int AUTO = 12;
    private static final int FAILING = 3;

    @TempDir
    static Path dir;
    static RunningRouter router;
    static int refused;

    @BeforeAll
    static void start() throws Exception {
        Files.writeString(dir.resolve("admin.key"), ADMIN + "\n");
        Path file = dir.resolve("routewise.yaml");
        Files.writeString(file, """
                server: {port: 8080}
                providers:
                  - {name: sim, kind: simulator, timeout_ms: 5000, retry: {max_attempts: 1}}
                  - {name: other-sim, kind: simulator, timeout_ms: 5000, retry: {max_attempts: 1}}
                models:
                  - {id: gem-small, provider: sim, input_usd_per_1m: 0.1, output_usd_per_1m: 0.4, context_window: 8192,
                     max_output_tokens: 1024, capabilities: [streaming], tier: 1}
                  - {id: ant-small, provider: other-sim, input_usd_per_1m: 3, output_usd_per_1m: 15, context_window: 8192,
                     max_output_tokens: 1024, capabilities: [streaming], tier: 3}
                  - {id: always-500, provider: sim, input_usd_per_1m: 1, output_usd_per_1m: 2, context_window: 8192,
                     max_output_tokens: 1024, capabilities: [streaming], tier: 2, simulate: {error_rate: 1.0}}
                routing:
                  health: {enabled: false}
                  breaker: {consecutive_failures: 1000, failure_rate: 1.0, min_calls: 1000}
                budgets:
                  - {scope: model, name: ant-small, period: day, usd: 0.0001}
                ledger: {url: "jdbc:sqlite:%s"}
                evaluation: {weights_dir: "%s", report_dir: "%s"}
                auth: {admin_key_file: "%s"}
                """.formatted(dir.resolve("ledger.db"), dir.resolve("weights"), dir.resolve("reports"),
                dir.resolve("admin.key")));
        router = RouterLauncher.start(ConfigLoader.load(file), new RouterLauncher.Options("127.0.0.1", 0, true)
                .withConfigFile(file), TestRoutingModel.classifier());
        for (int i = 0; i < AUTO; i++) {
            assertThat(chat("auto", "hello number " + i).statusCode()).isEqualTo(200);
        }
        for (int i = 0; i < FAILING; i++) {
            assertThat(chat("always-500", "this one fails " + i).statusCode()).isGreaterThanOrEqualTo(500);
        }
        // The budget's cap is below one call's reservation: refused before any call.
        HttpResponse<String> overBudget = chat("ant-small", "too expensive");
        assertThat(overBudget.statusCode()).isEqualTo(429);
        assertThat(overBudget.body()).contains("budget_exceeded");
        refused = 1;
        // The ledger writes in the background: wait until every answered or failed request is in it.
        for (int i = 0; i < 100 && json("/v1/spend").path("total_requests").asInt() < AUTO + FAILING; i++) {
            Thread.sleep(100);
        }
        assertThat(json("/v1/spend").path("total_requests").asInt()).isEqualTo(AUTO + FAILING);
    }

    @AfterAll
    static void stop() {
        if (router != null) {
            router.close();
        }
    }

    @Test
    void theSpendEndpointAgreesWithV1Spend() throws Exception {
        JsonNode spend = json("/admin/dashboard/spend?bucket=hour");
        JsonNode v1 = json("/v1/spend?group_by=provider");
        assertThat(spend.path("total_cost_usd").asDouble()).isCloseTo(v1.path("total_cost_usd").asDouble(), within(1e-12));
        assertThat(v1.path("total_cost_usd").asDouble()).isPositive();
        Map<String, Double> byProvider = new HashMap<>();
        v1.path("data").forEach(r -> byProvider.put(r.path("group").asText(), r.path("cost_usd").asDouble()));
        assertThat(spend.path("totals_by_provider")).hasSize(byProvider.size());
        spend.path("totals_by_provider").forEach(r -> assertThat(r.path("cost_usd").asDouble())
                .isCloseTo(byProvider.get(r.path("provider").asText()), within(1e-12)));
        // The hourly series adds up to the same spend.
        double series = 0;
        for (JsonNode p : spend.path("by_model")) {
            series += p.path("cost_usd").asDouble();
        }
        assertThat(series).isCloseTo(v1.path("total_cost_usd").asDouble(), within(1e-12));
        JsonNode failing = find(spend.path("cost_per_success"), "model", "always-500");
        assertThat(failing.path("successes").asInt()).isZero();
        assertThat(failing.path("cost_per_success_usd").isNull()).isTrue();
        JsonNode budget = find(spend.path("budgets"), "name", "ant-small");
        assertThat(budget.path("cap_usd").asDouble()).isEqualTo(0.0001);
        assertThat(budget.path("soft_usd").asDouble()).isCloseTo(0.00008, within(1e-12));
    }

    @Test
    void theRoutingEndpointCountsEveryAutoRequestAndItsDecision() throws Exception {
        JsonNode routing = json("/admin/dashboard/routing");
        assertThat(routing.path("routed_requests").asInt()).isEqualTo(AUTO);
        // Requests that named a model had no routing decision: the table holds the auto ones.
        assertThat(routing.path("decisions").size()).isEqualTo(AUTO);
        long autoAnswered = 0;
        for (JsonNode counts : routing.path("mix_by_model").path("series")) {
            for (JsonNode n : counts) {
                autoAnswered += n.asLong();
            }
        }
        assertThat(autoAnswered).isEqualTo(AUTO);
        assertThat(routing.path("strongest").path("model").asText()).isEqualTo("ant-small");
        assertThat(routing.path("savings_usd").asDouble()).isPositive();
        JsonNode first = routing.path("decisions").get(0);
        assertThat(first.path("request_id").asText()).isNotBlank();
        assertThat(first.path("reasons")).isNotEmpty();
    }

    @Test
    void theProvidersEndpointAgreesWithTheMetrics() throws Exception {
        JsonNode providers = json("/admin/dashboard/providers");
        Map<String, Double> metrics = metrics();
        for (JsonNode d : providers.path("deployments")) {
            String labels = "model=\"" + d.path("model").asText() + "\",provider=\"" + d.path("provider").asText() + "\"";
            assertThat(d.path("failed").asDouble()).as("failed calls of %s", labels)
                    .isEqualTo(sum(metrics, "routewise_upstream_errors_total", labels));
            assertThat(d.path("answered").asDouble()).as("answered calls of %s", labels)
                    .isEqualTo(sum(metrics, "routewise_upstream_duration_seconds_count", labels));
        }
        JsonNode failing = find(providers.path("deployments"), "model", "always-500");
        assertThat(failing.path("failed").asInt()).isEqualTo(FAILING);
        assertThat(failing.path("error_rate").asDouble()).isEqualTo(1.0);
        assertThat(find(providers.path("providers"), "provider", "sim").has("in_flight")).isTrue();
    }

    @Test
    void theEndpointsNeedTheAdminCredentialButThePagesDoNot() throws Exception {
        assertThat(get("/admin/dashboard/spend", null).statusCode()).isEqualTo(401);
        assertThat(get("/admin/dashboard/spend", "wrong").statusCode()).isEqualTo(401);
        HttpResponse<String> page = get("/ui/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-security-policy").orElse("")).contains("script-src 'self'");
        assertThat(page.body()).contains("app.js").doesNotContain(ADMIN);
        assertThat(get("/ui/uPlot.iife.min.js", null).statusCode()).isEqualTo(200);
        assertThat(get("/ui", null).statusCode()).isEqualTo(302);
        assertThat(get("/ui/..%2Frouting-weights.json", null).statusCode()).isIn(400, 401, 404);
        assertThat(get("/ui/secret.txt", null).statusCode()).isEqualTo(404); // only the dashboard's own files
        HttpResponse<String> bad = get("/admin/dashboard/spend?bucket=week", ADMIN);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(bad.body()).path("error").path("param").asText()).isEqualTo("bucket");
        assertThat(get("/admin/dashboard/reports/..%2F..%2Fetc%2Fpasswd", ADMIN).statusCode()).isEqualTo(404);
        assertThat(get("/admin/dashboard/reports/missing.html", ADMIN).statusCode()).isEqualTo(404);
        JsonNode quality = json("/admin/dashboard/quality");
        assertThat(quality.path("config_versions")).isNotEmpty();
        assertThat(quality.path("eval_runs")).isEmpty();
    }

    @Test
    void everyPageShowsTheSameNumbersInARealBrowser() throws Exception {
        Path script = Path.of("src", "test", "ui", "dashboard-check.mjs").toAbsolutePath();
        String missing = browserMissing(script.getParent());
        if (missing != null) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("CI must run the dashboard browser test, but " + missing
                        + " (.ci/run installs Chromium and playwright-core)");
            }
            System.err.println("DashboardTest: SKIPPED the browser part: " + missing
                    + " (apt-get install chromium; npm ci --prefix router-server/src/test/ui)");
            Assumptions.abort(missing);
        }
        Path out = Path.of("target", "dashboard").toAbsolutePath();
        Files.createDirectories(out);
        Process p = new ProcessBuilder("node", script.toString(), router.baseUrl(), ADMIN, out.toString())
                .directory(script.getParent().toFile()).redirectError(out.resolve("browser.log").toFile()).start();
        String stdout = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("node exit; stderr in %s: %s", out.resolve("browser.log"),
                Files.readString(out.resolve("browser.log"))).isZero();
        JsonNode result = Json.MAPPER.readTree(stdout);

        assertThat(result.path("consoleErrors")).as("console errors").isEmpty();
        assertThat(result.path("wrongKeyMessage").asText()).contains("admin credential");
        for (JsonNode shot : result.path("screenshots")) {
            assertThat(Path.of(shot.asText())).isRegularFile();
        }
        assertThat(result.path("screenshots")).hasSizeGreaterThanOrEqualTo(4);

        JsonNode v1 = json("/v1/spend?group_by=provider");
        JsonNode spendPage = result.path("pages").path("spend");
        assertThat(spendPage.path("total").asDouble()).isCloseTo(v1.path("total_cost_usd").asDouble(), within(1e-12));
        Map<String, JsonNode> v1Rows = new HashMap<>();
        v1.path("data").forEach(r -> v1Rows.put(r.path("group").asText(), r));
        assertThat(spendPage.path("providers")).hasSize(v1Rows.size());
        for (JsonNode row : spendPage.path("providers")) {
            JsonNode expected = v1Rows.get(row.path("attrs").path("data-provider").asText());
            assertThat(row.path("cells").get(1).asLong()).isEqualTo(expected.path("requests").asLong());
            assertThat(row.path("cells").get(2).asDouble()).isCloseTo(expected.path("cost_usd").asDouble(), within(1e-12));
        }
        assertThat(spendPage.path("budgets")).hasSize(1);
        assertThat(spendPage.path("charts").asInt()).isEqualTo(3);

        JsonNode routingPage = result.path("pages").path("routing");
        assertThat(routingPage.path("routed").asInt()).isEqualTo(AUTO);
        assertThat(routingPage.path("decisions").size()).isEqualTo(AUTO);
        assertThat(routingPage.path("filtered").asInt()).isEqualTo(1);

        Map<String, Double> metrics = metrics();
        JsonNode deployments = result.path("pages").path("providers").path("deployments");
        assertThat(deployments).isNotEmpty();
        for (JsonNode row : deployments) {
            String[] key = row.path("attrs").path("data-deployment").asText().split("/", 2);
            String labels = "model=\"" + key[1] + "\",provider=\"" + key[0] + "\"";
            assertThat(row.path("cells").get(2).asDouble()).as("answered %s", labels)
                    .isEqualTo(sum(metrics, "routewise_upstream_duration_seconds_count", labels));
            assertThat(row.path("cells").get(4).asDouble()).as("failed %s", labels)
                    .isEqualTo(sum(metrics, "routewise_upstream_errors_total", labels));
        }
        assertThat(result.path("pages").path("quality").path("configVersions").asInt()).isPositive();
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** Why the browser part cannot run here, or null. */
    private static String browserMissing(Path uiDir) {
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        if (!Files.isExecutable(Path.of(chromium))) {
            return "no Chromium at " + chromium;
        }
        if (!Files.isDirectory(uiDir.resolve("node_modules").resolve("playwright-core"))) {
            return "playwright-core is not installed in " + uiDir;
        }
        try {
            Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            node.getInputStream().readAllBytes();
            if (!node.waitFor(20, TimeUnit.SECONDS) || node.exitValue() != 0) {
                return "node does not run";
            }
        } catch (IOException | InterruptedException e) {
            return "no node on the PATH";
        }
        return null;
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (n.path(field).asText().equals(value)) {
                return n;
            }
        }
        throw new AssertionError("no " + field + " = " + value + " in " + array);
    }

    private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+)\\{([^}]*)\\} ([0-9.eE+-]+|NaN)$");

    /** Every sample of {@code /metrics}, keyed by {@code name{labels}} as printed. */
    private static Map<String, Double> metrics() throws Exception {
        Map<String, Double> out = new HashMap<>();
        for (String line : get("/metrics", ADMIN).body().split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (m.matches()) {
                out.put(m.group(1) + "{" + m.group(2) + "}", Double.parseDouble(m.group(3)));
            }
        }
        return out;
    }

    /** The sum of a metric's samples whose labels contain {@code labels} (0 when none). */
    private static double sum(Map<String, Double> metrics, String name, String labels) {
        double total = 0;
        for (var e : metrics.entrySet()) {
            String key = e.getKey();
            if (key.startsWith(name + "{") && labelsOf(key).containsAll(List.of(labels.split(",")))) {
                total += e.getValue();
            }
        }
        return total;
    }

    private static List<String> labelsOf(String key) {
        String inside = key.substring(key.indexOf('{') + 1, key.length() - 1);
        List<String> out = new ArrayList<>();
        for (String part : inside.split(",")) {
            if (!part.isBlank()) {
                out.add(part);
            }
        }
        return out;
    }

    private static HttpResponse<String> chat(String model, String text) throws Exception {
        String body = Json.MAPPER.writeValueAsString(Map.of("model", model,
                "messages", List.of(Map.of("role", "user", "content", text))));
        return HTTP.send(HttpRequest.newBuilder(URI.create(router.baseUrl() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(20)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(router.baseUrl() + path)).timeout(Duration.ofSeconds(20));
        if (key != null) {
            b.header("authorization", "Bearer " + key);
        }
        return HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(String path) throws Exception {
        HttpResponse<String> r = get(path, ADMIN);
        assertThat(r.statusCode()).as("%s: %s", path, r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }
}
