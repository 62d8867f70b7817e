package io.routewise.providers.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routewise.chat.ResponseFormat;

/**
 * JSON mode for a format that has none. The Messages API has no {@code response_format}, so the
 * router asks for JSON in words: it appends a fixed instruction (with the schema, for
 * {@code json_schema}) to the system prompt. The alternative, forcing a tool call whose input is
 * the answer, guarantees an object but turns every answer into a tool call that must be unwrapped
 * again, and it cannot be combined with the caller's own tools; the instruction keeps the answer a
 * plain text block and works with every Claude model.
 *
 * <p>Because the instruction is fixed text, the server side recognises it and restores the
 * response format, so a simulator impersonating Anthropic knows that JSON was asked for.
 */
final class AnthropicJsonMode {

    static final String OBJECT_INSTRUCTION =
            "Respond with one valid JSON object and nothing else: no prose before or after it, no Markdown code fences.";
    private static final String SCHEMA_LEAD = " The object must conform to the JSON Schema named \"";
    private static final String SCHEMA_TAIL = "\" below.\n";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AnthropicJsonMode() {
    }

    /** The instruction for this format, or null when the answer may be any text. */
    static String instruction(ResponseFormat format) {
        return switch (format.type()) {
            case TEXT -> null;
            case JSON_OBJECT -> OBJECT_INSTRUCTION;
            case JSON_SCHEMA -> format.schema() == null
                    ? OBJECT_INSTRUCTION
                    : OBJECT_INSTRUCTION + SCHEMA_LEAD + (format.name() == null ? "response" : format.name())
                            + SCHEMA_TAIL + format.schema().toString();
        };
    }

    /** A system prompt with the instruction appended as its last paragraph (or alone). */
    static String appendTo(String system, ResponseFormat format) {
        String instruction = instruction(format);
        if (instruction == null) {
            return system;
        }
        return system == null || system.isEmpty() ? instruction : system + "\n\n" + instruction;
    }

    /**
     * Splits a received system prompt into the caller's own text and the format our instruction
     * asked for. Text without the instruction (or with one that does not parse) is returned whole.
     */
    static Split split(String system) {
        if (system == null) {
            return new Split(null, ResponseFormat.TEXT);
        }
        int at = system.lastIndexOf(OBJECT_INSTRUCTION);
        if (at < 0) {
            return new Split(system, ResponseFormat.TEXT);
        }
        String before = system.substring(0, at);
        if (before.endsWith("\n\n")) {
            before = before.substring(0, before.length() - 2);
        } else if (!before.isEmpty()) {
            return new Split(system, ResponseFormat.TEXT); // the instruction is not a paragraph of its own
        }
        String rest = system.substring(at + OBJECT_INSTRUCTION.length());
        String own = before.isEmpty() ? null : before;
        if (rest.isEmpty()) {
            return new Split(own, ResponseFormat.JSON_OBJECT);
        }
        int tail = rest.indexOf(SCHEMA_TAIL);
        if (!rest.startsWith(SCHEMA_LEAD) || tail < 0) {
            return new Split(system, ResponseFormat.TEXT);
        }
        try {
            JsonNode schema = MAPPER.readTree(rest.substring(tail + SCHEMA_TAIL.length()));
            if (schema == null || !schema.isObject()) {
                return new Split(system, ResponseFormat.TEXT);
            }
            String name = rest.substring(SCHEMA_LEAD.length(), tail);
            return new Split(own, new ResponseFormat(ResponseFormat.Type.JSON_SCHEMA, name, schema, null));
        } catch (JsonProcessingException notOurs) {
            // Someone else's text that happens to start like ours: it stays part of the prompt.
            return new Split(system, ResponseFormat.TEXT);
        }
    }

    /** A system prompt without our instruction, and the response format the instruction stood for. */
    record Split(String system, ResponseFormat format) {
    }
}
