package io.routewise.chat;

import java.util.Locale;

/** Why the model stopped, in OpenAI's vocabulary; adapters map their own to these. */
public enum FinishReason {
    STOP, LENGTH, TOOL_CALLS, CONTENT_FILTER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FinishReason fromWire(String name) {
        for (FinishReason r : values()) {
            if (r.wireName().equals(name)) {
                return r;
            }
        }
        return null;
    }
}
