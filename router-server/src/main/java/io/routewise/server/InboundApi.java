package io.routewise.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.providers.ApiCodec;
import io.routewise.providers.anthropic.AnthropicApiCodec;
import io.routewise.providers.openai.OpenAiApiCodec;
import io.routewise.providers.openai.ResponsesApiCodec;

/**
 * One API the router answers callers in: the codec that reads its requests and writes its answers and
 * streams, the prefix of its response ids, and its error shape. Every inbound API goes through the same
 * plan, dispatch, ledger and metrics ({@link ChatCompletionsHandler}); only the wire differs.
 *
 * @param path the route ({@code /v1/chat/completions})
 */
record InboundApi(String path, ApiCodec codec, String idPrefix) {

    /** OpenAI chat completions, the router's own API. */
    static final InboundApi CHAT_COMPLETIONS = new InboundApi("/v1/chat/completions", OpenAiApiCodec.INSTANCE, "chatcmpl-");

    /** Anthropic Messages: the Anthropic SDKs and Claude Code ({@code ANTHROPIC_BASE_URL}). */
    static final InboundApi MESSAGES = new InboundApi("/v1/messages", new AnthropicApiCodec(), "msg_");

    /** OpenAI Responses, its stateless part: {@code client.responses.create} of the OpenAI SDKs. */
    static final InboundApi RESPONSES = new InboundApi("/v1/responses", ResponsesApiCodec.INSTANCE, "resp_");

    /** The API a path belongs to (its error shape); OpenAI's for every other route. */
    static InboundApi forPath(String path) {
        return path != null && path.startsWith(MESSAGES.path) ? MESSAGES : CHAT_COMPLETIONS;
    }

    /** The error body in this API's shape (OpenAI's, with its param and code, for both OpenAI APIs). */
    ObjectNode errorBody(ApiError error) {
        if (this != MESSAGES) {
            return error.body();
        }
        return codec.encodeError(error.status(), error.type(), error.message());
    }
}
