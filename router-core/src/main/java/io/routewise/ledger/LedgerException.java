package io.routewise.ledger;

/** The ledger database could not be opened, migrated, read or written; the message says which and where. */
public class LedgerException extends RuntimeException {

    public LedgerException(String message, Throwable cause) {
        super(message, cause);
    }

    public LedgerException(String message) {
        super(message);
    }
}
