package io.routewise.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Builds a JSON value that satisfies a JSON Schema's common constraints: {@code type} (one or a
 * list), {@code enum}, {@code const}, {@code required}/{@code properties}, {@code items} with
 * {@code minItems}, numeric {@code minimum}/{@code maximum}, string {@code minLength},
 * {@code maxLength} and a few {@code format}s, {@code anyOf}/{@code oneOf}/{@code allOf} (first
 * branch) and local {@code $ref}s. Used for simulated tool-call arguments and structured output.
 * An object fills its required properties, or every property when it lists none as required.
 */
final class SchemaValues {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 8;

    private final JsonNode root;
    private final List<String> words;
    private final SplittableRandom random;

    /**
     * @param root   the schema (also the base for {@code #/...} references)
     * @param words  words to use for string values (e.g. from the prompt), may be empty
     * @param random where the choices come from (seeded by the caller, so values are reproducible)
     */
    SchemaValues(JsonNode root, List<String> words, SplittableRandom random) {
        this.root = root;
        this.words = words;
        this.random = random;
    }

    /** A value for the root schema; an empty object for a missing or empty schema. */
    JsonNode value() {
        if (root == null || root.isNull() || root.isEmpty()) {
            return NODES.objectNode();
        }
        return valueFor(root, "value", 0);
    }

    private JsonNode valueFor(JsonNode schema, String name, int depth) {
        if (schema == null || !schema.isObject() || depth > MAX_DEPTH) {
            return NODES.nullNode();
        }
        JsonNode ref = schema.get("$ref");
        if (ref != null && ref.isTextual()) {
            return valueFor(resolve(ref.asText()), name, depth + 1);
        }
        if (schema.has("const")) {
            return schema.get("const").deepCopy();
        }
        JsonNode enumValues = schema.get("enum");
        if (enumValues != null && enumValues.isArray() && !enumValues.isEmpty()) {
            return enumValues.get(0).deepCopy();
        }
        for (String combinator : new String[] {"anyOf", "oneOf", "allOf"}) {
            JsonNode branches = schema.get(combinator);
            if (branches != null && branches.isArray() && !branches.isEmpty()) {
                JsonNode branch = firstNonNullBranch(branches);
                return valueFor(merged(schema, branch, combinator), name, depth + 1);
            }
        }
        return switch (typeOf(schema)) {
            case "object" -> objectFor(schema, depth);
            case "array" -> arrayFor(schema, name, depth);
            case "integer" -> NODES.numberNode(integerFor(schema));
            case "number" -> NODES.numberNode(numberFor(schema));
            case "boolean" -> NODES.booleanNode(true);
            case "null" -> NODES.nullNode();
            default -> NODES.textNode(stringFor(schema, name));
        };
    }

    private ObjectNode objectFor(JsonNode schema, int depth) {
        ObjectNode object = NODES.objectNode();
        JsonNode properties = schema.path("properties");
        JsonNode required = schema.get("required");
        if (required != null && required.isArray() && !required.isEmpty()) {
            for (JsonNode key : required) {
                String name = key.asText();
                object.set(name, valueFor(properties.get(name), name, depth + 1));
            }
        } else {
            Iterator<Map.Entry<String, JsonNode>> fields = properties.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                object.set(field.getKey(), valueFor(field.getValue(), field.getKey(), depth + 1));
            }
        }
        return object;
    }

    private ArrayNode arrayFor(JsonNode schema, String name, int depth) {
        ArrayNode array = NODES.arrayNode();
        int count = Math.max(1, schema.path("minItems").asInt(1));
        if (schema.has("maxItems")) {
            count = Math.min(count, schema.get("maxItems").asInt());
        }
        for (int i = 0; i < count; i++) {
            array.add(valueFor(schema.get("items"), name, depth + 1));
        }
        return array;
    }

    private long integerFor(JsonNode schema) {
        Double min = lowerBound(schema, 1);
        Double max = upperBound(schema, 1);
        long low = min != null ? (long) Math.ceil(min) : max != null ? Math.min(1, (long) Math.floor(max)) : 1;
        long high = max != null ? (long) Math.floor(max) : low + 9;
        if (high <= low) {
            return low; // a single allowed value, or an unsatisfiable range
        }
        return low + random.nextLong(Math.min(high - low, 9) + 1);
    }

    private double numberFor(JsonNode schema) {
        Double min = lowerBound(schema, 0);
        Double max = upperBound(schema, 0);
        double low = min != null ? min : max != null ? Math.min(0.0, max - 100.0) : 0.0;
        double high = max != null ? max : low + 100.0;
        if (high <= low) {
            return low;
        }
        // strictly inside the range, so exclusive bounds hold too
        double value = low + (high - low) * (0.25 + 0.5 * random.nextDouble());
        double rounded = Math.round(value * 100.0) / 100.0;
        return rounded > low && rounded < high ? rounded : value;
    }

    /**
     * The tighter of {@code minimum} and {@code exclusiveMinimum}, or null when neither is set; an
     * exclusive bound moves inwards by {@code step} (1 for integers; 0 for numbers, which are
     * drawn strictly inside the range anyway).
     */
    private static Double lowerBound(JsonNode schema, int step) {
        Double value = schema.path("minimum").isNumber() ? schema.get("minimum").asDouble() : null;
        if (schema.path("exclusiveMinimum").isNumber()) {
            double moved = schema.get("exclusiveMinimum").asDouble() + step;
            value = value == null ? moved : Math.max(value, moved);
        }
        return value;
    }

    private static Double upperBound(JsonNode schema, int step) {
        Double value = schema.path("maximum").isNumber() ? schema.get("maximum").asDouble() : null;
        if (schema.path("exclusiveMaximum").isNumber()) {
            double moved = schema.get("exclusiveMaximum").asDouble() - step;
            value = value == null ? moved : Math.min(value, moved);
        }
        return value;
    }

    private String stringFor(JsonNode schema, String name) {
        String format = schema.path("format").asText("");
        String value = switch (format) {
            case "date" -> "2024-05-17";
            case "date-time" -> "2024-05-17T09:30:00Z";
            case "time" -> "09:30:00";
            case "email" -> "someone@example.com";
            case "uri", "url" -> "https://example.com/" + name;
            case "uuid" -> "123e4567-e89b-42d3-a456-426614174000";
            default -> words.isEmpty() ? "example " + name : words.get(random.nextInt(words.size()));
        };
        int min = schema.path("minLength").asInt(0);
        int max = schema.path("maxLength").asInt(Integer.MAX_VALUE);
        StringBuilder sb = new StringBuilder(value);
        while (sb.length() < min) {
            sb.append(' ').append(value);
        }
        return sb.length() > max ? sb.substring(0, max) : sb.toString();
    }

    /** The schema's type; a list of types gives its first non-null one; no type is guessed from keywords. */
    private static String typeOf(JsonNode schema) {
        JsonNode type = schema.get("type");
        if (type != null && type.isTextual()) {
            return type.asText();
        }
        if (type != null && type.isArray()) {
            for (JsonNode t : type) {
                if (!"null".equals(t.asText())) {
                    return t.asText();
                }
            }
            return "null";
        }
        if (schema.has("properties") || schema.has("required")) {
            return "object";
        }
        if (schema.has("items")) {
            return "array";
        }
        return "string";
    }

    private static JsonNode firstNonNullBranch(JsonNode branches) {
        for (JsonNode b : branches) {
            if (!"null".equals(b.path("type").asText())) {
                return b;
            }
        }
        return branches.get(0);
    }

    /** The branch with the parent's other keywords (e.g. {@code description}) kept. */
    private static JsonNode merged(JsonNode parent, JsonNode branch, String combinator) {
        ObjectNode copy = ((ObjectNode) parent).deepCopy();
        copy.remove(combinator);
        if (branch.isObject()) {
            copy.setAll((ObjectNode) branch);
        }
        return copy;
    }

    private JsonNode resolve(String ref) {
        if (!ref.startsWith("#")) {
            return null; // remote references are not fetched
        }
        JsonNode target = root.at(ref.substring(1));
        return target.isMissingNode() ? null : target;
    }
}
