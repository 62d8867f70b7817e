package io.routewise.classifier.weights;

/** A weights store file that cannot be read or written; the message names the file. */
public final class WeightsStoreException extends RuntimeException {

    public WeightsStoreException(String message) {
        super(message);
    }

    public WeightsStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
