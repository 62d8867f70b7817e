package io.routewise.features;

/** The embedding model could not be loaded or run; the message says what and where. */
class EmbeddingException extends RuntimeException {

    public EmbeddingException(String message) {
        super(message);
    }

    public EmbeddingException(String message, Throwable cause) {
        super(message, cause);
    }
}
