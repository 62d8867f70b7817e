package io.routewise.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.config.AuthConfig;
import io.routewise.config.ConfigException;
import io.routewise.config.RoutewiseConfig;
import io.routewise.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A router with {@code auth.required}: caller keys created and revoked on the admin API, 401 for
 * missing, unknown and revoked keys, 403 for a model a key may not use, spend and feedback scoped to
 * the caller, the admin credential guarding {@code /admin/*} and {@code /metrics}, browsers kept out.
 */
class AccessControlTest {

    static final String ADMIN = "admin-credential-for-tests-0123456789";
    static RunningRouter router;

    @BeforeAll
    static void start() throws IOException {
        Path file = Files.createTempFile("routewise-admin", ".key");
        Files.writeString(file, ADMIN + "\n");
        RoutewiseConfig config = RouterTestBase.testConfig().withAuth(new AuthConfig(true, null, file.toString(), null, null));
        router = RouterLauncher.start(config, new RouterLauncher.Options("127.0.0.1", 0, false),
                TestRoutingModel.classifier());
    }

    @AfterAll
    static void stop() {
        if (router != null) {
            router.close();
        }
    }

    static HttpResponse<String> call(String method, String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(router.baseUrl() + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("content-type", "application/json");
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return RouterTestBase.send(b.build());
    }

    static String createKey(String name, String extra) throws IOException {
        HttpResponse<String> r = call("POST", "/admin/keys", "{\"name\":\"" + name + "\"" + extra + "}",
                "Authorization", "Bearer " + ADMIN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Json.MAPPER.readTree(r.body()).path("key").asText();
    }

    static String chat(String model) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
    }

    static void assertError(HttpResponse<String> r, int status, String code) throws IOException {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode e = Json.MAPPER.readTree(r.body()).path("error");
        assertThat(e.path("code").asText()).isEqualTo(code);
        assertThat(e.path("message").asText()).isNotBlank();
    }

    @Test
    void aCallWithoutAValidKeyIs401AndHealthStaysOpen() throws IOException {
        assertError(call("POST", "/v1/chat/completions", chat("oai-small")), 401, "invalid_api_key");
        assertError(call("POST", "/v1/chat/completions", chat("oai-small"), "Authorization", "Bearer sk-made-up"), 401,
                "invalid_api_key");
        assertError(call("POST", "/v1/chat/completions", chat("oai-small"), "Authorization",
                "Bearer rw-aaaaaaaaaaaa-" + "0".repeat(64)), 401, "invalid_api_key");
        assertError(call("GET", "/v1/models", null), 401, "invalid_api_key");
        assertThat(call("GET", "/health", null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/ready", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aCreatedKeyWorksByBearerOrXApiKeyUntilRevoked() throws Exception {
        String key = createKey("team-a", "");
        assertThat(key).startsWith("rw-");
        assertThat(call("POST", "/v1/chat/completions", chat("oai-small"), "Authorization", "Bearer " + key).statusCode())
                .isEqualTo(200);
        assertThat(call("POST", "/v1/chat/completions", chat("oai-small"), "x-api-key", key).statusCode()).isEqualTo(200);
        // The wrong secret for a real id is as unknown as a made-up key.
        String forged = key.substring(0, key.length() - 1) + (key.endsWith("0") ? "1" : "0");
        assertError(call("POST", "/v1/chat/completions", chat("oai-small"), "Authorization", "Bearer " + forged), 401,
                "invalid_api_key");

        HttpResponse<String> list = call("GET", "/admin/keys", null, "Authorization", "Bearer " + ADMIN);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("\"team-a\"").doesNotContain(key).doesNotContain(key.substring(16));

        assertThat(call("DELETE", "/admin/keys/team-a", null, "Authorization", "Bearer " + ADMIN).statusCode())
                .isEqualTo(204);
        HttpResponse<String> after = null;
        for (int i = 0; i < 50; i++) { // cached rows expire within seconds
            after = call("POST", "/v1/chat/completions", chat("oai-small"), "Authorization", "Bearer " + key);
            if (after.statusCode() == 401) {
                break;
            }
            Thread.sleep(100);
        }
        assertError(after, 401, "invalid_api_key");
        assertThat(after.body()).contains("revoked");
        assertThat(call("DELETE", "/admin/keys/team-a", null, "Authorization", "Bearer " + ADMIN).statusCode())
                .isEqualTo(404);
    }

    @Test
    void aKeyLimitedToSomeModelsIs403ForOthers() throws IOException {
        String key = createKey("only-small", ",\"models\":[\"oai-small\"]");
        assertThat(call("POST", "/v1/chat/completions", chat("oai-small"), "Authorization", "Bearer " + key).statusCode())
                .isEqualTo(200);
        HttpResponse<String> r = call("POST", "/v1/chat/completions", chat("ant-small"), "Authorization", "Bearer " + key);
        assertError(r, 403, "model_not_allowed");
        // auto chooses among the models the key allows.
        HttpResponse<String> auto = call("POST", "/v1/chat/completions", chat("auto"), "Authorization", "Bearer " + key);
        assertThat(auto.statusCode()).as(auto.body()).isEqualTo(200);
        assertThat(auto.headers().firstValue("x-routewise-model")).contains("oai-small");
    }

    @Test
    void aKeySeesOnlyItsOwnSpendAndScoresOnlyItsOwnRequests() throws IOException {
        String mine = createKey("spend-mine", "");
        String other = createKey("spend-other", "");
        HttpResponse<String> a = call("POST", "/v1/chat/completions", chat("oai-small"), "Authorization", "Bearer " + mine);
        HttpResponse<String> b = call("POST", "/v1/chat/completions", chat("oai-small"), "Authorization", "Bearer " + other);
        String myId = a.headers().firstValue("x-request-id").orElseThrow();
        String otherId = b.headers().firstValue("x-request-id").orElseThrow();

        assertThat(call("POST", "/v1/feedback", "{\"request_id\":\"" + myId + "\",\"score\":1}", "Authorization",
                "Bearer " + mine).statusCode()).isEqualTo(204);
        assertThat(call("POST", "/v1/feedback", "{\"request_id\":\"" + otherId + "\",\"score\":0}", "Authorization",
                "Bearer " + mine).statusCode()).isEqualTo(404);

        JsonNode own = Json.MAPPER.readTree(call("GET", "/v1/spend?group_by=key", null, "Authorization", "Bearer " + mine)
                .body());
        List<String> groups = new ArrayList<>();
        own.path("data").forEach(d -> groups.add(d.path("group").asText()));
        assertThat(groups).hasSize(1);
        JsonNode all = Json.MAPPER.readTree(call("GET", "/v1/spend?group_by=key", null, "Authorization", "Bearer " + ADMIN)
                .body());
        assertThat(all.path("data").size()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aCallerChosenRequestIdIsNotReusedForASecondRequest() throws Exception {
        String key = createKey("ids", "");
        HttpResponse<String> first = call("POST", "/v1/chat/completions", chat("oai-small"), "Authorization", "Bearer " + key,
                "x-request-id", "my-id-1");
        assertThat(first.headers().firstValue("x-request-id")).contains("my-id-1");
        Thread.sleep(300); // let the ledger writer commit it
        HttpResponse<String> second = call("POST", "/v1/chat/completions", chat("oai-small"), "Authorization",
                "Bearer " + key, "x-request-id", "my-id-1");
        assertThat(second.headers().firstValue("x-request-id")).isPresent().get().isNotEqualTo("my-id-1");
    }

    @Test
    void theAdminApiAndMetricsNeedTheAdminCredential() throws IOException {
        String key = createKey("not-admin", "");
        assertError(call("GET", "/admin/keys", null), 401, "invalid_admin_key");
        assertError(call("GET", "/admin/keys", null, "Authorization", "Bearer " + key), 401, "invalid_admin_key");
        assertError(call("GET", "/metrics", null, "Authorization", "Bearer " + key), 401, "invalid_admin_key");
        assertThat(call("GET", "/metrics", null, "Authorization", "Bearer " + ADMIN).statusCode()).isEqualTo(200);
        assertError(call("POST", "/admin/keys", "{\"name\":\"bad name!\"}", "Authorization", "Bearer " + ADMIN), 400,
                "invalid_value");
        assertError(call("POST", "/admin/keys", "{\"name\":\"not-admin\"}", "Authorization", "Bearer " + ADMIN), 409,
                "key_exists");
    }

    @Test
    void browsersCannotPostFormsAndGetNoCorsHeaders() throws IOException {
        String key = createKey("browser", "");
        HttpResponse<String> form = RouterTestBase.send(HttpRequest.newBuilder(URI.create(router.baseUrl()
                + "/v1/chat/completions")).header("Content-Type", "text/plain").header("Authorization", "Bearer " + key)
                .header("Origin", "https://evil.example").POST(HttpRequest.BodyPublishers.ofString(chat("oai-small"))).build());
        assertError(form, 415, "unsupported_media_type");
        HttpResponse<String> preflight = call("OPTIONS", "/v1/chat/completions", null, "Origin", "https://evil.example",
                "Access-Control-Request-Method", "POST");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void listeningBeyondLoopbackWithoutKeysIsRefusedUnlessTheOperatorSaysSo() {
        assertThatThrownBy(() -> RouterLauncher.checkExposure("0.0.0.0", AuthConfig.DEFAULT, false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("auth.required");
        RouterLauncher.checkExposure("0.0.0.0", AuthConfig.DEFAULT, true);
        RouterLauncher.checkExposure("0.0.0.0", new AuthConfig(null, null, null, true, null), false);
        RouterLauncher.checkExposure("0.0.0.0", new AuthConfig(true, null, null, null, null), false);
        RouterLauncher.checkExposure("127.0.0.1", AuthConfig.DEFAULT, false);
        RouterLauncher.checkExposure("localhost", AuthConfig.DEFAULT, false);
    }

    @Test
    void theEmbeddedSimulatorsControlApiNeedsTheAdminCredential() {
        int port = router.simulator().orElseThrow().port();
        HttpRequest.Builder stats = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/_sim/stats"))
                .timeout(Duration.ofSeconds(10)).GET();
        assertThat(RouterTestBase.send(stats.build()).statusCode()).isEqualTo(401);
        assertThat(RouterTestBase.send(stats.header("Authorization", "Bearer not-the-admin").build()).statusCode())
                .isEqualTo(401);
        assertThat(RouterTestBase.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/_sim/stats"))
                .header("Authorization", "Bearer " + ADMIN).GET().build()).statusCode()).isEqualTo(200);
    }

    @Test
    void aKeysOwnBudgetIsEnforcedOnItsIdentity() throws IOException {
        String poor = createKey("poor", ",\"budget_usd\":0.000001,\"budget_period\":\"day\"");
        HttpResponse<String> r = call("POST", "/v1/chat/completions", chat("oai-small"), "Authorization", "Bearer " + poor);
        assertError(r, 429, "budget_exceeded");
        assertThat(r.body()).contains("key_");
        String rich = createKey("rich", ",\"budget_usd\":100");
        assertThat(call("POST", "/v1/chat/completions", chat("oai-small"), "Authorization", "Bearer " + rich).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aKeysRequestsPerMinuteAreLimited() throws IOException {
        String key = createKey("slow", ",\"rpm\":3");
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> last = null;
        for (int i = 0; i < 5; i++) {
            last = call("GET", "/v1/models", null, "Authorization", "Bearer " + key);
            statuses.add(last.statusCode());
        }
        assertThat(statuses).containsExactly(200, 200, 200, 429, 429);
        assertError(last, 429, "rate_limit_exceeded");
        assertThat(last.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void aKeysTokensPerMinuteAreLimitedByTheRequestsEstimate() throws IOException {
        String key = createKey("thrifty", ",\"tpm\":300");
        String small = "{\"model\":\"oai-small\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        assertThat(call("POST", "/v1/chat/completions", small, "Authorization", "Bearer " + key).statusCode()).isEqualTo(200);
        assertThat(call("POST", "/v1/chat/completions", small, "Authorization", "Bearer " + key).statusCode()).isEqualTo(200);
        HttpResponse<String> third = call("POST", "/v1/chat/completions", small, "Authorization", "Bearer " + key);
        assertError(third, 429, "rate_limit_exceeded");
        assertThat(third.body()).contains("tokens per minute");
    }
}
