package io.routewise.providers.gemini;

/**
 * Tool-call ids for Gemini, whose function calls carry none. The canonical model (like OpenAI's)
 * links a tool result to its call by id, so ids are synthesised from the call's position and
 * function name, so the same answer always gets the same ids.
 */
final class GeminiCallIds {

    private GeminiCallIds() {
    }

    /** The id of the {@code index}-th (0-based) call, to function {@code name}. */
    static String synthesize(int index, String name) {
        return "call_" + index + "_" + name;
    }
}
