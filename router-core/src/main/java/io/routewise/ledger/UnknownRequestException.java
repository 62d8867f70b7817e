package io.routewise.ledger;

/** Feedback named a request id the ledger has no record of. Maps to HTTP 404. */
public class UnknownRequestException extends RuntimeException {

    public UnknownRequestException(String requestId) {
        super("no request with id '" + requestId + "' in the ledger (feedback needs the id of a request this "
                + "router served, as returned in the response's id)");
    }
}
