package io.routewise.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Bad input gets OpenAI's error shape with the right 4xx status, never a 500. */
class BadInputTest extends RouterTestBase {

    private static JsonNode assertError(HttpResponse<String> r, int status, String param, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        JsonNode error = json(r).path("error");
        assertThat(error.isObject()).as(r.body()).isTrue();
        assertThat(error.has("message") && error.has("type") && error.has("param") && error.has("code")).as(r.body()).isTrue();
        assertThat(error.path("message").asText()).isNotBlank();
        if (param != null) {
            assertThat(error.path("param").asText()).isEqualTo(param);
        }
        if (code != null) {
            assertThat(error.path("code").asText()).isEqualTo(code);
        }
        assertThat(r.headers().firstValue("x-request-id")).isPresent();
        return error;
    }

    @Test
    void malformedJsonIs400WithWhereItBroke() {
        JsonNode e = assertError(post("/v1/chat/completions", "{\"model\": \"oai-small\", \"messages\": ["), 400, null, "invalid_json");
        assertThat(e.path("message").asText()).contains("line 1");
    }

    @Test
    void emptyBodyIs400() {
        assertError(post("/v1/chat/completions", ""), 400, null, "invalid_json");
    }

    @Test
    void nonObjectBodyIs400() {
        assertError(post("/v1/chat/completions", "[1,2]"), 400, null, null);
    }

    @Test
    void missingMessagesNamesTheParam() {
        assertError(post("/v1/chat/completions", "{\"model\":\"oai-small\"}"), 400, "messages", null);
    }

    @Test
    void missingModelNamesTheParam() {
        assertError(post("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), 400, "model", null);
    }

    @Test
    void wrongTypesNameTheParam() {
        assertError(post("/v1/chat/completions", "{\"model\":\"oai-small\",\"temperature\":\"hot\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), 400, "temperature", null);
        assertError(post("/v1/chat/completions", "{\"model\":\"oai-small\",\"messages\":\"hi\"}"), 400, "messages", null);
        assertError(post("/v1/chat/completions", "{\"model\":\"oai-small\",\"max_tokens\":-5,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), 400, "max_tokens", null);
        assertError(post("/v1/chat/completions", "{\"model\":\"oai-small\",\"stream\":\"yes\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), 400, "stream", null);
    }

    @Test
    void severalChoicesAreRefusedClearly() {
        assertError(post("/v1/chat/completions", "{\"model\":\"oai-small\",\"n\":3,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), 400, "n", null);
    }

    @Test
    void unknownRoleNamesTheMessage() {
        assertError(post("/v1/chat/completions", "{\"model\":\"oai-small\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"wizard\",\"content\":\"x\"}]}"),
                400, "messages[1].role", null);
    }

    @Test
    void unknownModelIs404() {
        assertError(post("/v1/chat/completions", chat("no-such-model", "hi")), 404, "model", "model_not_found");
    }

    @Test
    void disabledModelIs404() {
        assertError(post("/v1/chat/completions", chat("switched-off", "hi")), 404, "model", "model_not_found");
    }

    @Test
    void autoWithNoModelAbleToServeTheRequestIsAClearErrorWithTheReasons() {
        String body = "{\"model\":\"auto\",\"max_tokens\":20000,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        JsonNode e = assertError(post("/v1/chat/completions", body), 400, "model", "no_eligible_model");
        assertThat(e.path("message").asText()).startsWith("No model in this router's catalog can serve this request")
                .contains("oai-small excluded: max_tokens 20000 exceeds its max output 16384")
                .contains("/v1/models");
    }

    @Test
    void bodyOverTheLimitIs413() throws java.io.IOException {
        // The headers alone announce a body over the test config's 64 KiB limit; the router must answer
        // 413 from them. (A client that keeps uploading a body the server has refused can lose the answer
        // to a reset, whatever the server does, so the body is never sent.)
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", router.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 70000\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String response = new String(socket.getInputStream().readNBytes(4096), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 413").contains("request_too_large").contains("application/json");
        }
    }

    @Test
    void aClientStillUploadingAnOversizedBodyHearsThe413() {
        // The router reads (and drops) what is left of a refused body, so the refusal is not lost to a
        // reset while the client is still sending.
        String big = "x".repeat(70_000);
        for (int i = 0; i < 20; i++) {
            assertError(post("/v1/chat/completions", chat("oai-small", big)), 413, null, "request_too_large");
        }
    }

    @Test
    void badRoutingHeaderNamesTheHeader() {
        assertError(post("/v1/chat/completions", chat("oai-small", "hi"), "x-routewise-quality-target", "high"),
                400, "x-routewise-quality-target", null);
        assertError(post("/v1/chat/completions", chat("oai-small", "hi"), "x-routewise-quality-target", "1.5"),
                400, "x-routewise-quality-target", null);
    }

    @Test
    void unknownRouteIs404InOpenAiShape() {
        assertError(get("/v1/nothing-here"), 404, null, null);
    }

    @Test
    void wrongMethodIsAClientError() {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(router.baseUrl() + "/v1/chat/completions"))
                .method("DELETE", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(r.statusCode()).isBetween(400, 499);
        assertThat(json(r).path("error").isObject()).isTrue();
    }
}
