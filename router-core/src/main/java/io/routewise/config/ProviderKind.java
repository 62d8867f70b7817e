package io.routewise.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Which wire format a provider speaks. {@code simulator} is the built-in simulated provider. */
public enum ProviderKind {
    OPENAI, ANTHROPIC, GEMINI, SIMULATOR;

    @JsonValue
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ProviderKind fromConfig(String name) {
        for (ProviderKind k : values()) {
            if (k.configName().equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown provider kind '" + name + "' (expected one of openai, anthropic, gemini, simulator)");
    }
}
