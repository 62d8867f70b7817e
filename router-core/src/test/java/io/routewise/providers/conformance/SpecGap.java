package io.routewise.providers.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.routewise.testing.SchemaViolation;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Something the provider's live API accepts or sends that the spec copy in {@code shared/specs}
 * predates. A gap either explains certain violations (a newer enum value, a newer field) or, for
 * a newer construct, checks its shape by hand and rewrites it to the spec's nearest equivalent
 * before validation. Either way only what the gap names is let through; everything else in the
 * document is still checked.
 *
 * @param provider whose spec lags
 * @param why      what the live API documents, for the reader
 * @param explains whether it explains a violation of a document
 * @param adapt    checks and rewrites newer constructs in a copy of the document, in place
 */
record SpecGap(ProviderContract provider, String why, BiPredicate<SchemaViolation, JsonNode> explains,
               Consumer<JsonNode> adapt) {

    /** The gaps known today. Remove one when the spec copy catches up. */
    static final List<SpecGap> KNOWN = List.of(
            value(ProviderContract.ANTHROPIC, "$.tool_choice", JsonNodeFactory.instance.objectNode().put("type", "none"),
                    "tool_choice {type: none} joined the Messages API after this spec copy (auto, any, tool only)"),
            value(ProviderContract.ANTHROPIC, "$.stop_reason", TextNode.valueOf("refusal"),
                    "stop_reason 'refusal' (Claude 4 and later) is newer than this spec copy"),
            value(ProviderContract.ANTHROPIC, "$.delta.stop_reason", TextNode.valueOf("refusal"),
                    "stop_reason 'refusal' in message_delta, as above"),
            new SpecGap(ProviderContract.ANTHROPIC,
                    "image source {type: url, url} is newer than this spec copy (base64 only)",
                    (violation, document) -> false, SpecGap::urlImageSourcesToBase64),
            field(ProviderContract.GEMINI, "$", "responseId",
                    "GenerateContentResponse.responseId is newer than this spec copy"),
            field(ProviderContract.GEMINI, "$.contents[*].parts[*]", "thoughtSignature",
                    "Part.thoughtSignature (Gemini 2.5+/3 function calling) is newer than this spec copy"),
            field(ProviderContract.GEMINI, "$.generationConfig", "seed",
                    "GenerationConfig.seed is in the live API but not in this spec copy"),
            field(ProviderContract.GEMINI, "$", "status",
                    "Google's JSON error object carries the canonical status name next to google.rpc.Status's fields"));

    /**
     * A newer value: violations at or under {@code jsonPath} are explained while the document
     * holds exactly {@code value} there. {@code jsonPath} is a plain {@code $.a.b} path.
     */
    static SpecGap value(ProviderContract provider, String jsonPath, JsonNode value, String why) {
        String pointer = jsonPath.substring(1).replace('.', '/');
        return new SpecGap(provider, why, (violation, document) ->
                (violation.path().equals(jsonPath) || violation.path().startsWith(jsonPath + ".")
                        || violation.path().startsWith(jsonPath + "["))
                        && document.at(pointer).equals(value), document -> { });
    }

    /**
     * A newer field: an {@code additionalProperties} violation for {@code property} on an object
     * at {@code objectPath} ({@code [*]} matches any index) is explained.
     */
    static SpecGap field(ProviderContract provider, String objectPath, String property, String why) {
        Pattern path = Pattern.compile(Pattern.quote(objectPath).replace("[*]", "\\E\\[\\d+\\]\\Q"));
        return new SpecGap(provider, why, (violation, document) ->
                violation.keyword().equals("additionalProperties") && property.equals(violation.property())
                        && path.matcher(violation.path()).matches(), document -> { });
    }

    /** A copy of {@code document} with the newer constructs {@code provider}'s gaps know checked and rewritten. */
    static JsonNode adapt(ProviderContract provider, JsonNode document) {
        JsonNode copy = document.deepCopy();
        KNOWN.stream().filter(gap -> gap.provider == provider).forEach(gap -> gap.adapt.accept(copy));
        return copy;
    }

    /** The violations of {@code document} that known gaps of {@code provider} explain. */
    static Predicate<SchemaViolation> toleratedIn(ProviderContract provider, JsonNode document) {
        return violation -> KNOWN.stream()
                .anyMatch(gap -> gap.provider == provider && gap.explains.test(violation, document));
    }

    /** Anthropic's {@code {type: url, url: https://...}} image source, checked, then made base64. */
    private static void urlImageSourcesToBase64(JsonNode request) {
        for (JsonNode message : request.path("messages")) {
            for (JsonNode block : message.path("content")) {
                JsonNode source = block.path("source");
                if (block.path("type").asText().equals("image") && source.path("type").asText().equals("url")) {
                    assertThat(source.size()).as("url image source has only type and url: " + source).isEqualTo(2);
                    assertThat(source.path("url").asText()).as("url image source").matches("https?://\\S+");
                    ((ObjectNode) block).putObject("source").put("type", "base64").put("media_type", "image/png")
                            .put("data", "");
                }
            }
        }
    }
}
