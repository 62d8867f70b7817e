package io.routewise.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a model can do beyond plain text chat. */
public enum Capability {
    TOOLS, JSON, VISION, STREAMING;

    @JsonValue
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Capability fromConfig(String name) {
        for (Capability c : values()) {
            if (c.configName().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown capability '" + name + "' (expected tools, json, vision or streaming)");
    }
}
