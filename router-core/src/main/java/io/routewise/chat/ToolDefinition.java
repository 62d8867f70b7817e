package io.routewise.chat;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A function the model may call.
 *
 * @param parameters the JSON Schema of its arguments, or null for none
 * @param strict     OpenAI's strict schema flag, or null when not given
 */
public record ToolDefinition(String name, String description, JsonNode parameters, Boolean strict) {
}
