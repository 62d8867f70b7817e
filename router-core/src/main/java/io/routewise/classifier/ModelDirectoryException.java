package io.routewise.classifier;

/**
 * A model directory (classifier, model card, routing weights) is missing, unreadable or
 * inconsistent. The message names the file and what is wrong with it.
 */
public class ModelDirectoryException extends RuntimeException {

    public ModelDirectoryException(String message) {
        super(message);
    }

    public ModelDirectoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
