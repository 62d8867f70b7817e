package io.routewise.server;

import io.routewise.chat.InvalidRequestException;
import io.routewise.dispatch.AttemptAccounting;
import io.routewise.dispatch.Attempt;
import io.routewise.dispatch.DispatchException;
import io.routewise.policy.NoCandidateException;
import io.routewise.policy.RouteDecision;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The one place where the ways a proxied request can fail become its HTTP answer, for every inbound
 * API: a bad request (4xx naming the field), a refusal of the caller's key, no model that can serve
 * it (400, or 429 when budgets are what stands in the way), every model of the chain failing (the last
 * failure's status, or 429 when every one was over budget), the client gone (499, nothing sent).
 */
final class ApiFailures {

    private ApiFailures() {
    }

    /**
     * A request that ended without an answer.
     *
     * @param reply         the error to send, or null when nothing can be sent any more
     * @param status        the status the log line and the metrics record
     * @param error         what went wrong, for the log line
     * @param attempts      the upstream attempts made, or null
     * @param upstreamNanos the time they took
     * @param decision      the routing decision that found no model, or null
     */
    record Failure(ApiError reply, int status, String error, List<Attempt> attempts, long upstreamNanos,
                   RouteDecision decision) {

        static Failure replied(ApiError reply) {
            return new Failure(reply, reply.status(), reply.message(), null, 0, null);
        }
    }

    /**
     * @param accounting the request's bookkeeping, or null when it had not started
     * @return the failure, or null for an exception no request should cause (then it is the router's fault: 500)
     */
    static Failure of(Exception e, AttemptAccounting accounting) {
        if (e instanceof InvalidRequestException bad) {
            return Failure.replied(ApiError.of(bad));
        }
        if (e instanceof ApiRefusal refusal) {
            return Failure.replied(refusal.error());
        }
        if (e instanceof NoCandidateException none) {
            ApiError reply = none.budgetsOnly() ? ApiError.budgetExceeded(none.budgetReasons())
                    : new ApiError(400, "No model in this router's catalog can serve this request: "
                    + (none.reasons().isEmpty() ? "no model is enabled" : String.join("; ", none.reasons()))
                    + ". Relax the request (tools, response_format, images, max_tokens) or the routewise options, "
                    + "or name a model from GET /v1/models.", "invalid_request_error", "model", "no_eligible_model", null);
            return new Failure(reply, reply.status(), reply.message(), null, 0, none.decision());
        }
        if (e instanceof DispatchException failed) {
            ApiError reply = accounting != null && accounting.onlyBudgetRefusals(failed.attempts())
                    ? ApiError.budgetExceeded(accounting.refusals().stream().map(Throwable::getMessage).toList())
                    : ApiError.of(failed);
            return new Failure(reply, reply.status(), reply.message(), failed.attempts(), upstreamNanos(failed.attempts()),
                    null);
        }
        if (e instanceof UncheckedIOException gone) {
            // The client went away mid-answer; nothing can be sent any more.
            return new Failure(null, 499, "client disconnected: " + gone.getCause().getMessage(), null, 0, null);
        }
        return null;
    }

    static long upstreamNanos(List<Attempt> attempts) {
        long sum = 0;
        for (Attempt a : attempts) {
            sum += a.nanos();
        }
        return sum;
    }
}
