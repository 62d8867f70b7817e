package io.routewise.catalog;

import io.routewise.chat.ChatRequest;
import io.routewise.chat.ContentPart;
import io.routewise.chat.Message;
import io.routewise.chat.ToolCall;
import io.routewise.config.Capability;
import io.routewise.config.ModelConfig;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a request needs from a model: capabilities and room in the context window.
 *
 * @param capabilities   tools, JSON output, vision, streaming as the request uses them
 * @param inputTokens    an estimate of the prompt's tokens
 * @param maxOutputTokens the output the request may ask for (its {@code max_tokens}, or 0 when unset)
 */
public record Requirements(Set<Capability> capabilities, int inputTokens, int maxOutputTokens) {

    /** Characters per token for English-like text; close enough for fitting a context window. */
    private static final int CHARS_PER_TOKEN = 4;
    /** Tokens an image costs at most in the formats we speak (OpenAI high detail ≈ 765–1105). */
    private static final int TOKENS_PER_IMAGE = 1_105;

    public Requirements {
        capabilities = capabilities.isEmpty() ? Set.of() : Set.copyOf(capabilities);
    }

    public static Requirements of(ChatRequest request) {
        EnumSet<Capability> caps = EnumSet.noneOf(Capability.class);
        if (request.usesTools()) {
            caps.add(Capability.TOOLS);
        }
        if (request.responseFormat().wantsJson()) {
            caps.add(Capability.JSON);
        }
        if (request.hasImages()) {
            caps.add(Capability.VISION);
        }
        if (request.stream()) {
            caps.add(Capability.STREAMING);
        }
        int maxOut = request.maxTokens() == null ? 0 : request.maxTokens();
        return new Requirements(caps, estimateInputTokens(request), maxOut);
    }

    /** A quick prompt-size estimate (characters / 4, images at their worst case). */
    public static int estimateInputTokens(ChatRequest request) {
        long chars = 0;
        int images = 0;
        for (Message m : request.messages()) {
            chars += 4; // role and separators
            for (ContentPart part : m.content()) {
                if (part instanceof ContentPart.Text t) {
                    chars += t.text().length();
                } else {
                    images++;
                }
            }
            for (ToolCall call : m.toolCalls()) {
                chars += call.name().length() + call.arguments().length();
            }
        }
        for (var tool : request.tools()) {
            chars += tool.name().length() + (tool.description() == null ? 0 : tool.description().length())
                    + (tool.parameters() == null ? 0 : tool.parameters().toString().length());
        }
        return (int) Math.min(Integer.MAX_VALUE, chars / CHARS_PER_TOKEN + (long) images * TOKENS_PER_IMAGE);
    }

    /** Why {@code model} cannot serve this request, or null when it can. */
    public Exclusion unmetBy(ModelConfig model) {
        for (Capability c : capabilities) {
            if (!model.supports(c)) {
                return Exclusion.of(Exclusion.Cause.MISSING_CAPABILITY, "lacks " + c.configName());
            }
        }
        if (maxOutputTokens > model.maxOutputTokens()) {
            return Exclusion.of(Exclusion.Cause.CONTEXT, "max_tokens " + maxOutputTokens + " exceeds its max output "
                    + model.maxOutputTokens());
        }
        if ((long) inputTokens + maxOutputTokens > model.contextWindow()) {
            return Exclusion.of(Exclusion.Cause.CONTEXT, "needs ~" + (inputTokens + maxOutputTokens)
                    + " tokens, context window is " + model.contextWindow());
        }
        return null;
    }
}
