package io.routewise.providers;

import io.routewise.config.ProviderKind;
import io.routewise.providers.anthropic.AnthropicApiCodec;
import io.routewise.providers.anthropic.AnthropicProviderCodec;
import io.routewise.providers.gemini.GeminiApiCodec;
import io.routewise.providers.gemini.GeminiProviderCodec;
import io.routewise.providers.openai.OpenAiApiCodec;
import io.routewise.providers.openai.OpenAiProviderCodec;

/** The codecs of the wire format each kind of provider speaks, one per side. */
public final class WireFormats {

    private static final ProviderCodec ANTHROPIC_CLIENT = new AnthropicProviderCodec();
    private static final ProviderCodec GEMINI_CLIENT = new GeminiProviderCodec();
    private static final ApiCodec ANTHROPIC_SERVER = new AnthropicApiCodec();
    private static final ApiCodec GEMINI_SERVER = new GeminiApiCodec();

    private WireFormats() {
    }

    /** How to call a provider of {@code kind}. The built-in simulator speaks OpenAI's format unless it impersonates another. */
    public static ProviderCodec client(ProviderKind kind) {
        return switch (kind) {
            case OPENAI, SIMULATOR -> OpenAiProviderCodec.INSTANCE;
            case ANTHROPIC -> ANTHROPIC_CLIENT;
            case GEMINI -> GEMINI_CLIENT;
        };
    }

    /** How to answer as a provider of {@code kind}. */
    public static ApiCodec server(ProviderKind kind) {
        return switch (kind) {
            case OPENAI, SIMULATOR -> OpenAiApiCodec.INSTANCE;
            case ANTHROPIC -> ANTHROPIC_SERVER;
            case GEMINI -> GEMINI_SERVER;
        };
    }
}
