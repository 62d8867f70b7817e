package io.routewise.providers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.chat.InvalidRequestException;
import io.routewise.config.ProviderKind;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The Anthropic and Gemini decoders (and OpenAI's answer and stream decoders) against arbitrary JSON:
 * a provider's answer or stream frame is read or refused as a {@link ProviderException} (a bad
 * response, which the dispatcher handles), and a request in that format is read or refused as an
 * {@link InvalidRequestException} (a 4xx): never another exception, which would surface as a 500 or
 * kill a stream. Bodies are shaped like each format's messages, with values of every JSON type.
 */
class WireDecodersPropertiesTest {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final List<String> FIELDS = List.of("content", "candidates", "choices", "message", "parts", "text",
            "type", "role", "usage", "usageMetadata", "input_tokens", "output_tokens", "promptTokenCount",
            "candidatesTokenCount", "stop_reason", "finishReason", "finish_reason", "tool_use", "tool_calls", "function",
            "functionCall", "functionResponse", "name", "args", "arguments", "input", "id", "delta", "index",
            "content_block", "error", "messages", "system", "systemInstruction", "contents", "tools", "tool_choice",
            "functionDeclarations", "generationConfig", "max_tokens", "maxOutputTokens", "temperature", "source", "data",
            "inlineData", "mimeType", "image", "tool_use_id", "tool_result", "model", "stop_sequences", "thinking");
    private static final List<ProviderKind> KINDS = List.of(ProviderKind.OPENAI, ProviderKind.ANTHROPIC, ProviderKind.GEMINI);

    @Property(tries = 2_000)
    void anyAnswerIsReadOrABadResponse(@ForAll("kinds") ProviderKind kind, @ForAll("bodies") JsonNode body) {
        try {
            assertThat(WireFormats.client(kind).decodeResponse(body)).isNotNull();
        } catch (ProviderException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 2_000)
    void anyStreamFrameIsReadOrABadResponse(@ForAll("kinds") ProviderKind kind, @ForAll("frames") List<JsonNode> frames,
                                            @ForAll("events") List<String> events) {
        StreamDecoder decoder = WireFormats.client(kind).newStreamDecoder();
        try {
            for (int i = 0; i < frames.size(); i++) {
                assertThat(decoder.decode(new SseFrame(events.get(i % events.size()), frames.get(i).toString()))).isNotNull();
            }
            decoder.decode(SseFrame.data("[DONE]"));
        } catch (ProviderException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 2_000)
    void anyRequestInTheFormatIsReadOrANamedBadRequest(@ForAll("kinds") ProviderKind kind, @ForAll("bodies") JsonNode body) {
        try {
            assertThat(WireFormats.server(kind).decodeRequest(body, "some-model")).isNotNull();
        } catch (InvalidRequestException expected) {
            assertThat(expected.getMessage()).isNotBlank();
            assertThat(expected.status()).isBetween(400, 499);
        }
    }

    @Provide
    Arbitrary<ProviderKind> kinds() {
        return Arbitraries.of(KINDS);
    }

    @Provide
    Arbitrary<List<String>> events() {
        return Arbitraries.of("message_start", "content_block_start", "content_block_delta", "content_block_stop",
                "message_delta", "message_stop", "ping", "error", "unknown").injectNull(0.3).list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<List<JsonNode>> frames() {
        return object(3).map(o -> (JsonNode) o).list().ofMinSize(1).ofMaxSize(5);
    }

    @Provide
    Arbitrary<JsonNode> bodies() {
        return Arbitraries.lazyOf(() -> object(3).map(o -> (JsonNode) o), () -> value(3));
    }

    private static Arbitrary<ObjectNode> object(int depth) {
        return net.jqwik.api.Combinators.combine(Arbitraries.of(FIELDS).list().ofMaxSize(5), value(depth).list().ofSize(5))
                .as((keys, values) -> {
                    ObjectNode o = F.objectNode();
                    for (int i = 0; i < keys.size(); i++) {
                        o.set(keys.get(i), values.get(i));
                    }
                    return o;
                });
    }

    private static Arbitrary<JsonNode> value(int depth) {
        Arbitrary<JsonNode> leaf = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12).map(F::textNode),
                Arbitraries.of(FIELDS).map(F::textNode),
                Arbitraries.of("user", "assistant", "model", "function", "text", "tool_use", "tool_result", "image",
                        "end_turn", "STOP", "MAX_TOKENS", "max_tokens", "stop").map(F::textNode),
                Arbitraries.integers().map(i -> (JsonNode) F.numberNode(i)),
                Arbitraries.doubles().map(d -> (JsonNode) F.numberNode(d)),
                Arbitraries.of(true, false).map(F::booleanNode),
                Arbitraries.just(F.nullNode()));
        if (depth <= 0) {
            return leaf;
        }
        Arbitrary<JsonNode> array = value(depth - 1).list().ofMaxSize(3).map(list -> {
            ArrayNode a = F.arrayNode();
            list.forEach(a::add);
            return a;
        });
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, leaf),
                net.jqwik.api.Tuple.of(2, array),
                net.jqwik.api.Tuple.of(3, object(depth - 1).map(o -> o)));
    }
}
