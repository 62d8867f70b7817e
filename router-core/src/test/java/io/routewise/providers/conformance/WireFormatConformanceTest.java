package io.routewise.providers.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routewise.chat.ChatRequest;
import io.routewise.chat.ChatResponse;
import io.routewise.chat.StreamEvent;
import io.routewise.providers.SseFrame;
import io.routewise.providers.StreamEncoder;
import io.routewise.providers.ApiCodec;
import io.routewise.providers.conformance.CanonicalChats.Case;
import io.routewise.testing.OpenApiOperation;
import io.routewise.testing.OpenApiSchemas;
import io.routewise.testing.RequiresSharedSpecs;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every wire format's output, checked against the provider's published OpenAPI description in
 * {@code ../shared/specs}: what the client side sends upstream ({@code encodeRequest}) and what
 * the server side answers ({@code encodeResponse}, each stream frame, error bodies). A codec that
 * drifts from the provider's API fails here with the field and the rule it breaks.
 */
@RequiresSharedSpecs
class WireFormatConformanceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UPSTREAM_MODEL = "model-x";

    static Stream<Arguments> requests() {
        return cross(CanonicalChats.requests());
    }

    static Stream<Arguments> responses() {
        return cross(CanonicalChats.responses());
    }

    static Stream<Arguments> streams() {
        List<Arguments> all = new ArrayList<>();
        for (ProviderContract provider : ProviderContract.values()) {
            for (Case<List<StreamEvent>> c : CanonicalChats.streams()) {
                all.add(Arguments.of(provider, c, true));
                all.add(Arguments.of(provider, c, false));
            }
        }
        return all.stream();
    }

    private static <T> Stream<Arguments> cross(List<Case<T>> cases) {
        List<Arguments> all = new ArrayList<>();
        for (ProviderContract provider : ProviderContract.values()) {
            for (Case<T> c : cases) {
                all.add(Arguments.of(provider, c));
            }
        }
        return all.stream();
    }

    private static OpenApiSchemas spec(ProviderContract provider) {
        return OpenApiSchemas.of(provider.spec);
    }

    // ---- client side -------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("requests")
    void encodedRequestConformsToTheProvidersRequestSchema(ProviderContract provider, Case<ChatRequest> c) {
        JsonNode body = provider.client().encodeRequest(c.value(), UPSTREAM_MODEL);
        assertConforms(provider, provider.requestSchema, body);
    }

    @ParameterizedTest(name = "{0} stream={1}")
    @MethodSource("requestPaths")
    void requestPathIsTheSpecsOperationForTheseSchemas(ProviderContract provider, boolean stream) {
        String path = provider.client().requestPath(UPSTREAM_MODEL, stream);
        OpenApiOperation operation = spec(provider).operation("POST", path)
                .orElseThrow(() -> new AssertionError(provider + " posts to " + path
                        + ", which is no operation of " + provider.spec.fileName()));
        assertThat(operation.requestSchema()).as("request body schema of " + operation.template())
                .contains(provider.requestSchema);
        assertThat(operation.responseSchema()).as("200 response schema of " + operation.template())
                .contains(provider.responseSchema);
        if (path.contains("?")) {
            for (String pair : path.substring(path.indexOf('?') + 1).split("&")) {
                String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
                assertThat(operation.queryParameters()).as("query parameters of " + operation.template())
                        .contains(name);
            }
        }
    }

    static Stream<Arguments> requestPaths() {
        return Stream.of(ProviderContract.values())
                .flatMap(p -> Stream.of(Arguments.of(p, false), Arguments.of(p, true)));
    }

    // ---- server side -------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("responses")
    void encodedResponseConformsToTheProvidersResponseSchema(ProviderContract provider, Case<ChatResponse> c) {
        JsonNode body = provider.server().encodeResponse(c.value());
        assertConforms(provider, provider.responseSchema, body);
    }

    @ParameterizedTest(name = "{0} {1} includeUsage={2}")
    @MethodSource("streams")
    void everyStreamFrameConformsToTheProvidersStreamSchema(ProviderContract provider, Case<List<StreamEvent>> c,
                                                           boolean includeUsage) {
        List<SseFrame> frames = encodeStream(provider.server(), c.value(), includeUsage);
        assertThat(frames).as("frames of " + c).isNotEmpty();
        int checked = 0;
        for (int i = 0; i < frames.size(); i++) {
            SseFrame frame = frames.get(i);
            if (provider == ProviderContract.OPENAI && frame.data().equals("[DONE]")) {
                assertThat(i).as("[DONE] is the last frame").isEqualTo(frames.size() - 1);
                continue;
            }
            JsonNode data = parse(frame, i);
            if (provider == ProviderContract.ANTHROPIC) {
                // Anthropic names every event after its payload's type.
                assertThat(frame.event()).as("event name of frame " + i).isEqualTo(data.path("type").asText());
            }
            String schema = provider.streamFrameSchema(frame, data);
            if (schema != null) {
                assertConforms(provider, schema, data);
                checked++;
            } else {
                // Only Anthropic's keep-alive has no schema, and it carries nothing else.
                assertThat(data).as("frame " + i + " has no schema in " + provider.spec.fileName())
                        .isEqualTo(JSON.createObjectNode().put("type", "ping"));
            }
        }
        assertThat(checked).as("frames checked against a schema").isPositive();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ProviderContract.class)
    void streamsOpenAndCloseTheWayTheProviderDoes(ProviderContract provider) {
        List<SseFrame> frames = encodeStream(provider.server(), CanonicalChats.streams().get(0).value(), true);
        SseFrame first = frames.get(0);
        SseFrame last = frames.get(frames.size() - 1);
        switch (provider) {
            case OPENAI -> {
                assertThat(last.data()).isEqualTo("[DONE]");
                assertThat(frames).allSatisfy(f -> assertThat(f.event()).isNull());
            }
            case ANTHROPIC -> {
                assertThat(first.event()).isEqualTo("message_start");
                assertThat(last.event()).isEqualTo("message_stop");
            }
            case GEMINI -> assertThat(frames).allSatisfy(f -> assertThat(f.event()).isNull());
            default -> throw new AssertionError(provider);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("errors")
    void errorBodyConformsToTheProvidersErrorSchema(ProviderContract provider, int status, String type) {
        JsonNode body = provider.server().encodeError(status, type, "Something went wrong: try again.");
        assertConforms(provider, provider.errorSchema, provider.errorDocument(body));
    }

    static Stream<Arguments> errors() {
        List<Arguments> all = new ArrayList<>();
        for (ProviderContract provider : ProviderContract.values()) {
            all.add(Arguments.of(provider, 400, "invalid_request_error"));
            all.add(Arguments.of(provider, 429, "rate_limit_error"));
            all.add(Arguments.of(provider, 500, "api_error"));
        }
        return all.stream();
    }

    /** Conformance, less the {@link SpecGap}s where the spec copy is older than the live API. */
    private static void assertConforms(ProviderContract provider, String schema, JsonNode document) {
        JsonNode adapted = SpecGap.adapt(provider, document);
        spec(provider).assertConforms(provider.check(schema), adapted, SpecGap.toleratedIn(provider, adapted));
    }

    private static List<SseFrame> encodeStream(ApiCodec server, List<StreamEvent> events, boolean includeUsage) {
        StreamEncoder encoder = server.newStreamEncoder("resp_stream_1", UPSTREAM_MODEL, 1_700_000_000L, includeUsage);
        List<SseFrame> frames = new ArrayList<>(encoder.start());
        for (StreamEvent event : events) {
            frames.addAll(encoder.encode(event));
        }
        frames.addAll(encoder.end());
        return frames;
    }

    private static JsonNode parse(SseFrame frame, int index) {
        try {
            return JSON.readTree(frame.data());
        } catch (JsonProcessingException e) {
            throw new AssertionError("frame " + index + " is not JSON: " + frame.data(), e);
        }
    }
}
