package io.routewise.providers.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The package's shared JSON mapper and the few lookups every Gemini codec needs. */
final class GeminiJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private GeminiJson() {
    }

    /**
     * A field by its JSON (camelCase) name, or by its proto (snake_case) name: Google's JSON
     * front end accepts both, and its own curl examples use {@code system_instruction}.
     * Returns null when neither is present or the value is JSON null.
     */
    static JsonNode field(JsonNode object, String camelName) {
        if (object == null || !object.isObject()) {
            return null;
        }
        JsonNode value = object.get(camelName);
        if (value == null || value.isNull()) {
            value = object.get(snake(camelName));
        }
        return value == null || value.isNull() ? null : value;
    }

    /** A textual field's value, or null when absent or not text. */
    static String text(JsonNode object, String camelName) {
        JsonNode value = field(object, camelName);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    /** An integer field's value, or 0 when absent. */
    static int intOrZero(JsonNode object, String camelName) {
        JsonNode value = field(object, camelName);
        return value != null && value.canConvertToInt() ? value.asInt() : 0;
    }

    static String snake(String camelName) {
        StringBuilder sb = new StringBuilder(camelName.length() + 4);
        for (char c : camelName.toCharArray()) {
            if (Character.isUpperCase(c)) {
                sb.append('_').append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Compact JSON text of a node (function-call arguments travel as text in the canonical model). */
    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            // A tree built by Jackson always serialises; reaching this is a bug, not bad input.
            throw new IllegalStateException("could not serialise a JSON tree", e);
        }
    }
}
