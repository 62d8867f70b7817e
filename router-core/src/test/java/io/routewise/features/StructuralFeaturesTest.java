package io.routewise.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.routewise.chat.ChatRequest;
import io.routewise.chat.ContentPart;
import io.routewise.chat.Message;
import io.routewise.chat.ResponseFormat;
import io.routewise.chat.Role;
import io.routewise.chat.ToolCall;
import io.routewise.chat.ToolDefinition;
import io.routewise.features.StructuralFeatures.Feature;

class StructuralFeaturesTest {

    private static float feature(ChatRequest request, Feature f) {
        return StructuralFeatures.compute(request)[f.ordinal()];
    }

    private static float feature(String userText, Feature f) {
        return feature(ask(userText), f);
    }

    private static ChatRequest ask(String userText) {
        return ChatRequest.of("auto", List.of(Message.text(Role.USER, userText)));
    }

    @Test
    void namesAreAlphabeticalPrefixedAndInVectorOrder() {
        List<String> names = StructuralFeatures.names();
        assertThat(names).isSorted().allMatch(n -> n.startsWith("st_")).doesNotHaveDuplicates();
        assertThat(names).hasSize(StructuralFeatures.size()).hasSize(Feature.values().length);
        assertThat(names.get(Feature.CODE_FENCE.ordinal())).isEqualTo("st_code_fence");
        assertThat(names.get(Feature.USER_TOKENS.ordinal())).isEqualTo("st_user_tokens");
    }

    @Test
    void everyFeatureStaysWithinZeroAndOneEvenForExtremeInput() {
        String extreme = ("```\nfor (int i = 0; i < n; i++) { x += i * 2; }\n```\n"
                + "A. one\nB. two\n$\\frac{1}{2}$ 3+4=7 solve the equation? 漢字 step by step, list JSON\n").repeat(5000);
        ChatRequest big = new ChatRequest("auto", List.of(
                Message.text(Role.SYSTEM, extreme),
                Message.text(Role.USER, extreme),
                new Message(Role.USER, List.of(ContentPart.Image.inline("image/png", "AAAA")), null, null, null),
                Message.text(Role.USER, extreme)),
                List.of(tool("a"), tool("b"), tool("c"), tool("d")), null, ResponseFormat.JSON_OBJECT,
                null, null, null, null, null, null, false, false, null, null);
        for (ChatRequest r : List.of(big, ask(""), ask("hi"), ChatRequest.of("auto", List.of()))) {
            float[] v = StructuralFeatures.compute(r);
            assertThat(v).hasSize(StructuralFeatures.size());
            for (int i = 0; i < v.length; i++) {
                assertThat(v[i]).as(StructuralFeatures.names().get(i)).isBetween(0f, 1f);
            }
        }
        assertThat(feature(big, Feature.TOKENS)).isEqualTo(1f);
    }

    @Test
    void aPlainShortQuestionHasOnlyItsSizeAndQuestionMarkSet() {
        float[] v = StructuralFeatures.compute(ask("Who wrote Hamlet?"));
        for (Feature f : Feature.values()) {
            if (f == Feature.TOKENS || f == Feature.USER_TOKENS || f == Feature.QUESTIONS) {
                assertThat(v[f.ordinal()]).as(f.featureName()).isPositive();
            } else {
                assertThat(v[f.ordinal()]).as(f.featureName()).isZero();
            }
        }
    }

    @Test
    void tokenFeaturesGrowLogarithmicallyWithLength() {
        float shortText = feature("word ".repeat(10), Feature.USER_TOKENS);
        float longer = feature("word ".repeat(100), Feature.USER_TOKENS);
        float longest = feature("word ".repeat(1000), Feature.USER_TOKENS);
        assertThat(shortText).isLessThan(longer);
        assertThat(longer).isLessThan(longest);
        // ~13 tokens: ln(14)/ln(32769)
        assertThat(shortText).isCloseTo((float) (Math.log1p(13) / Math.log1p(32768)), within(1e-6f));
        assertThat(StructuralFeatures.estimateTokens("abcdefgh")).isEqualTo(2);
        assertThat(StructuralFeatures.estimateTokens("日本語")).isEqualTo(3);
    }

    @Test
    void detectsCodeByFencesAndByCodeLikeLines() {
        assertThat(feature("Fix this:\n```python\nprint('x')\n```", Feature.CODE_FENCE)).isEqualTo(1f);
        assertThat(feature("Tell me about the history of Rome.", Feature.CODE_FENCE)).isZero();
        String unfenced = "Why does this fail?\ndef add(a, b):\n    return a + b\nresult = add(1, 2);";
        assertThat(feature(unfenced, Feature.CODE_LINES)).isCloseTo(0.75f, within(1e-6f));
        assertThat(feature("Write a poem about autumn leaves.\nMake it rhyme.", Feature.CODE_LINES)).isZero();
    }

    @Test
    void detectsMathNotationExpressionsAndVocabulary() {
        assertThat(feature("Compute $\\frac{3}{4} + \\sqrt{2}$", Feature.MATH_LATEX)).isGreaterThan(0.5f);
        assertThat(feature("Find $x^2$ when $x = 3$", Feature.MATH_LATEX)).isCloseTo(0.5f, within(1e-6f));
        assertThat(feature("A box costs $5 and a bag costs $3.", Feature.MATH_LATEX)).isZero();
        assertThat(feature("What is 12 * 7 + 3?", Feature.MATH_EXPR)).isGreaterThan(0f);
        assertThat(feature("Solve x^2 - 4 = 0", Feature.MATH_EXPR)).isGreaterThan(0f);
        assertThat(feature("Solve the equation and find the probability.", Feature.MATH_WORDS))
                .isCloseTo(3f / 5f, within(1e-6f));
        assertThat(feature("Write a haiku about the sea.", Feature.MATH_WORDS)).isZero();
        assertThat(feature("There were 15 males and 10 more girls", Feature.DIGITS)).isGreaterThan(0f);
    }

    @Test
    void countsMultipleChoiceOptions() {
        String mmlu = "Which is a prime?\nA. 4\nB. 6\nC. 7\nD. 9\nAnswer:";
        assertThat(feature(mmlu, Feature.CHOICES)).isCloseTo(4f / 6f, within(1e-6f));
        assertThat(feature("A cat sat. Then it left.", Feature.CHOICES)).isZero();
    }

    @Test
    void detectsRequestedStructureStepsAndLists() {
        assertThat(feature("Return the result as JSON with keys a and b.", Feature.STRUCTURED_REQUEST)).isEqualTo(1f);
        assertThat(feature("Put it in a table please", Feature.STRUCTURED_REQUEST)).isEqualTo(1f);
        assertThat(feature("I sat at the table.", Feature.STRUCTURED_REQUEST)).isZero();
        assertThat(feature("Think step by step.", Feature.STEP_REQUEST)).isEqualTo(1f);
        assertThat(feature("Give me 5 ideas for a party", Feature.LIST_REQUEST)).isEqualTo(1f);
        assertThat(feature("List the planets", Feature.LIST_REQUEST)).isEqualTo(1f);
        assertThat(feature("Tell me a joke", Feature.LIST_REQUEST)).isZero();
        ChatRequest json = ask("hi").withModel("auto");
        json = new ChatRequest("auto", json.messages(), null, null, ResponseFormat.JSON_OBJECT, null, null, null,
                null, null, null, false, false, null, null);
        assertThat(feature(json, Feature.JSON_MODE)).isEqualTo(1f);
        assertThat(feature(ask("hi"), Feature.JSON_MODE)).isZero();
    }

    @Test
    void readsTheConversationShape() {
        ChatRequest conversation = new ChatRequest("auto", List.of(
                Message.text(Role.SYSTEM, "You are terse."),
                Message.text(Role.USER, "Weather in Paris?"),
                Message.assistantToolCalls(List.of(new ToolCall("c1", "weather", "{\"city\":\"Paris\"}"))),
                Message.toolResult("c1", "{\"temp\":21}"),
                Message.text(Role.ASSISTANT, "21 degrees."),
                new Message(Role.USER, List.of(new ContentPart.Text("And this?"),
                        new ContentPart.Image("https://example.com/a.png", null)), null, null, null)),
                List.of(tool("weather")), null, null, null, null, null, null, null, null, false, false, null, null);
        assertThat(feature(conversation, Feature.SYSTEM_PROMPT)).isEqualTo(1f);
        assertThat(feature(conversation, Feature.TOOLS)).isEqualTo(0.5f);
        assertThat(feature(conversation, Feature.TOOL_TURNS)).isEqualTo(0.5f);
        assertThat(feature(conversation, Feature.IMAGES)).isEqualTo(1f);
        // 4 user/assistant turns: 3 beyond the first, squashed at 4
        assertThat(feature(conversation, Feature.TURNS)).isCloseTo(3f / 7f, within(1e-6f));
        assertThat(feature(conversation, Feature.USER_TOKENS)).isLessThan(feature(conversation, Feature.TOKENS));
        assertThat(feature(ask("hi"), Feature.TURNS)).isZero();
        assertThat(feature(ask("hi"), Feature.SYSTEM_PROMPT)).isZero();
    }

    @Test
    void measuresTheShareOfNonAsciiLetters() {
        assertThat(feature("Bonjour, ça va très bien", Feature.NON_ASCII)).isCloseTo(2f / 19f, within(1e-6f));
        assertThat(feature("日本語で答えてください", Feature.NON_ASCII)).isEqualTo(1f);
        assertThat(feature("plain English", Feature.NON_ASCII)).isZero();
    }

    private static ToolDefinition tool(String name) {
        return new ToolDefinition(name, "a tool", null, null);
    }
}
