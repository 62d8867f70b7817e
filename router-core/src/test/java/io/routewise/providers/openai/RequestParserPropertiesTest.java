package io.routewise.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.chat.ChatRequest;
import io.routewise.chat.InvalidRequestException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever JSON a caller sends, the request parser answers with a request or with a 400 that names
 * the problem ({@link InvalidRequestException}), never with another exception (which the server would
 * turn into a 500). Bodies are built from the fields the parser reads, with values of every JSON type
 * nested a few levels, plus unknown fields (issue 11: a property test of the request parsers).
 */
class RequestParserPropertiesTest {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final List<String> FIELDS = List.of("model", "messages", "tools", "tool_choice", "response_format",
            "temperature", "top_p", "max_tokens", "max_completion_tokens", "stop", "seed", "user", "stream",
            "stream_options", "routewise", "role", "content", "type", "function", "name", "parameters", "text",
            "image_url", "url", "tool_calls", "id", "arguments", "json_schema", "schema", "quality_target",
            "quality_margin", "usd_per_quality_point", "pool", "include_usage", "$ref", "$defs", "properties", "items");
    private static final List<String> ROLES = List.of("user", "assistant", "system", "developer", "tool", "robot", "");

    @Property(tries = 10_000)
    void anyBodyIsARequestOrANamedBadRequest(@ForAll("bodies") JsonNode body) {
        try {
            ChatRequest request = OpenAiRequestParser.parse(body, null);
            assertThat(request.messages()).isNotEmpty();
            assertThat(request.model()).isNotBlank();
        } catch (InvalidRequestException expected) {
            assertThat(expected.getMessage()).isNotBlank();
            assertThat(expected.status()).isBetween(400, 499);
        }
    }

    @Provide
    Arbitrary<JsonNode> bodies() {
        return Arbitraries.lazyOf(() -> requestLike(), () -> value(3));
    }

    private static Arbitrary<JsonNode> requestLike() {
        // Mostly well-formed conversations, so that the fields parsed after 'messages' are reached too.
        Arbitrary<JsonNode> valid = Arbitraries.strings().ofMaxLength(20).map(text -> {
            ArrayNode a = F.arrayNode();
            a.addObject().put("role", "user").put("content", text.isBlank() ? "hi" : text);
            return a;
        });
        Arbitrary<JsonNode> random = message().list().ofMaxSize(3).map(list -> {
            ArrayNode a = F.arrayNode();
            list.forEach(a::add);
            return a;
        });
        Arbitrary<JsonNode> messages = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, valid),
                net.jqwik.api.Tuple.of(1, random));
        // One or two more top-level fields, each a known name with a value of any shape: few enough that
        // the parser usually gets as far as each of them.
        Arbitrary<JsonNode> field = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, value(2)),
                net.jqwik.api.Tuple.of(1, object(2).map(o -> (JsonNode) o)));
        return net.jqwik.api.Combinators.combine(Arbitraries.of("auto", "gpt-4o-mini", "", "x".repeat(300)),
                messages, Arbitraries.of(FIELDS).list().ofMinSize(1).ofMaxSize(2), field.list().ofSize(2))
                .as((model, msgs, keys, values) -> {
                    ObjectNode o = F.objectNode();
                    o.put("model", model);
                    o.set("messages", msgs);
                    for (int i = 0; i < keys.size(); i++) {
                        if (!keys.get(i).equals("model") && !keys.get(i).equals("messages")) {
                            o.set(keys.get(i), values.get(i));
                        }
                    }
                    return o;
                });
    }

    private static Arbitrary<JsonNode> message() {
        return net.jqwik.api.Combinators.combine(Arbitraries.of(ROLES), value(2), object(1))
                .as((role, content, extra) -> {
                    ObjectNode m = F.objectNode();
                    m.put("role", role);
                    m.set("content", content);
                    extra.fields().forEachRemaining(f -> m.set(f.getKey(), f.getValue()));
                    return m;
                });
    }

    private static Arbitrary<JsonNode> object(int depth) {
        return net.jqwik.api.Combinators.combine(Arbitraries.of(FIELDS).list().ofMaxSize(4), value(depth).list().ofSize(4))
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
                Arbitraries.of(ROLES).map(F::textNode),
                Arbitraries.integers().map(i -> (JsonNode) F.numberNode(i)),
                Arbitraries.doubles().map(d -> (JsonNode) F.numberNode(d)),
                Arbitraries.longs().map(l -> (JsonNode) F.numberNode(l)),
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
                net.jqwik.api.Tuple.of(4, leaf),
                net.jqwik.api.Tuple.of(2, array),
                net.jqwik.api.Tuple.of(2, object(depth - 1).map(o -> o)));
    }
}
