package io.routewise.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routewise.chat.ChatRequest;
import io.routewise.chat.FinishReason;
import io.routewise.chat.Message;
import io.routewise.chat.ResponseFormat;
import io.routewise.chat.Role;
import io.routewise.chat.ToolCall;
import io.routewise.chat.ToolChoice;
import io.routewise.chat.ToolDefinition;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerGeneratorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ReferenceAnswers references = new ReferenceAnswers();
    private final AnswerGenerator generator = new AnswerGenerator(references);

    private static ChatRequest ask(String text) {
        return ChatRequest.of("m", List.of(Message.text(Role.USER, text)));
    }

    private static ChatRequest with(ChatRequest r, List<ToolDefinition> tools, ToolChoice choice,
                                    ResponseFormat format, Integer maxTokens) {
        return new ChatRequest(r.model(), r.messages(), tools, choice, format, null, null, maxTokens, null, null,
                null, false, false, null, null);
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void sameRequestModelAndSeedGiveTheSameAnswer() {
        ChatRequest r = ask("Explain how quicksort chooses a pivot element");
        String a = generator.answer(r, "m", 0.8, 7, "").message().text();
        String b = generator.answer(r, "m", 0.8, 7, "").message().text();
        assertThat(a).isEqualTo(b);
        assertThat(generator.answer(r, "m", 0.8, 8, "").message().text()).isNotEqualTo(a);
        assertThat(generator.answer(r, "other", 0.8, 7, "").message().text()).isNotEqualTo(a);
    }

    @Test
    void textAnswersEchoTheQuestionAndStayWithin20To120Tokens() {
        for (int i = 0; i < 200; i++) {
            SimulatedAnswer a = generator.answer(ask("Describe photosynthesis in plants, variant " + i), "m", 0.8, i, "");
            assertThat(a.usage().outputTokens()).isBetween(20, 120);
            assertThat(a.finishReason()).isEqualTo(FinishReason.STOP);
            assertThat(a.correct()).isNull();
        }
        assertThat(generator.answer(ask("Describe photosynthesis in plants"), "m", 0.8, 1, "").message().text())
                .contains("photosynthesis");
    }

    @Test
    void countsTokensAsCharactersOverFour() {
        SimulatedAnswer a = generator.answer(ask("x".repeat(401)), "m", 0.8, 1, "");
        assertThat(a.usage().inputTokens()).isEqualTo(101);
        assertThat(a.usage().outputTokens()).isEqualTo((a.message().text().length() + 3) / 4);
    }

    @Test
    void maxTokensCapsTheAnswerWithFinishReasonLength() {
        SimulatedAnswer a = generator.answer(with(ask("Tell me about volcanoes"), null, null, null, 5), "m", 0.8, 1, "");
        assertThat(a.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(a.usage().outputTokens()).isEqualTo(5);
        assertThat(a.message().text()).hasSize(20);
    }

    @Test
    void answersKnownPromptsCorrectlyWithProbabilityQuality() {
        int n = 2000;
        for (int i = 0; i < n; i++) {
            references.put("What is " + i + " plus 1000?", String.valueOf(i + 1000));
        }
        for (double quality : new double[] {0.0, 0.3, 0.9, 1.0}) {
            int correct = 0;
            for (int i = 0; i < n; i++) {
                SimulatedAnswer a = generator.answer(ask("What is " + i + " plus 1000?"), "m", quality, 3, "");
                boolean contains = a.message().text().contains(String.valueOf(i + 1000));
                assertThat(a.correct()).isEqualTo(contains);
                correct += contains ? 1 : 0;
            }
            assertThat(correct / (double) n).as("quality %s", quality).isCloseTo(quality, within(0.03));
        }
    }

    @Test
    void wrongAnswersArePlausibleButNeverContainTheReference() {
        references.put("Is the sky blue?", "yes");
        references.put("What is the capital of France?", "Paris");
        references.put("What is 2 + 8?", "10");
        assertThat(generator.answer(ask("Is the sky blue?"), "m", 0.0, 1, "").message().text())
                .startsWith("The answer is no.");
        assertThat(generator.answer(ask("What is the capital of France?"), "m", 0.0, 1, "").message().text())
                .doesNotContainIgnoringCase("paris");
        for (int seed = 0; seed < 100; seed++) {
            String text = generator.answer(ask("What is 2 + 8?"), "m", 0.0, seed, "").message().text();
            assertThat(text).doesNotContain("10").containsPattern("The answer is -?\\d+\\.");
        }
    }

    @Test
    void promptsMatchReferencesAfterWhitespaceNormalisation() {
        references.put("  What is   the boiling point of water in Celsius? ", "100");
        SimulatedAnswer a = generator.answer(ask("What is the boiling point\nof water in Celsius?"), "m", 1.0, 1, "");
        assertThat(a.message().text()).contains("100");
        assertThat(a.correct()).isTrue();
    }

    @Test
    void runNonceChangesWhichPromptsAreAnsweredCorrectly() {
        for (int i = 0; i < 200; i++) {
            references.put("question " + i, "answer" + i);
        }
        int differ = 0;
        for (int i = 0; i < 200; i++) {
            boolean a = generator.answer(ask("question " + i), "m", 0.5, 1, "run-1").correct();
            boolean b = generator.answer(ask("question " + i), "m", 0.5, 1, "run-2").correct();
            boolean again = generator.answer(ask("question " + i), "m", 0.5, 1, "run-1").correct();
            assertThat(again).isEqualTo(a);
            differ += a != b ? 1 : 0;
        }
        assertThat(differ).isGreaterThan(50);
    }

    @Test
    void callsTheBestMatchingToolWithItsRequiredArguments() throws Exception {
        ToolDefinition search = new ToolDefinition("web_search", "Search the web", json(
                "{\"type\":\"object\",\"properties\":{\"query\":{\"type\":\"string\"}},\"required\":[\"query\"]}"), null);
        ToolDefinition weather = new ToolDefinition("get_weather", "Current weather for a city", json("""
                {"type":"object","properties":{
                  "city":{"type":"string"},
                  "unit":{"type":"string","enum":["celsius","fahrenheit"]},
                  "days":{"type":"integer","minimum":1,"maximum":7},
                  "details":{"type":"boolean"}},
                 "required":["city","unit","days"]}"""), null);
        SimulatedAnswer a = generator.answer(with(ask("What is the weather in Lisbon today?"),
                List.of(search, weather), null, null, null), "m", 0.8, 1, "");

        assertThat(a.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(a.message().toolCalls()).hasSize(1);
        ToolCall call = a.message().toolCalls().get(0);
        assertThat(call.name()).isEqualTo("get_weather");
        assertThat(call.id()).startsWith("call_");
        JsonNode args = json(call.arguments());
        assertThat(args.fieldNames()).toIterable().containsExactlyInAnyOrder("city", "unit", "days");
        assertThat(args.get("city").asText()).isEqualTo("Lisbon");
        assertThat(args.get("unit").asText()).isEqualTo("celsius");
        assertThat(args.get("days").isIntegralNumber()).isTrue();
        assertThat(args.get("days").asInt()).isBetween(1, 7);
        assertThat(a.usage().outputTokens()).isPositive();
    }

    @Test
    void honoursANamedToolChoiceAndToolChoiceNone() throws Exception {
        ToolDefinition a = new ToolDefinition("alpha", null, null, null);
        ToolDefinition b = new ToolDefinition("beta", null, json("{\"type\":\"object\",\"properties\":{}}"), null);
        ChatRequest named = with(ask("hello"), List.of(a, b), ToolChoice.function("beta"), null, null);
        assertThat(generator.answer(named, "m", 0.8, 1, "").message().toolCalls().get(0).name()).isEqualTo("beta");
        assertThat(generator.answer(named, "m", 0.8, 1, "").message().toolCalls().get(0).arguments()).isEqualTo("{}");

        ChatRequest none = with(ask("hello"), List.of(a, b), ToolChoice.NONE, null, null);
        SimulatedAnswer text = generator.answer(none, "m", 0.8, 1, "");
        assertThat(text.message().toolCalls()).isEmpty();
        assertThat(text.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void afterAToolResultAnswersWithTextThatMentionsIt() {
        ToolDefinition weather = new ToolDefinition("get_weather", null, null, null);
        ChatRequest r = new ChatRequest("m", List.of(
                Message.text(Role.USER, "Weather in Oslo?"),
                Message.assistantToolCalls(List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Oslo\"}"))),
                Message.toolResult("call_1", "{\"temp_c\": -3, \"sky\": \"snow\"}")),
                List.of(weather), null, null, null, null, null, null, null, null, false, false, null, null);
        SimulatedAnswer a = generator.answer(r, "m", 0.8, 1, "");
        assertThat(a.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(a.message().toolCalls()).isEmpty();
        assertThat(a.message().text()).contains("get_weather").contains("\"temp_c\": -3");
    }

    @Test
    void jsonModeAnswersAJsonObject() throws Exception {
        SimulatedAnswer a = generator.answer(with(ask("List a fruit"), null, null, ResponseFormat.JSON_OBJECT, null),
                "m", 0.8, 1, "");
        JsonNode node = json(a.message().text());
        assertThat(node.isObject()).isTrue();
        assertThat(node.get("answer").isTextual()).isTrue();
    }

    @Test
    void jsonModeCarriesTheReferenceWhenCorrect() throws Exception {
        references.put("What is 6 times 7?", "42");
        SimulatedAnswer a = generator.answer(with(ask("What is 6 times 7?"), null, null, ResponseFormat.JSON_OBJECT,
                null), "m", 1.0, 1, "");
        assertThat(json(a.message().text()).get("answer").asText()).isEqualTo("42");
    }

    @Test
    void jsonSchemaAnswersSatisfyRequiredKeysAndTypes() throws Exception {
        JsonNode schema = json("""
                {"type":"object","required":["name","age","tags","address","score"],
                 "properties":{
                   "name":{"type":"string","minLength":3},
                   "age":{"type":"integer","minimum":18,"maximum":99},
                   "score":{"type":"number","exclusiveMinimum":0,"exclusiveMaximum":1},
                   "tags":{"type":"array","items":{"type":"string"},"minItems":2},
                   "address":{"$ref":"#/$defs/address"},
                   "nickname":{"type":["string","null"]}},
                 "$defs":{"address":{"type":"object","required":["city","zip"],
                   "properties":{"city":{"type":"string"},"zip":{"type":"string","format":"uuid"}}}}}""");
        ResponseFormat format = new ResponseFormat(ResponseFormat.Type.JSON_SCHEMA, "person", schema, true);
        SimulatedAnswer a = generator.answer(with(ask("Invent a person"), null, null, format, null), "m", 0.8, 1, "");
        JsonNode node = json(a.message().text());
        assertThat(node.fieldNames()).toIterable().containsExactlyInAnyOrder("name", "age", "tags", "address", "score");
        assertThat(node.get("name").asText()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(node.get("age").isIntegralNumber()).isTrue();
        assertThat(node.get("age").asInt()).isBetween(18, 99);
        assertThat(node.get("score").asDouble()).isGreaterThan(0).isLessThan(1);
        assertThat(node.get("tags").isArray()).isTrue();
        assertThat(node.get("tags")).hasSize(2);
        assertThat(node.get("address").get("city").isTextual()).isTrue();
        assertThat(node.get("address").get("zip").isTextual()).isTrue();
    }

    @Test
    void wrongAnswerIsTheOppositeOrANearbyNumber() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        assertThat(AnswerGenerator.wrongAnswer("True", r)).isEqualTo("false");
        String wrong = AnswerGenerator.wrongAnswer("3.5", r);
        assertThat(new java.math.BigDecimal(wrong)).isNotEqualByComparingTo("3.5");
    }
}
