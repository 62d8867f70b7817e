package io.routewise.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routewise.chat.ResponseFormat;
import io.routewise.chat.Role;
import io.routewise.eval.score.Scorers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalSetReaderTest {

    private static final String GOOD = "{\"id\":\"math-001\",\"task\":\"math\",\"complexity\":\"easy\","
            + "\"prompt\":\"What is 17 × 23? Reply with the number only.\",\"reference\":\"391\","
            + "\"scorer\":{\"type\":\"numeric\",\"value\":391}}";

    @TempDir
    Path dir;

    private Path write(String name, String... lines) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    @Test
    void readsAnItemWithItsMessagesFormatAndScorer() throws Exception {
        Path file = write("json.jsonl", "",
                "{\"id\":\"j-1\",\"task\":\"extraction_classification\",\"complexity\":\"medium\",\"system\":\"Be terse.\","
                        + "\"prompt\":\"Name and age of: Ana, 30\",\"max_tokens\":64,"
                        + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"person\",\"schema\":{\"type\":\"object\"}}},"
                        + "\"reference\":\"{\\\"name\\\":\\\"Ana\\\",\\\"age\\\":30}\",\"verbatim\":true,"
                        + "\"scorer\":{\"type\":\"json_schema\",\"schema\":{\"type\":\"object\"},\"expect\":{\"/age\":30}}}");
        EvalItem item = EvalSetReader.load(List.of(file)).get(0);
        assertThat(item.set()).isEqualTo("json");
        assertThat(item.line()).isEqualTo(2);
        assertThat(item.label()).isEqualTo("medium.extraction_classification");
        assertThat(item.messages()).extracting(m -> m.role()).containsExactly(Role.SYSTEM, Role.USER);
        assertThat(item.messages().get(1).text()).isEqualTo("Name and age of: Ana, 30");
        assertThat(item.responseFormat().type()).isEqualTo(ResponseFormat.Type.JSON_SCHEMA);
        assertThat(item.responseFormat().name()).isEqualTo("person");
        assertThat(item.maxTokens()).isEqualTo(64);
        assertThat(item.verbatim()).isTrue();
        assertThat(item.scorer().score("{\"name\":\"Ana\",\"age\":30}").passed()).isTrue();
        assertThat(item.request("m", 512).maxTokens()).isEqualTo(64);
        assertThat(item.request("m", 512).temperature()).isEqualTo(0.0);
    }

    @Test
    void readsEveryJsonlFileOfAFolderInNameOrder() throws Exception {
        write("b.jsonl", GOOD.replace("math-001", "b-1"));
        write("a.jsonl", GOOD.replace("math-001", "a-1"));
        write("notes.txt", "not a set");
        List<EvalItem> items = EvalSetReader.load(List.of(dir));
        assertThat(items).extracting(EvalItem::id).containsExactly("a-1", "b-1");
        assertThat(items).extracting(EvalItem::set).containsExactly("a", "b");
        assertThat(items.get(0).responseFormat()).isEqualTo(ResponseFormat.TEXT);
        assertThat(items.get(0).maxTokens()).isNull();
    }

    @Test
    void namesTheFileLineAndFieldOfABadLine() throws Exception {
        bad(GOOD.replace("\"easy\"", "\"trivial\""), "complexity: unknown 'trivial'");
        bad(GOOD.replace("\"math\",", "\"poetry\","), "task: unknown 'poetry'");
        bad(GOOD.replace("\"reference\":\"391\",", ""), "reference: is required");
        bad(GOOD.replace("\"What is 17 × 23? Reply with the number only.\"", "1"), "prompt: must be a non-empty string");
        bad(GOOD.replace("{\"id\"", "{\"notes\":\"hi\",\"id\""), "notes: unknown field");
        bad(GOOD.replace("391}", "\"391\"}"), "scorer.value: must be a number");
        bad(GOOD.replace("\"reference\"", "\"max_tokens\":0,\"reference\""), "max_tokens: must be a positive integer");
        bad(GOOD.replace("\"reference\"", "\"verbatim\":\"yes\",\"reference\""), "verbatim: must be true or false");
        bad(GOOD.replace("\"reference\"", "\"response_format\":{\"type\":\"yaml\"},\"reference\""), "response_format.type: ");
        bad(GOOD.substring(0, 40), "json: malformed");
    }

    @Test
    void aDuplicateIdNamesBothPlaces() throws Exception {
        Path a = write("a.jsonl", GOOD);
        Path b = write("b.jsonl", GOOD.replace("math-001", "other"), GOOD);
        assertThatThrownBy(() -> EvalSetReader.load(List.of(a, b)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(b + ":2: id: duplicate 'math-001', first used at " + a + ":1");
    }

    private void bad(String line, String reason) throws Exception {
        Path file = write("bad.jsonl", GOOD.replace("math-001", "ok-1"), line);
        assertThatThrownBy(() -> EvalSetReader.load(List.of(file)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file + ":2: " + reason.split(":")[0])
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    /** The sets shipped in {@code eval-sets/} cover every routing class and every scorer type. */
    @Test
    void theShippedSetsCoverEveryClassAndScorer() {
        List<EvalItem> items = EvalSetReader.load(List.of(Path.of("..", "eval-sets")));
        assertThat(items).hasSizeGreaterThanOrEqualTo(200);
        Map<String, Long> perClass = items.stream()
                .collect(Collectors.groupingBy(EvalItem::label, TreeMap::new, Collectors.counting()));
        Set<String> classes = new HashSet<>();
        for (String c : EvalSetReader.COMPLEXITIES) {
            for (String t : EvalSetReader.TASKS) {
                classes.add(c + "." + t);
            }
        }
        assertThat(perClass.keySet()).containsExactlyInAnyOrderElementsOf(classes);
        assertThat(perClass).allSatisfy((label, n) -> assertThat(n).as(label).isGreaterThanOrEqualTo(8));
        assertThat(items.stream().map(i -> i.scorer().type()).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(Scorers.TYPES);
        assertThat(items.stream().map(EvalItem::id).distinct().count()).isEqualTo(items.size());
        assertThat(items.stream().filter(i -> i.scorer().type().equals("python_tests")).count()).isLessThanOrEqualTo(10);
    }
}
