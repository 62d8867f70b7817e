package io.routewise.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Response headers, models list, health, readiness and metrics. */
class HeadersAndEndpointsTest extends RouterTestBase {

    @Test
    void echoesACallersRequestId() {
        HttpResponse<String> r = post("/v1/chat/completions", chat("oai-small", "hi"), "x-request-id", "abc-123");
        assertThat(r.headers().firstValue("x-request-id")).hasValue("abc-123");
    }

    @Test
    void takesTheTraceIdOfATraceparent() {
        HttpResponse<String> r = post("/v1/chat/completions", chat("oai-small", "hi"),
                "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertThat(r.headers().firstValue("x-request-id")).hasValue("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void generatesAnIdWhenNoneIsUsable() {
        HttpResponse<String> r = post("/v1/chat/completions", chat("oai-small", "hi"), "x-request-id", "bad id\twith spaces");
        assertThat(r.headers().firstValue("x-request-id")).hasValueSatisfying(id -> assertThat(id).matches("[0-9a-f]{32}"));
    }

    @Test
    void saysWhoAnsweredAndWhatTheRouterAdded() {
        HttpResponse<String> r = post("/v1/chat/completions", chat("ant-small", "hi"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-routewise-model")).hasValue("ant-small");
        assertThat(r.headers().firstValue("x-routewise-provider")).hasValue("ant");
        double overhead = Double.parseDouble(r.headers().firstValue("x-routewise-overhead-ms").orElseThrow());
        assertThat(overhead).isGreaterThanOrEqualTo(0.0);
        assertThat(r.headers().firstValue("x-routewise-fallbacks")).isEmpty();
    }

    @Test
    void listsEnabledModelsOnly() {
        JsonNode list = json(get("/v1/models"));
        assertThat(list.path("object").asText()).isEqualTo("list");
        assertThat(list.path("data").findValuesAsText("id")).contains("oai-small", "ant-small", "gem-small")
                .doesNotContain("switched-off");
    }

    @Test
    void healthAndReadiness() {
        assertThat(get("/health").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = get("/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready).path("config_version").asText()).isEqualTo(router.config().version());
    }

    @Test
    void metricsCountRequestsTokensErrorsAndOverhead() {
        post("/v1/chat/completions", chat("gem-small", "hi"));
        post("/v1/chat/completions", chat("always-500", "hi"));
        String metrics = get("/metrics").body();
        assertThat(metrics).contains("routewise_requests_total{model=\"gem-small\",provider=\"gem\",status=\"200\",stream=\"false\"}");
        assertThat(metrics).contains("routewise_upstream_errors_total{kind=\"server_error\",model=\"always-500\",provider=\"sim\"}");
        assertThat(metrics).contains("routewise_overhead_seconds_bucket");
        assertThat(metrics).contains("routewise_request_duration_seconds_bucket");
        assertThat(metrics).contains("routewise_tokens_sum{direction=\"output\",model=\"gem-small\",provider=\"gem\"}");
        // Every deployment's retry counter exists from the start, at 0 until a retry.
        assertThat(metrics).contains("routewise_retries_total{model=\"gem-small\",provider=\"gem\"} 0.0");
    }
}
