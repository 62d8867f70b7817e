package io.routewise.server;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.chat.InvalidRequestException;
import io.routewise.dispatch.DispatchException;
import io.routewise.providers.ProviderException;

/**
 * An error as the router's clients see it: an HTTP status and OpenAI's error object
 * {@code {"error": {"message", "type", "param", "code"}}}.
 */
record ApiError(int status, String message, String type, String param, String code, Long retryAfterSeconds) {

    private static final ObjectMapper JSON = io.routewise.json.Json.MAPPER;

    static ApiError of(InvalidRequestException e) {
        String type = e.status() == 404 ? "not_found_error" : "invalid_request_error";
        return new ApiError(e.status(), e.getMessage(), type, e.param(), e.code(), null);
    }

    static ApiError of(DispatchException e) {
        ProviderException last = e.lastError();
        int status = last.clientStatus();
        String type;
        String code;
        switch (last.kind()) {
            case RATE_LIMITED -> {
                type = "rate_limit_error";
                code = "upstream_rate_limited";
            }
            case TIMEOUT -> {
                type = "timeout_error";
                code = "upstream_timeout";
            }
            case CLIENT_ERROR -> {
                type = status < 500 ? "invalid_request_error" : "upstream_error";
                code = "upstream_rejected_request";
            }
            default -> {
                type = "upstream_error";
                code = "upstream_" + last.kind().name().toLowerCase(java.util.Locale.ROOT);
            }
        }
        Long retryAfter = last.retryAfter() == null ? null : Math.max(1, last.retryAfter().toSeconds());
        return new ApiError(status, e.getMessage(), type, null, code, retryAfter);
    }

    /** Every candidate was refused by a budget: 429 naming the budgets (their messages, deduplicated). */
    static ApiError budgetExceeded(List<String> budgetMessages) {
        return new ApiError(429, "Every model that could serve this request is over budget: "
                + String.join("; ", new java.util.LinkedHashSet<>(budgetMessages))
                + ". Raise the budget in the config, wait for the next period, or name another model.",
                "rate_limit_error", null, "budget_exceeded", null);
    }

    static ApiError badParam(String param, String message) {
        return new ApiError(400, message, "invalid_request_error", param, "invalid_value", null);
    }

    static ApiError notFound(String what) {
        return new ApiError(404, what, "not_found_error", null, "not_found", null);
    }

    static ApiError internal(String requestId) {
        return new ApiError(500, "The router failed unexpectedly; request id " + requestId + " is in its log.",
                "server_error", null, "internal_error", null);
    }

    ObjectNode body() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode err = root.putObject("error");
        err.put("message", message);
        err.put("type", type);
        err.put("param", param);
        err.put("code", code);
        return root;
    }
}
