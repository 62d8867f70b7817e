package io.routewise.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Upstream failures: fallback chains before the first byte, clear statuses after the last model. */
class UpstreamFailureTest extends RouterTestBase {

    @Test
    void upstream5xxWithoutFallbackBecomes502() {
        HttpResponse<String> r = post("/v1/chat/completions", chat("always-500-alone", "hi"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(502);
        assertThat(json(r).at("/error/code").asText()).isEqualTo("upstream_server_error");
    }

    @Test
    void upstream429StaysA429WithRetryAfter() {
        HttpResponse<String> r = post("/v1/chat/completions", chat("always-429", "hi"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
        assertThat(r.headers().firstValue("retry-after")).hasValue("7");
        assertThat(json(r).at("/error/type").asText()).isEqualTo("rate_limit_error");
    }

    @Test
    void upstreamTimeoutBecomes504() {
        HttpResponse<String> r = post("/v1/chat/completions", chat("always-timeout", "hi"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(504);
    }

    @Test
    void fallsBackWhenPrimaryFailsBeforeFirstByte() {
        HttpResponse<String> r = post("/v1/chat/completions", chat("always-500", "hi"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-routewise-model")).hasValue("text-only");
        assertThat(r.headers().firstValue("x-routewise-fallbacks")).hasValue("always-500");
        assertThat(json(r).path("model").asText()).isEqualTo("text-only");
    }

    @Test
    void fallbackSkipsModelsThatLackWhatTheRequestNeeds() {
        // text-only cannot do tools, so the chain goes always-500 -> oai-small.
        String body = "{\"model\":\"always-500\",\"messages\":[{\"role\":\"user\",\"content\":\"weather?\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":"
                + "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}}]}";
        HttpResponse<String> r = post("/v1/chat/completions", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-routewise-model")).hasValue("oai-small");
    }

    @Test
    void fallsBackWhenTheConnectionIsReset() {
        HttpResponse<String> r = post("/v1/chat/completions", chat("always-reset", "hi"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-routewise-model")).hasValue("oai-small");
    }

    @Test
    void streamFallsBackBeforeItsFirstByte() {
        HttpResponse<String> r = post("/v1/chat/completions", streamingChat("always-500", "hi"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/event-stream"));
        assertThat(r.headers().firstValue("x-routewise-model")).hasValue("text-only");
        assertThat(r.headers().firstValue("x-routewise-fallbacks")).hasValue("always-500");
        assertThat(r.body()).contains("data: [DONE]");
    }

    @Test
    void streamCutMidWayEndsWithAnErrorEventNotDone() {
        HttpResponse<String> r = post("/v1/chat/completions", streamingChat("cuts-streams", "tell me a long story"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-routewise-model")).hasValue("cuts-streams");
        assertThat(r.body()).contains("\"error\"");
        assertThat(r.body()).doesNotContain("[DONE]");
    }

    @Test
    void streamThatCannotStartAnywhereIsAPlainJsonError() {
        HttpResponse<String> r = post("/v1/chat/completions", streamingChat("always-500-alone", "hi"));
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(json(r).at("/error/code").asText()).isEqualTo("upstream_server_error");
    }
}
