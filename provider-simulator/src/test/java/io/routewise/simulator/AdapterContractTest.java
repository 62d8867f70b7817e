package io.routewise.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routewise.chat.ChatRequest;
import io.routewise.chat.ChatResponse;
import io.routewise.chat.FinishReason;
import io.routewise.chat.Message;
import io.routewise.chat.Role;
import io.routewise.chat.StreamEvent;
import io.routewise.config.ModelConfig;
import io.routewise.config.ProviderConfig;
import io.routewise.config.ProviderKind;
import io.routewise.providers.HttpProviderAdapter;
import io.routewise.providers.ProviderException;
import io.routewise.providers.WireFormats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The router's own HTTP adapters against the simulator, in every wire format: each simulated
 * fault must reach the adapter as the failure kind the router's resilience logic expects.
 */
class AdapterContractTest {

    private static SimulatorServer server;

    @BeforeAll
    static void start() {
        server = new SimulatorServer(Map.of(), 3).start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static HttpProviderAdapter adapter(ProviderKind kind, int timeoutMs) {
        String base = kind == ProviderKind.OPENAI ? server.baseUrl() + "/v1" : server.baseUrl();
        ProviderConfig config = new ProviderConfig("sim-" + kind.configName(), kind, base, null, null, 2000,
                timeoutMs, null);
        return new HttpProviderAdapter(config, WireFormats.client(kind), HttpProviderAdapter.sharedClient(2000),
                "not-a-real-key");
    }

    private static ModelConfig model(String upstream) {
        return new ModelConfig(upstream, "sim", upstream, 1.0, 2.0, null, 128_000, 4096, null, 1, null, true, null,
                null);
    }

    private static ChatRequest ask(String model, String text) {
        ChatRequest r = ChatRequest.of(model, List.of(Message.text(Role.USER, text)));
        return new ChatRequest(r.model(), r.messages(), null, null, null, null, null, 256, null, null, null, false,
                false, null, null);
    }

    @ParameterizedTest
    @EnumSource(value = ProviderKind.class, names = {"OPENAI", "ANTHROPIC", "GEMINI"})
    void completesAndStreamsTheSameAnswer(ProviderKind kind) throws Exception {
        HttpProviderAdapter adapter = adapter(kind, 5000);
        ChatResponse response = adapter.complete(ask("m", "What makes a good API"), model("m"));
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.usage().outputTokens()).isPositive();

        List<StreamEvent> events = new ArrayList<>();
        adapter.stream(ask("m", "What makes a good API"), model("m"), events::add);
        StringBuilder text = new StringBuilder();
        events.stream().filter(e -> e instanceof StreamEvent.TextDelta)
                .forEach(e -> text.append(((StreamEvent.TextDelta) e).text()));
        assertThat(text.toString()).isEqualTo(response.message().text());
        assertThat(events).anyMatch(e -> e instanceof StreamEvent.Finish);
    }

    @ParameterizedTest
    @EnumSource(value = ProviderKind.class, names = {"OPENAI", "ANTHROPIC", "GEMINI"})
    void rateLimitBecomesRateLimitedWithRetryAfter(ProviderKind kind) {
        assertThatThrownBy(() -> adapter(kind, 5000).complete(ask("x", "hi"), model("sim-rate-limited")))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderException.Kind.RATE_LIMITED);
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(1));
                });
    }

    @ParameterizedTest
    @EnumSource(value = ProviderKind.class, names = {"OPENAI", "ANTHROPIC", "GEMINI"})
    void serverErrorBecomesServerError(ProviderKind kind) {
        assertThatThrownBy(() -> adapter(kind, 5000).complete(ask("x", "hi"), model("sim-error-500")))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.SERVER_ERROR));
    }

    @ParameterizedTest
    @EnumSource(value = ProviderKind.class, names = {"OPENAI", "ANTHROPIC", "GEMINI"})
    void resetBecomesConnection(ProviderKind kind) {
        assertThatThrownBy(() -> adapter(kind, 5000).complete(ask("x", "hi"), model("sim-reset")))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.CONNECTION));
    }

    @ParameterizedTest
    @EnumSource(value = ProviderKind.class, names = {"OPENAI", "ANTHROPIC", "GEMINI"})
    void heldRequestBecomesTimeout(ProviderKind kind) {
        assertThatThrownBy(() -> adapter(kind, 300).complete(ask("x", "hi"), model("sim-timeout")))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.TIMEOUT));
    }

    @ParameterizedTest
    @EnumSource(value = ProviderKind.class, names = {"OPENAI", "ANTHROPIC", "GEMINI"})
    void cutStreamBecomesStreamInterruptedAfterSomeText(ProviderKind kind) {
        List<StreamEvent> events = new ArrayList<>();
        assertThatThrownBy(() -> adapter(kind, 5000).stream(ask("x", "Write about the history of tea"),
                model("sim-stream-cut"), events::add))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.STREAM_INTERRUPTED));
        assertThat(events).noneMatch(e -> e instanceof StreamEvent.Finish);
        assertThat(events).anyMatch(e -> e instanceof StreamEvent.TextDelta);
    }
}
