package io.routewise.chat;

/**
 * A function call the model asked for.
 *
 * @param id        the call id that the tool result refers back to
 * @param name      the function name
 * @param arguments the arguments as a JSON text (OpenAI's convention; other wire formats carry an object)
 */
public record ToolCall(String id, String name, String arguments) {
}
