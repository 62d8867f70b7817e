package io.routewise.chat;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The shape the answer must take.
 *
 * @param type   text, json_object (any JSON object), or json_schema (JSON matching {@code schema})
 * @param name   the schema's name (json_schema only)
 * @param schema the JSON Schema (json_schema only)
 * @param strict OpenAI's strict flag, or null
 */
public record ResponseFormat(Type type, String name, JsonNode schema, Boolean strict) {

    public enum Type { TEXT, JSON_OBJECT, JSON_SCHEMA }

    public static final ResponseFormat TEXT = new ResponseFormat(Type.TEXT, null, null, null);
    public static final ResponseFormat JSON_OBJECT = new ResponseFormat(Type.JSON_OBJECT, null, null, null);

    /** True when the answer must be JSON (an object, or one matching a schema). */
    public boolean wantsJson() {
        return type != Type.TEXT;
    }
}
