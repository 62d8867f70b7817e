package io.routewise.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.routewise.chat.ChatRequest;
import io.routewise.chat.ChatResponse;
import io.routewise.chat.FinishReason;
import io.routewise.chat.Message;
import io.routewise.chat.Role;
import io.routewise.chat.StreamEvent;
import io.routewise.chat.Usage;
import io.routewise.config.ModelConfig;
import io.routewise.config.ProviderConfig;
import io.routewise.config.ProviderKind;
import io.routewise.json.Json;
import io.routewise.providers.openai.OpenAiProviderCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HttpProviderAdapterTest {

    private static final String KEY = "sk-test-secret-123456";
    private static final ModelConfig MODEL = new ModelConfig("mini", "test", "upstream-mini", 0.15, 0.6, null, 128_000,
            1000, null, 1, null, true, null, null);
    private static final ChatRequest REQUEST = ChatRequest.of("mini", List.of(Message.text(Role.USER, "hi")));
    private static final String OK_BODY = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,"
            + "\"model\":\"upstream-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"hello\"},"
            + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":1,"
            + "\"prompt_tokens_details\":{\"cached_tokens\":4}}}";
    private static final String CHUNK = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"%s\"},\"finish_reason\":null}]}\n\n";

    private static HttpServer server;
    private static ExecutorService executor;
    private static final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
    private static final List<Map<String, List<String>>> requestHeaders = new CopyOnWriteArrayList<>();
    private static final List<Integer> clientPorts = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        route("/ok", ex -> respond(ex, 200, OK_BODY, Map.of()));
        route("/ratelimited", ex -> respond(ex, 429,
                "{\"error\":{\"message\":\"Rate limit reached for requests\",\"type\":\"requests\"}}", Map.of("Retry-After", "7")));
        route("/boom", ex -> respond(ex, 503, "<html>upstream unavailable</html>", Map.of()));
        route("/schema-500", ex -> respond(ex, 500, "{\"error\":{\"code\":500,\"message\":\"Invalid JSON schema: "
                + "unknown type 'bogus'\",\"status\":\"INTERNAL\"}}", Map.of()));
        route("/context-500", ex -> respond(ex, 500, "{\"error\":{\"message\":\"This model's maximum context length is "
                + "8192 tokens\"}}", Map.of()));
        route("/bad", ex -> respond(ex, 400,
                "{\"error\":{\"message\":\"Invalid value for 'temperature'\",\"type\":\"invalid_request_error\",\"param\":\"temperature\"}}",
                Map.of()));
        route("/unauthorized", ex -> respond(ex, 401,
                "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + ".\"}}", Map.of()));
        route("/slow", ex -> {
            sleep(3000);
            respond(ex, 200, OK_BODY, Map.of());
        });
        route("/stream", ex -> streamFrames(ex, List.of(
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n",
                ": keep-alive comment\n\n",
                String.format(CHUNK, "Hel"), String.format(CHUNK, "lo"),
                "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\r\n\r\n",
                "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2}}\n\n",
                "data: [DONE]\n\n"), 0));
        route("/cut", ex -> streamFrames(ex, List.of(String.format(CHUNK, "Hel"), String.format(CHUNK, "lo")), 0));
        route("/stall", ex -> streamFrames(ex, List.of(String.format(CHUNK, "Hel"), String.format(CHUNK, "lo")), 3000));
        route("/stream-error", ex -> streamFrames(ex, List.of(String.format(CHUNK, "Hel"),
                "data: {\"error\":{\"message\":\"The server had an error while processing your request\"}}\n\n"), 0));
        route("/late-stream", ex -> {
            sleep(1500);
            streamFrames(ex, List.of(String.format(CHUNK, "Hel"), "data: [DONE]\n\n"), 0);
        });
        route("/stream-ratelimited", ex -> respond(ex, 429, "{\"error\":{\"message\":\"slow down\"}}",
                Map.of("Retry-After", "2")));
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void route(String path, HttpHandler handler) {
        server.createContext(path, ex -> {
            try (ex) {
                bodies.add(Json.MAPPER.readTree(ex.getRequestBody()));
                requestHeaders.add(Map.copyOf(ex.getRequestHeaders()));
                clientPorts.add(ex.getRemoteAddress().getPort());
                handler.handle(ex);
            }
        });
    }

    private static void respond(HttpExchange ex, int status, String body, Map<String, String> headers) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private static void streamFrames(HttpExchange ex, List<String> frames, long stallMsAtEnd) throws IOException {
        ex.getResponseHeaders().add("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        for (String frame : frames) {
            out.write(frame.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        sleep(stallMsAtEnd);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static HttpProviderAdapter adapter(String path, int timeoutMs) {
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + path;
        return adapter(base, timeoutMs, KEY);
    }

    private static HttpProviderAdapter adapter(String baseUrl, int timeoutMs, String key) {
        ProviderConfig config = new ProviderConfig("test", ProviderKind.OPENAI, baseUrl, null, null, 1000, timeoutMs,
                Map.of("X-Extra", "yes"));
        return new HttpProviderAdapter(config, OpenAiProviderCodec.INSTANCE, HttpProviderAdapter.sharedClient(1000), key);
    }

    private static ProviderException failure(ThrowingCallable call) {
        List<ProviderException> caught = new ArrayList<>();
        assertThatThrownBy(call).isInstanceOfSatisfying(ProviderException.class, caught::add);
        ProviderException e = caught.get(0);
        assertThat(e.getMessage()).doesNotContain(KEY);
        return e;
    }

    private static JsonNode lastBody() {
        return bodies.get(bodies.size() - 1);
    }

    private static Map<String, List<String>> lastHeaders() {
        return requestHeaders.get(requestHeaders.size() - 1);
    }

    /** Issue 11, finding 7: only fields the catalog lets through reach the provider. */
    @Test
    void onlyThePassThroughFieldsTheModelAllowsReachTheProvider() throws Exception {
        Map<String, JsonNode> extra = Map.of("service_tier", Json.MAPPER.readTree("\"priority\""),
                "store", Json.MAPPER.readTree("true"), "presence_penalty", Json.MAPPER.readTree("0.5"));
        ChatRequest withExtra = REQUEST.withExtra(extra);
        adapter("/ok", 2000).complete(withExtra, MODEL);
        assertThat(lastBody().has("service_tier")).as("a pricier tier than the catalog prices").isFalse();
        assertThat(lastBody().has("store")).isFalse();
        assertThat(lastBody().get("presence_penalty").doubleValue()).isEqualTo(0.5);

        ModelConfig priority = new ModelConfig("mini", "test", "upstream-mini", 0.15, 0.6, null, 128_000, 4096, null, 1,
                null, true, null, null, List.of("service_tier"));
        adapter("/ok", 2000).complete(withExtra, priority);
        assertThat(lastBody().get("service_tier").textValue()).isEqualTo("priority");
        assertThat(lastBody().has("presence_penalty")).as("a model's own list replaces the default").isFalse();
    }

    @Test
    void completesAgainstAnOpenAiCompatibleServer() throws ProviderException {
        ChatResponse response = adapter("/ok", 2000).complete(REQUEST.withStream(true, true), MODEL);
        assertThat(response.message().text()).isEqualTo("hello");
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.usage()).isEqualTo(new Usage(9, 1, 4));
        assertThat(lastBody().get("model").textValue()).isEqualTo("upstream-mini");
        assertThat(lastBody().has("stream")).isFalse();
        assertThat(lastHeaders().get("Authorization")).containsExactly("Bearer " + KEY);
        assertThat(lastHeaders().get("X-extra")).containsExactly("yes");
        assertThat(lastHeaders().get("Content-type")).containsExactly("application/json");
    }

    @Test
    void reusesTheConnectionForSequentialCalls() throws ProviderException {
        HttpProviderAdapter adapter = adapter("/ok", 2000);
        adapter.complete(REQUEST, MODEL);
        int first = clientPorts.get(clientPorts.size() - 1);
        adapter.complete(REQUEST, MODEL);
        assertThat(clientPorts.get(clientPorts.size() - 1)).isEqualTo(first);
    }

    @Test
    void sendsNoAuthorizationWithoutAKey() throws ProviderException {
        HttpProviderAdapter adapter = adapter("http://127.0.0.1:" + server.getAddress().getPort() + "/ok", 2000, null);
        assertThat(adapter.hasKey()).isFalse();
        adapter.complete(REQUEST, MODEL);
        assertThat(lastHeaders()).doesNotContainKey("Authorization");
        assertThat(adapter("/ok", 2000).hasKey()).isTrue();
    }

    @Test
    void mapsTooManyRequestsToRateLimitedWithRetryAfter() {
        ProviderException e = failure(() -> adapter("/ratelimited", 2000).complete(REQUEST, MODEL));
        assertThat(e.kind()).isEqualTo(ProviderException.Kind.RATE_LIMITED);
        assertThat(e.upstreamStatus()).isEqualTo(429);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(e.getMessage()).contains("Rate limit reached for requests");
    }

    @Test
    void mapsServerErrorsToServerError() {
        ProviderException e = failure(() -> adapter("/boom", 2000).complete(REQUEST, MODEL));
        assertThat(e.kind()).isEqualTo(ProviderException.Kind.SERVER_ERROR);
        assertThat(e.upstreamStatus()).isEqualTo(503);
        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).contains("upstream unavailable");
    }

    @Test
    void aServerErrorTheRequestCausedIsTheRequestsFault() {
        for (String path : List.of("/schema-500", "/context-500")) {
            ProviderException e = failure(() -> adapter(path, 2000).complete(REQUEST, MODEL));
            assertThat(e.kind()).as(path).isEqualTo(ProviderException.Kind.CLIENT_ERROR);
            assertThat(e.retryable()).isFalse();
            assertThat(io.routewise.resilience.DeploymentBreakers.counts(e.kind())).as("counts against the breaker").isFalse();
            assertThat(e.clientStatus()).isEqualTo(400);
            assertThat(e.getMessage()).contains("fault of the request");
        }
        // A 5xx that says nothing about the request stays the provider's trouble.
        assertThat(failure(() -> adapter("/boom", 2000).complete(REQUEST, MODEL)).kind())
                .isEqualTo(ProviderException.Kind.SERVER_ERROR);
    }

    @Test
    void mapsBadRequestToClientErrorWithTheProvidersMessage() {
        ProviderException e = failure(() -> adapter("/bad", 2000).complete(REQUEST, MODEL));
        assertThat(e.kind()).isEqualTo(ProviderException.Kind.CLIENT_ERROR);
        assertThat(e.upstreamStatus()).isEqualTo(400);
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("Invalid value for 'temperature'");
    }

    @Test
    void redactsAnEchoedKeyFromErrorMessages() {
        ProviderException e = failure(() -> adapter("/unauthorized", 2000).complete(REQUEST, MODEL));
        assertThat(e.kind()).isEqualTo(ProviderException.Kind.CLIENT_ERROR);
        assertThat(e.getMessage()).contains("[redacted]");
        assertThat(e.clientStatus()).isEqualTo(502);
    }

    @Test
    void timesOutASlowResponse() {
        long start = System.nanoTime();
        ProviderException e = failure(() -> adapter("/slow", 300).complete(REQUEST, MODEL));
        assertThat(e.kind()).isEqualTo(ProviderException.Kind.TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
    }

    @Test
    void mapsRefusedConnectionToConnection() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ProviderException e = failure(() -> adapter("http://127.0.0.1:" + port, 2000, KEY).complete(REQUEST, MODEL));
        assertThat(e.kind()).isEqualTo(ProviderException.Kind.CONNECTION);
        assertThat(e.upstreamStatus()).isZero();
    }

    @Test
    void mapsAConnectionClosedWithoutAnswerToConnection() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread closer = new Thread(() -> {
                for (int i = 0; i < 5; i++) {
                    try (Socket socket = s.accept()) {
                        socket.getInputStream().read(new byte[256]);
                    } catch (IOException ignored) {
                        return;
                    }
                }
            });
            closer.setDaemon(true);
            closer.start();
            ProviderException e = failure(() -> adapter("http://127.0.0.1:" + s.getLocalPort(), 2000, KEY)
                    .complete(REQUEST, MODEL));
            assertThat(e.kind()).isEqualTo(ProviderException.Kind.CONNECTION);
        }
    }

    @Test
    void streamsEventsInOrderAndAsksForUsage() throws ProviderException {
        List<StreamEvent> events = new ArrayList<>();
        adapter("/stream", 2000).stream(REQUEST, MODEL, events::add);
        assertThat(events).containsExactly(new StreamEvent.TextDelta("Hel"), new StreamEvent.TextDelta("lo"),
                new StreamEvent.Finish(FinishReason.STOP), new StreamEvent.UsageReport(new Usage(5, 2, 0)));
        assertThat(lastBody().get("stream").booleanValue()).isTrue();
        assertThat(lastBody().at("/stream_options/include_usage").booleanValue()).isTrue();
        assertThat(lastHeaders().get("Accept")).containsExactly("text/event-stream");
    }

    @Test
    void reusesTheConnectionAfterACompleteStream() throws ProviderException {
        HttpProviderAdapter adapter = adapter("/stream", 2000);
        adapter.stream(REQUEST, MODEL, e -> { });
        int first = clientPorts.get(clientPorts.size() - 1);
        adapter.stream(REQUEST, MODEL, e -> { });
        assertThat(clientPorts.get(clientPorts.size() - 1)).isEqualTo(first);
    }

    @Test
    void reportsAStreamCutBeforeDoneAsInterruptedAfterDeliveringWhatArrived() {
        List<StreamEvent> events = new ArrayList<>();
        ProviderException e = failure(() -> adapter("/cut", 2000).stream(REQUEST, MODEL, events::add));
        assertThat(e.kind()).isEqualTo(ProviderException.Kind.STREAM_INTERRUPTED);
        assertThat(events).containsExactly(new StreamEvent.TextDelta("Hel"), new StreamEvent.TextDelta("lo"));
    }

    @Test
    void timesOutAStreamThatGoesSilent() {
        List<StreamEvent> events = new ArrayList<>();
        long start = System.nanoTime();
        ProviderException e = failure(() -> adapter("/stall", 400).stream(REQUEST, MODEL, events::add));
        assertThat(e.kind()).isEqualTo(ProviderException.Kind.TIMEOUT);
        assertThat(events).hasSize(2);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
    }

    @Test
    void reportsAnErrorEventInTheStreamAsInterrupted() {
        ProviderException e = failure(() -> adapter("/stream-error", 2000).stream(REQUEST, MODEL, ev -> { }));
        assertThat(e.kind()).isEqualTo(ProviderException.Kind.STREAM_INTERRUPTED);
        assertThat(e.getMessage()).contains("The server had an error");
    }

    @Test
    void mapsAStreamRefusedWithStatusLikeACall() {
        List<StreamEvent> events = new ArrayList<>();
        ProviderException e = failure(() -> adapter("/stream-ratelimited", 2000).stream(REQUEST, MODEL, events::add));
        assertThat(e.kind()).isEqualTo(ProviderException.Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(events).isEmpty();
    }

    @Test
    void parsesRetryAfterAsSecondsDateOrMilliseconds() {
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        assertThat(HttpProviderAdapter.retryAfter(null, "12", now)).isEqualTo(Duration.ofSeconds(12));
        assertThat(HttpProviderAdapter.retryAfter(null, "0.5", now)).isEqualTo(Duration.ofMillis(500));
        assertThat(HttpProviderAdapter.retryAfter(null, "Wed, 01 Jan 2025 00:00:30 GMT", now))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(HttpProviderAdapter.retryAfter(null, "Tue, 31 Dec 2024 23:00:00 GMT", now)).isEqualTo(Duration.ZERO);
        assertThat(HttpProviderAdapter.retryAfter("1500", "9", now)).isEqualTo(Duration.ofMillis(1500));
        assertThat(HttpProviderAdapter.retryAfter(null, "soon", now)).isNull();
        assertThat(HttpProviderAdapter.retryAfter(null, null, now)).isNull();
    }

    @Test
    void extractsProviderErrorMessagesFromCommonShapes() {
        assertThat(HttpProviderAdapter.errorMessage(
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}".getBytes()))
                .isEqualTo("Overloaded");
        assertThat(HttpProviderAdapter.errorMessage("{\"error\":\"model not found\"}".getBytes())).isEqualTo("model not found");
        assertThat(HttpProviderAdapter.errorMessage("{\"message\":\"nope\"}".getBytes())).isEqualTo("nope");
        assertThat(HttpProviderAdapter.errorMessage("x".repeat(2000).getBytes())).hasSize(503);
        assertThat(HttpProviderAdapter.errorMessage(new byte[0])).isEmpty();
    }

    @Test
    void rejectsHeadersTheClientManagesWithoutQuotingTheKey() {
        ProviderConfig config = new ProviderConfig("test", ProviderKind.OPENAI, "http://127.0.0.1:1", null, null, null,
                null, Map.of("Host", "example.com"));
        assertThatThrownBy(() -> new HttpProviderAdapter(config, OpenAiProviderCodec.INSTANCE, HttpProviderAdapter.sharedClient(1000), KEY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Host")
                .hasMessageNotContaining(KEY);
    }
    @Test
    void anAttemptTimeoutShorterThanTimeoutMsCutsASlowAnswer() {
        HttpProviderAdapter a = adapter("/slow", 10_000);
        long start = System.nanoTime();
        assertThatThrownBy(() -> a.complete(REQUEST, MODEL, Duration.ofMillis(300)))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderException.Kind.TIMEOUT);
                    assertThat(e.getMessage()).contains("300 ms");
                });
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
    }

    @Test
    void aStreamWithoutAFirstTokenInTimeIsATimeout() {
        HttpProviderAdapter a = adapter("/late-stream", 10_000);
        List<StreamEvent> events = new ArrayList<>();
        long start = System.nanoTime();
        assertThatThrownBy(() -> a.stream(REQUEST, MODEL, events::add, Duration.ofMillis(300), null))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderException.Kind.TIMEOUT);
                    assertThat(e.getMessage()).contains("no first token within 300 ms");
                });
        assertThat(events).isEmpty();
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_400);
    }

    @Test
    void aFirstTokenTimeoutDoesNotLimitAStreamThatStarted() throws ProviderException {
        HttpProviderAdapter a = adapter("/stream", 10_000);
        List<StreamEvent> events = new ArrayList<>();
        a.stream(REQUEST, MODEL, events::add, Duration.ofMillis(500), Duration.ofSeconds(5));
        assertThat(events).contains(new StreamEvent.TextDelta("Hel"), new StreamEvent.Finish(FinishReason.STOP));
    }
}
