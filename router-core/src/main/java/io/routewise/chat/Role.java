package io.routewise.chat;

import java.util.Locale;

/** Who wrote a message. {@code DEVELOPER} is OpenAI's newer name for a system prompt. */
public enum Role {
    SYSTEM, DEVELOPER, USER, ASSISTANT, TOOL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses an OpenAI role name; returns null when unknown so the caller can name the field. */
    public static Role fromWire(String name) {
        for (Role r : values()) {
            if (r.wireName().equals(name)) {
                return r;
            }
        }
        return null;
    }

    /** System and developer messages both set the model's instructions. */
    public boolean isInstruction() {
        return this == SYSTEM || this == DEVELOPER;
    }
}
