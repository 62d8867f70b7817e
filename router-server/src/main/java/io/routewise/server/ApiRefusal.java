package io.routewise.server;

/** A request refused with an answer already known (a model the caller's key may not use, its token rate spent). */
final class ApiRefusal extends RuntimeException {

    private final transient ApiError error;

    ApiRefusal(ApiError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    ApiError error() {
        return error;
    }
}
