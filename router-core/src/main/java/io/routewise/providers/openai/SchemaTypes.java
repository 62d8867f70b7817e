package io.routewise.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.chat.InvalidRequestException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Checks the {@code type} keywords of a JSON Schema a request carries (tool parameters, a response
 * format) before anything is sent: a schema with {@code "type": "bogus"} is the caller's mistake, and
 * some providers answer it with a 5xx that would otherwise be retried and counted against the model.
 */
final class SchemaTypes {

    private static final Set<String> TYPES = Set.of("string", "number", "integer", "boolean", "array", "object", "null");
    /** Keywords whose value maps names to schemas (the map itself is not a schema). */
    private static final Set<String> SCHEMA_MAPS = Set.of("properties", "patternProperties", "$defs", "definitions",
            "dependentSchemas");
    /** Keywords whose value is data, not a schema. */
    private static final Set<String> DATA = Set.of("enum", "const", "examples", "default", "required", "description",
            "title");
    /** Nesting deeper than this is refused rather than walked. */
    private static final int MAX_DEPTH = 64;

    private SchemaTypes() {
    }

    /**
     * @param param the request field holding the schema, named in the error
     * @throws InvalidRequestException naming the path of the first bad {@code type}
     */
    static void check(JsonNode schema, String param) {
        walk(schema, param, "", 0);
    }

    private static void walk(JsonNode node, String param, String at, int depth) {
        if (depth > MAX_DEPTH) {
            throw InvalidRequestException.badField(param, "The JSON Schema in '" + param + "' nests deeper than "
                    + MAX_DEPTH + " levels.");
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), param, at + "/" + i, depth + 1);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        JsonNode type = node.get("type");
        if (type != null && !validType(type)) {
            throw InvalidRequestException.badField(param, "Invalid JSON Schema in '" + param + "' at '"
                    + (at.isEmpty() ? "/" : at) + "': 'type' must be one of " + new java.util.TreeSet<>(TYPES)
                    + " or a list of them.");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            String key = e.getKey();
            if (DATA.contains(key)) {
                continue;
            }
            if (SCHEMA_MAPS.contains(key) && e.getValue().isObject()) {
                Iterator<Map.Entry<String, JsonNode>> named = e.getValue().fields();
                while (named.hasNext()) {
                    Map.Entry<String, JsonNode> n = named.next();
                    walk(n.getValue(), param, at + "/" + key + "/" + n.getKey(), depth + 1);
                }
            } else {
                walk(e.getValue(), param, at + "/" + key, depth + 1);
            }
        }
    }

    private static boolean validType(JsonNode type) {
        if (type.isTextual()) {
            return TYPES.contains(type.asText());
        }
        if (type.isArray() && !type.isEmpty()) {
            for (JsonNode t : type) {
                if (!t.isTextual() || !TYPES.contains(t.asText())) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }
}
