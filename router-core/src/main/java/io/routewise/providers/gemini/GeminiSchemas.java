package io.routewise.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.chat.InvalidRequestException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Translates JSON Schema (what OpenAI-style clients send for tool parameters and structured
 * output) to Gemini's {@code Schema} object and back. Gemini's Schema is an OpenAPI 3.0 subset:
 * upper-case {@code type} names, {@code nullable} instead of a {@code "null"} type, no
 * {@code $ref}, and it rejects keys it does not know ({@code additionalProperties},
 * {@code $schema}, {@code strict}...), so the encoder keeps only the keys listed below.
 */
final class GeminiSchemas {

    /**
     * Keys copied as they are. The spec copy's Schema lists type, format, description, nullable,
     * enum, items, properties, required, minItems and maxItems; the current v1beta reference adds
     * the others (title, string and number bounds, anyOf, propertyOrdering, example, default).
     */
    private static final Set<String> PLAIN_KEYS = Set.of("description", "title", "nullable", "required",
            "minItems", "maxItems", "minLength", "maxLength", "pattern", "minimum", "maximum",
            "minProperties", "maxProperties", "propertyOrdering", "example", "default");

    /** Gemini accepts only these formats per type and rejects the rest (e.g. "email", "uri"). */
    private static final Map<String, Set<String>> FORMATS = Map.of(
            "STRING", Set.of("enum", "date-time"),
            "NUMBER", Set.of("float", "double"),
            "INTEGER", Set.of("int32", "int64"));

    /** Local {@code $ref}s are inlined; this deep means the schema is recursive. */
    private static final int MAX_REF_DEPTH = 16;
    /**
     * At most this many schema nodes once the {@code $ref}s are inlined. References that branch a few
     * ways over a few levels multiply (4 ways over 12 levels is 16.7 million nodes from 2 KB), so the
     * expansion is counted as it is built and refused past this, long before it can fill the heap.
     */
    static final int MAX_EXPANDED_NODES = 10_000;

    private GeminiSchemas() {
    }

    /**
     * Gemini's Schema for a JSON Schema.
     *
     * @param param the request field the schema came from, named in errors
     * @throws InvalidRequestException when the schema uses what Gemini cannot express (recursion,
     *                                 a non-local {@code $ref})
     */
    static ObjectNode toGemini(JsonNode jsonSchema, String param) {
        return convert(jsonSchema, jsonSchema, param, 0, new int[1]);
    }

    private static ObjectNode convert(JsonNode schema, JsonNode root, String param, int refDepth, int[] nodes) {
        if (++nodes[0] > MAX_EXPANDED_NODES) {
            throw InvalidRequestException.badField(param, "The JSON Schema in '" + param + "' expands to more than "
                    + MAX_EXPANDED_NODES + " nodes once its $refs are inlined, which Gemini needs; simplify it.");
        }
        ObjectNode out = GeminiJson.MAPPER.createObjectNode();
        if (schema == null || !schema.isObject()) {
            return out; // `true` or a missing schema: anything goes, which an empty Schema also says
        }
        if (schema.hasNonNull("$ref")) {
            if (refDepth >= MAX_REF_DEPTH) {
                throw InvalidRequestException.badField(param,
                        "Gemini cannot express a recursive JSON Schema ($ref " + schema.get("$ref").asText() + ").");
            }
            return convert(resolve(schema.get("$ref").asText(), root, param), root, param, refDepth + 1, nodes);
        }
        String type = null;
        JsonNode typeNode = schema.get("type");
        if (typeNode != null && typeNode.isTextual()) {
            type = typeNode.asText().toUpperCase(Locale.ROOT);
        } else if (typeNode != null && typeNode.isArray()) {
            // ["string", "null"] is JSON Schema's way of saying nullable.
            for (JsonNode t : typeNode) {
                if ("null".equals(t.asText())) {
                    out.put("nullable", true);
                } else if (type == null) {
                    type = t.asText().toUpperCase(Locale.ROOT);
                }
            }
        }
        if (type != null) {
            out.put("type", type);
        }
        Iterator<Map.Entry<String, JsonNode>> fields = schema.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            String key = e.getKey();
            JsonNode value = e.getValue();
            switch (key) {
                case "properties" -> {
                    ObjectNode props = out.putObject("properties");
                    value.fields().forEachRemaining(p ->
                            props.set(p.getKey(), convert(p.getValue(), root, param, refDepth, nodes)));
                }
                case "items" -> out.set("items", convert(value, root, param, refDepth, nodes));
                case "anyOf", "oneOf" -> {
                    ArrayNode variants = GeminiJson.MAPPER.createArrayNode();
                    value.forEach(v -> variants.add(convert(v, root, param, refDepth, nodes)));
                    out.set("anyOf", variants);
                }
                case "enum" -> copyStringEnum(value, out);
                case "const" -> {
                    if (value.isTextual()) {
                        out.putArray("enum").add(value.asText());
                    }
                }
                case "format" -> {
                    if (type != null && FORMATS.getOrDefault(type, Set.of()).contains(value.asText())) {
                        out.set("format", value);
                    }
                }
                default -> {
                    if (PLAIN_KEYS.contains(key) && !out.has(key)) {
                        out.set(key, value.deepCopy());
                    }
                }
            }
        }
        return out;
    }

    /** Gemini's enum is for strings only; an enum of other values is dropped rather than rejected. */
    private static void copyStringEnum(JsonNode values, ObjectNode out) {
        if (!values.isArray()) {
            return;
        }
        for (JsonNode v : values) {
            if (!v.isTextual()) {
                return;
            }
        }
        out.set("enum", values.deepCopy());
    }

    private static JsonNode resolve(String ref, JsonNode root, String param) {
        if (!ref.startsWith("#/")) {
            throw InvalidRequestException.badField(param,
                    "Gemini cannot fetch the external JSON Schema reference '" + ref + "'; inline it.");
        }
        JsonNode target = root.at(ref.substring(1));
        if (target.isMissingNode()) {
            throw InvalidRequestException.badField(param, "JSON Schema reference '" + ref + "' points nowhere.");
        }
        return target;
    }

    /**
     * The JSON Schema for a Gemini Schema (server side): lower-case type names, and
     * {@code nullable: true} back to a {@code [type, "null"]} type. Other keys are kept.
     */
    static ObjectNode fromGemini(JsonNode geminiSchema) {
        ObjectNode out = GeminiJson.MAPPER.createObjectNode();
        if (geminiSchema == null || !geminiSchema.isObject()) {
            return out;
        }
        boolean nullable = geminiSchema.path("nullable").asBoolean(false);
        Iterator<Map.Entry<String, JsonNode>> fields = geminiSchema.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            JsonNode value = e.getValue();
            switch (e.getKey()) {
                case "type" -> {
                    String type = value.asText().toLowerCase(Locale.ROOT);
                    if (nullable) {
                        out.putArray("type").add(type).add("null");
                    } else {
                        out.put("type", type);
                    }
                }
                case "nullable" -> {
                    // folded into "type" above; kept only when there is no type to fold it into
                    if (!geminiSchema.has("type")) {
                        out.set("nullable", value);
                    }
                }
                case "properties" -> {
                    ObjectNode props = out.putObject("properties");
                    value.fields().forEachRemaining(p -> props.set(p.getKey(), fromGemini(p.getValue())));
                }
                case "items" -> out.set("items", fromGemini(value));
                case "anyOf" -> {
                    ArrayNode variants = out.putArray("anyOf");
                    value.forEach(v -> variants.add(fromGemini(v)));
                }
                default -> out.set(e.getKey(), value.deepCopy());
            }
        }
        return out;
    }
}
