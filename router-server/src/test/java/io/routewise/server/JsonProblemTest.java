package io.routewise.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.routewise.json.Json;
import org.junit.jupiter.api.Test;

/** Issue 11, finding 6: a bad body's error names the problem, never the parser's internals. */
class JsonProblemTest {

    private static String problem(String body) {
        try {
            Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            return RequestBodies.describe(e);
        }
        throw new AssertionError("parsed: " + body);
    }

    @Test
    void tooDeepABodyIsAParserLimitWithoutInternals() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        String d = problem(deep);
        assertThat(d).contains("parser limit").doesNotContain("StreamReadConstraints").doesNotContain("Source");
    }

    @Test
    void aSyntaxErrorKeepsItsSentenceButNotItsSourceOrFeatureHints() {
        String d = problem("{\"model\": 'single'}");
        assertThat(d).isNotBlank().doesNotContain("[Source").doesNotContain("Feature").doesNotContain("\n");
        assertThat(d.length()).isLessThanOrEqualTo(203);
    }
}
