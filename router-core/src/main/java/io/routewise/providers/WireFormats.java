package io.routewise.providers;

import io.routewise.config.ProviderKind;
import io.routewise.providers.anthropic.AnthropicWire;
import io.routewise.providers.gemini.GeminiWire;
import io.routewise.providers.openai.OpenAiWire;

/** The wire format each kind of provider speaks. */
public final class WireFormats {

    private static final WireFormat ANTHROPIC = new AnthropicWire();
    private static final WireFormat GEMINI = new GeminiWire();

    private WireFormats() {
    }

    /** The built-in simulator speaks OpenAI's format unless it impersonates another provider. */
    public static WireFormat forKind(ProviderKind kind) {
        return switch (kind) {
            case OPENAI, SIMULATOR -> OpenAiWire.INSTANCE;
            case ANTHROPIC -> ANTHROPIC;
            case GEMINI -> GEMINI;
        };
    }
}
