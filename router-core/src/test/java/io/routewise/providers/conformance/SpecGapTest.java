package io.routewise.providers.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routewise.testing.OpenApiSchemas;
import io.routewise.testing.OpenApiSchemas.Spec;
import io.routewise.testing.RequiresSharedSpecs;
import io.routewise.testing.SchemaViolation;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tolerance for spec-copy gaps is exactly as wide as the newer value, no wider. */
@RequiresSharedSpecs
class SpecGapTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<SchemaViolation> untolerated(String request) throws IOException {
        JsonNode doc = JSON.readTree(request);
        return OpenApiSchemas.of(Spec.ANTHROPIC).validate("CreateMessageParams", doc).stream()
                .filter(SpecGap.toleratedIn(ProviderContract.ANTHROPIC, doc).negate())
                .toList();
    }

    @Test
    void toleratesToolChoiceNoneOnly() throws IOException {
        String base = "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"tools\":[{\"name\":\"f\",\"input_schema\":{\"type\":\"object\"}}],\"tool_choice\":";
        assertThat(untolerated(base + "{\"type\":\"none\"}}")).isEmpty();
        assertThat(untolerated(base + "{\"type\":\"never\"}}")).isNotEmpty();
        assertThat(untolerated(base + "{\"type\":\"none\"},\"max_tokens\":\"5\"}")).isNotEmpty();
    }

    @Test
    void otherProvidersGetNoTolerance() throws IOException {
        JsonNode doc = JSON.readTree("{\"tool_choice\":{\"type\":\"none\"}}");
        assertThat(SpecGap.toleratedIn(ProviderContract.OPENAI, doc)
                .test(new SchemaViolation("$.tool_choice", "oneOf", "x", null))).isFalse();
    }

    @Test
    void toleratesANewerGeminiFieldOnlyWhereItBelongs() throws IOException {
        String part = "{\"contents\":[{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"f\",\"args\":{}},"
                + "\"%s\":\"x\"}]}]}";
        JsonNode signed = JSON.readTree(part.formatted("thoughtSignature"));
        JsonNode typo = JSON.readTree(part.formatted("thoughtSignatur"));
        assertThat(gemini(signed)).isEmpty();
        assertThat(gemini(typo)).extracting(SchemaViolation::property).containsExactly("thoughtSignatur");
        JsonNode misplaced = JSON.readTree("{\"contents\":[],\"thoughtSignature\":\"x\"}");
        assertThat(gemini(misplaced)).extracting(SchemaViolation::property).containsExactly("thoughtSignature");
    }

    @Test
    void checksAnthropicUrlImageSourcesByHandAndTheRestAgainstTheSpec() throws IOException {
        String request = "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"image\",\"source\":{\"type\":\"url\",\"url\":\"%s\"}},{\"type\":\"text\",\"%s\":\"hi\"}]}]}";
        assertThat(untolerated(SpecGap.adapt(ProviderContract.ANTHROPIC,
                JSON.readTree(request.formatted("https://example.com/a.png", "text"))).toString())).isEmpty();
        assertThat(untolerated(SpecGap.adapt(ProviderContract.ANTHROPIC,
                JSON.readTree(request.formatted("https://example.com/a.png", "txt"))).toString())).isNotEmpty();
        assertThatThrownBy(() -> SpecGap.adapt(ProviderContract.ANTHROPIC,
                JSON.readTree(request.formatted("not a url", "text")))).isInstanceOf(AssertionError.class);
    }

    private static List<SchemaViolation> gemini(JsonNode request) {
        return OpenApiSchemas.of(Spec.GEMINI).validate("GenerateContentRequest", request).stream()
                .filter(SpecGap.toleratedIn(ProviderContract.GEMINI, request).negate())
                .toList();
    }
}
