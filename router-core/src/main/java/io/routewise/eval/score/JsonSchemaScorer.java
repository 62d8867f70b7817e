package io.routewise.eval.score;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.routewise.eval.Score;
import io.routewise.eval.Scorer;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A JSON answer: the JSON found in the answer ({@link AnswerText#json}) must validate against a
 * JSON Schema (draft 2020-12) and hold the {@code expect}ed values, each at a JSON Pointer.
 * Expected strings are compared ignoring case and surrounding whitespace, numbers by value.
 */
public final class JsonSchemaScorer implements Scorer {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private final JsonNode schemaNode;
    private final Schema schema;
    private final Map<String, JsonNode> expect;

    /**
     * @param schema the JSON Schema
     * @param expect JSON Pointer (e.g. {@code /city}) to expected value; may be empty
     * @throws IllegalArgumentException when the schema cannot be compiled or a pointer is malformed
     */
    public JsonSchemaScorer(JsonNode schema, Map<String, JsonNode> expect) {
        this.schemaNode = schema.deepCopy();
        try {
            this.schema = REGISTRY.getSchema(schemaNode);
            this.schema.initializeValidators();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a usable JSON Schema: " + e.getMessage(), e);
        }
        for (String pointer : expect.keySet()) {
            try {
                JsonPointer.compile(pointer);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + pointer + "' is not a JSON Pointer such as \"/name\"", e);
            }
        }
        this.expect = new LinkedHashMap<>(expect);
    }

    public JsonNode schema() {
        return schemaNode.deepCopy();
    }

    public Map<String, JsonNode> expect() {
        return Map.copyOf(expect);
    }

    @Override
    public String type() {
        return "json_schema";
    }

    @Override
    public Score score(String answer) {
        JsonNode json = AnswerText.json(answer);
        if (json == null) {
            return Score.fail("no JSON found");
        }
        List<Error> errors = schema.validate(json);
        if (!errors.isEmpty()) {
            return Score.fail("schema: " + AnswerText.brief(errors.get(0).toString()));
        }
        for (Map.Entry<String, JsonNode> e : expect.entrySet()) {
            JsonNode actual = json.at(e.getKey());
            if (actual.isMissingNode()) {
                return Score.fail(e.getKey() + ": missing, expected " + AnswerText.brief(e.getValue().toString()));
            }
            if (!same(e.getValue(), actual)) {
                return Score.fail(e.getKey() + ": expected " + AnswerText.brief(e.getValue().toString())
                        + ", found " + AnswerText.brief(actual.toString()));
            }
        }
        return Score.pass("valid" + (expect.isEmpty() ? "" : ", " + expect.size() + " values as expected"));
    }

    /** Strings ignoring case and outer whitespace, numbers by value, containers element by element. */
    static boolean same(JsonNode expected, JsonNode actual) {
        if (expected.isNumber() && actual.isNumber()) {
            return expected.decimalValue().compareTo(actual.decimalValue()) == 0;
        }
        if (expected.isTextual() && actual.isTextual()) {
            return expected.asText().strip().toLowerCase(Locale.ROOT).equals(actual.asText().strip().toLowerCase(Locale.ROOT));
        }
        if (expected.isArray() && actual.isArray()) {
            if (expected.size() != actual.size()) {
                return false;
            }
            for (int i = 0; i < expected.size(); i++) {
                if (!same(expected.get(i), actual.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (expected.isObject() && actual.isObject()) {
            if (expected.size() != actual.size()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode other = actual.get(field.getKey());
                if (other == null || !same(field.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        return expected.equals(actual);
    }
}
