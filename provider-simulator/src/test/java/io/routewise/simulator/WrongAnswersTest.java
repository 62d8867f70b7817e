package io.routewise.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.chat.ChatRequest;
import io.routewise.chat.Message;
import io.routewise.chat.ResponseFormat;
import io.routewise.chat.Role;
import io.routewise.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class WrongAnswersTest {

    private final ReferenceAnswers references = new ReferenceAnswers();
    private final AnswerGenerator generator = new AnswerGenerator(references);

    private static ChatRequest ask(String text, ResponseFormat format) {
        return new ChatRequest("m", List.of(Message.text(Role.USER, text)), null, null, format, 0.0, null, 512,
                null, null, null, false, false, null, null);
    }

    @Test
    void corruptJsonKeepsOneKeyWithAChangedValue() throws Exception {
        JsonNode wrong = WrongAnswers.corrupt(Json.MAPPER.readTree(
                "{\"name\": \"Ana\", \"age\": 30, \"tags\": [\"x\"]}"));
        assertThat(wrong.toString()).isEqualTo("{\"name\":\"Ana (unverified)\"}");
        assertThat(WrongAnswers.corrupt(Json.MAPPER.readTree("{\"n\": 41}")).toString()).isEqualTo("{\"n\":42}");
        assertThat(WrongAnswers.corrupt(Json.MAPPER.readTree("{\"ok\": true}")).toString()).isEqualTo("{\"ok\":false}");
        assertThat(WrongAnswers.corrupt(Json.MAPPER.readTree("{\"xs\": [1, 2]}")).toString()).isEqualTo("{\"xs\":[]}");
        assertThat(WrongAnswers.corrupt(Json.MAPPER.readTree("[1, 2]")).toString()).isEqualTo("[]");
    }

    @Test
    void hollowCodeKeepsTheSignatureAndDropsTheBody() {
        assertThat(WrongAnswers.hollowCode("import heapq\n\ndef top_k(nums, k):\n    return heapq.nlargest(k, nums)"))
                .isEqualTo("import heapq\n\ndef top_k(nums, k):\n    return None\n");
        assertThat(WrongAnswers.hollowCode("function square(x) {\n  return x * x;\n}"))
                .isEqualTo("function square(x) {\n    return null;\n}\n");
        assertThat(WrongAnswers.hollowCode("SELECT * FROM t;")).isNull();
        assertThat(WrongAnswers.verbatim("SELECT * FROM t;")).isEqualTo(WrongAnswers.EVASIVE);
        assertThat(WrongAnswers.verbatim("Every wheel deserves a second ride.")).isEqualTo(WrongAnswers.EVASIVE);
    }

    @Test
    void verbatimReferencesAreReturnedExactlyWhenRightAndCorruptedWhenWrong() {
        references.put("Write add(a, b)", "def add(a, b):\n    return a + b", true);
        SimulatedAnswer right = generator.answer(ask("Write add(a, b)", ResponseFormat.TEXT), "m", 1.0, 1, "");
        assertThat(right.message().text()).isEqualTo("def add(a, b):\n    return a + b");
        assertThat(right.correct()).isTrue();
        SimulatedAnswer wrong = generator.answer(ask("Write add(a, b)", ResponseFormat.TEXT), "m", 0.0, 1, "");
        assertThat(wrong.message().text()).isEqualTo("def add(a, b):\n    return None\n");
        assertThat(wrong.correct()).isFalse();
    }

    @Test
    void jsonModeAnswersWithTheJsonReferenceOrACorruptedCopy() throws Exception {
        references.put("Person?", "{\"name\": \"Ana\", \"age\": 30}", true);
        ResponseFormat schema = new ResponseFormat(ResponseFormat.Type.JSON_SCHEMA, "p",
                Json.MAPPER.readTree("{\"type\": \"object\", \"required\": [\"name\", \"age\"]}"), null);
        for (ResponseFormat format : List.of(ResponseFormat.JSON_OBJECT, schema)) {
            SimulatedAnswer right = generator.answer(ask("Person?", format), "m", 1.0, 1, "");
            assertThat(right.message().text()).isEqualTo("{\"name\": \"Ana\", \"age\": 30}");
            assertThat(right.correct()).isTrue();
            SimulatedAnswer wrong = generator.answer(ask("Person?", format), "m", 0.0, 1, "");
            assertThat(wrong.message().text()).isEqualTo("{\"name\":\"Ana (unverified)\"}");
            assertThat(wrong.correct()).isFalse();
        }
    }

    @Test
    void aShortFactInJsonModeIsWrappedAsBefore() throws Exception {
        references.put("Capital of Peru?", "Lima");
        String right = generator.answer(ask("Capital of Peru?", ResponseFormat.JSON_OBJECT), "m", 1.0, 1, "").message().text();
        assertThat(Json.MAPPER.readTree(right).get("answer").asText()).isEqualTo("Lima");
        String wrong = generator.answer(ask("Capital of Peru?", ResponseFormat.JSON_OBJECT), "m", 0.0, 1, "").message().text();
        assertThat(Json.MAPPER.readTree(wrong).get("answer").asText()).doesNotContain("Lima");
    }
}
