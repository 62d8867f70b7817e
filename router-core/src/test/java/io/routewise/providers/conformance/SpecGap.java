package io.routewise.providers.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.routewise.testing.SchemaViolation;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Something the provider's live API accepts or sends that the spec copy in {@code shared/specs}
 * predates. Each gap tolerates only the violations its newer value or field explains; anything
 * else at the same place, and everything elsewhere, is still checked.
 *
 * @param provider whose spec lags
 * @param why      what the live API documents, for the reader
 * @param explains whether it explains a violation of a document
 */
record SpecGap(ProviderContract provider, String why, BiPredicate<SchemaViolation, JsonNode> explains) {

    /** The gaps known today. Remove one when the spec copy catches up. */
    static final List<SpecGap> KNOWN = List.of(
            value(ProviderContract.ANTHROPIC, "$.tool_choice", JsonNodeFactory.instance.objectNode().put("type", "none"),
                    "tool_choice {type: none} joined the Messages API after this spec copy (auto, any, tool only)"),
            value(ProviderContract.ANTHROPIC, "$.stop_reason", TextNode.valueOf("refusal"),
                    "stop_reason 'refusal' (Claude 4 and later) is newer than this spec copy"),
            value(ProviderContract.ANTHROPIC, "$.delta.stop_reason", TextNode.valueOf("refusal"),
                    "stop_reason 'refusal' in message_delta, as above"),
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
                        && document.at(pointer).equals(value));
    }

    /**
     * A newer field: an {@code additionalProperties} violation for {@code property} on an object
     * at {@code objectPath} ({@code [*]} matches any index) is explained.
     */
    static SpecGap field(ProviderContract provider, String objectPath, String property, String why) {
        Pattern path = Pattern.compile(Pattern.quote(objectPath).replace("[*]", "\\E\\[\\d+\\]\\Q"));
        return new SpecGap(provider, why, (violation, document) ->
                violation.keyword().equals("additionalProperties") && property.equals(violation.property())
                        && path.matcher(violation.path()).matches());
    }

    /** The violations of {@code document} that known gaps of {@code provider} explain. */
    static Predicate<SchemaViolation> toleratedIn(ProviderContract provider, JsonNode document) {
        return violation -> KNOWN.stream()
                .anyMatch(gap -> gap.provider == provider && gap.explains.test(violation, document));
    }
}
