package io.routewise.eval.score;

import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.eval.Scorer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Builds a {@link Scorer} from its eval-set spec ({@code {"type": "numeric", "value": 391}}),
 * checking everything that can be checked before a run: required fields and their types, that
 * regexes compile and that schemas load. Errors name the field, e.g. {@code scorer.value: must be
 * a number}, so a broken eval set fails at load time rather than in the middle of a run.
 */
public final class Scorers {

    /** The scorer types, by their names in the eval sets. */
    public static final Set<String> TYPES = Set.of("numeric", "alias", "label", "json_schema", "constraints",
            "code_pattern", "python_tests");

    private static final Map<String, Set<String>> FIELDS = Map.of(
            "numeric", Set.of("type", "value", "tolerance", "relative_tolerance"),
            "alias", Set.of("type", "aliases", "forbidden"),
            "label", Set.of("type", "label", "labels"),
            "json_schema", Set.of("type", "schema", "expect"),
            "constraints", Set.of("type", "constraints"),
            "code_pattern", Set.of("type", "must_match", "must_not_match"),
            "python_tests", Set.of("type", "tests", "timeout_ms"));

    private Scorers() {
    }

    /**
     * The scorer a spec describes.
     *
     * @throws IllegalArgumentException {@code scorer.<field>: <reason>} for the first problem found
     */
    public static Scorer parse(JsonNode spec) {
        if (spec == null || !spec.isObject()) {
            throw bad("scorer", "must be an object with a 'type'");
        }
        String type = string(spec, "type");
        if (!TYPES.contains(type)) {
            throw bad("scorer.type", "unknown type '" + type + "'; known types: " + new TreeSet<>(TYPES));
        }
        for (var it = spec.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.get(type).contains(field)) {
                throw bad("scorer." + field, "unknown field for type " + type + "; known: "
                        + new TreeSet<>(FIELDS.get(type)));
            }
        }
        switch (type) {
            case "numeric":
                return new NumericScorer(number(spec, "value"),
                        spec.has("tolerance") ? nonNegative(spec, "tolerance") : NumericScorer.DEFAULT_TOLERANCE,
                        spec.has("relative_tolerance") ? nonNegative(spec, "relative_tolerance") : null);
            case "alias":
                return new AliasScorer(strings(spec, "aliases", true),
                        spec.has("forbidden") ? strings(spec, "forbidden", false) : List.of());
            case "label": {
                String label = string(spec, "label");
                List<String> labels = spec.has("labels") ? strings(spec, "labels", true) : List.of(label);
                if (!labels.contains(label)) {
                    throw bad("scorer.labels", "must contain the label '" + label + "'");
                }
                return new LabelScorer(label, labels);
            }
            case "json_schema":
                return jsonSchema(spec);
            case "constraints":
                return constraints(spec);
            case "code_pattern":
                return new CodePatternScorer(patterns(spec, "must_match", true),
                        spec.has("must_not_match") ? patterns(spec, "must_not_match", false) : List.of());
            case "python_tests": {
                String tests = string(spec, "tests");
                long timeout = PythonTestsScorer.DEFAULT_TIMEOUT_MS;
                if (spec.has("timeout_ms")) {
                    JsonNode t = spec.get("timeout_ms");
                    if (!t.canConvertToLong() || !t.isIntegralNumber() || t.asLong() <= 0) {
                        throw bad("scorer.timeout_ms", "must be a positive integer (milliseconds)");
                    }
                    timeout = t.asLong();
                }
                return new PythonTestsScorer(tests, timeout);
            }
            default:
                throw new IllegalStateException("unhandled scorer type " + type);
        }
    }

    private static Scorer jsonSchema(JsonNode spec) {
        JsonNode schema = spec.get("schema");
        if (schema == null || !schema.isObject()) {
            throw bad("scorer.schema", "must be a JSON Schema object");
        }
        Map<String, JsonNode> expect = new LinkedHashMap<>();
        if (spec.has("expect")) {
            JsonNode e = spec.get("expect");
            if (!e.isObject()) {
                throw bad("scorer.expect", "must be an object of JSON Pointer to expected value");
            }
            e.fields().forEachRemaining(f -> {
                if (!f.getKey().isEmpty() && !f.getKey().startsWith("/")) {
                    throw bad("scorer.expect." + f.getKey(), "must be a JSON Pointer starting with '/'");
                }
                expect.put(f.getKey(), f.getValue());
            });
        }
        try {
            return new JsonSchemaScorer(schema, expect);
        } catch (IllegalArgumentException e) {
            throw bad("scorer.schema", e.getMessage());
        }
    }

    private static Scorer constraints(JsonNode spec) {
        JsonNode list = spec.get("constraints");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw bad("scorer.constraints", "must be a non-empty array of {type, value} objects");
        }
        List<Constraint> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(constraint(list.get(i), "scorer.constraints[" + i + "]"));
        }
        return new ConstraintsScorer(out);
    }

    private static Constraint constraint(JsonNode node, String path) {
        if (node == null || !node.isObject() || !node.path("type").isTextual()) {
            throw bad(path, "must be an object with a string 'type'");
        }
        Constraint.Type type;
        try {
            type = Constraint.Type.valueOf(node.get("type").asText().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> known = new ArrayList<>();
            for (Constraint.Type t : Constraint.Type.values()) {
                known.add(t.wireName());
            }
            throw bad(path + ".type", "unknown constraint '" + node.get("type").asText() + "'; known: " + known);
        }
        JsonNode value = node.get("value");
        String valuePath = path + ".value";
        for (var it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!field.equals("type") && !field.equals("value")) {
                throw bad(path + "." + field, "unknown field; a constraint has 'type' and 'value'");
            }
        }
        switch (type) {
            case ALL_LOWERCASE, ALL_UPPERCASE, NO_COMMAS:
                if (value != null && !(value.isBoolean() && value.asBoolean())) {
                    throw bad(valuePath, "must be absent or true");
                }
                return new Constraint(type, 0, null, null, null);
            case MUST_INCLUDE, MUST_NOT_INCLUDE:
                if (value == null || !value.isArray() || value.isEmpty()) {
                    throw bad(valuePath, "must be a non-empty array of strings");
                }
                List<String> phrases = new ArrayList<>();
                for (JsonNode p : value) {
                    if (!p.isTextual() || p.asText().isBlank()) {
                        throw bad(valuePath, "must be a non-empty array of strings");
                    }
                    phrases.add(p.asText());
                }
                return new Constraint(type, 0, phrases, null, null);
            case STARTS_WITH, ENDS_WITH:
                if (value == null || !value.isTextual() || value.asText().isEmpty()) {
                    throw bad(valuePath, "must be a non-empty string");
                }
                return new Constraint(type, 0, null, value.asText(), null);
            case REGEX:
                if (value == null || !value.isTextual()) {
                    throw bad(valuePath, "must be a regular expression string");
                }
                return new Constraint(type, 0, null, null, compile(value.asText(), valuePath, Pattern.MULTILINE));
            default:
                if (value == null || !value.isIntegralNumber() || value.asLong() < 0 || value.asLong() > Integer.MAX_VALUE) {
                    throw bad(valuePath, "must be a non-negative integer");
                }
                return new Constraint(type, value.asInt(), null, null, null);
        }
    }

    private static List<Pattern> patterns(JsonNode spec, String field, boolean nonEmpty) {
        List<String> sources = strings(spec, field, nonEmpty);
        List<Pattern> out = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            out.add(compile(sources.get(i), "scorer." + field + "[" + i + "]", Pattern.DOTALL));
        }
        return out;
    }

    private static Pattern compile(String regex, String path, int flags) {
        try {
            return Pattern.compile(regex, flags);
        } catch (PatternSyntaxException e) {
            throw bad(path, "invalid regex: " + e.getDescription() + " near index " + e.getIndex());
        }
    }

    private static String string(JsonNode spec, String field) {
        JsonNode v = spec.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw bad("scorer." + field, v == null ? "is required" : "must be a non-empty string");
        }
        return v.asText();
    }

    private static double number(JsonNode spec, String field) {
        JsonNode v = spec.get(field);
        if (v == null) {
            throw bad("scorer." + field, "is required");
        }
        if (!v.isNumber()) {
            throw bad("scorer." + field, "must be a number");
        }
        return v.asDouble();
    }

    private static double nonNegative(JsonNode spec, String field) {
        double d = number(spec, field);
        if (d < 0) {
            throw bad("scorer." + field, "must not be negative");
        }
        return d;
    }

    private static List<String> strings(JsonNode spec, String field, boolean nonEmpty) {
        JsonNode v = spec.get(field);
        if (v == null) {
            throw bad("scorer." + field, "is required");
        }
        if (!v.isArray() || (nonEmpty && v.isEmpty())) {
            throw bad("scorer." + field, "must be a" + (nonEmpty ? " non-empty" : "n") + " array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode s : v) {
            if (!s.isTextual() || s.asText().isBlank()) {
                throw bad("scorer." + field, "must contain only non-empty strings");
            }
            out.add(s.asText());
        }
        return out;
    }

    private static IllegalArgumentException bad(String field, String reason) {
        return new IllegalArgumentException(field + ": " + reason);
    }
}
