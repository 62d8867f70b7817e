package io.routewise.training;

/** The training input cannot be used (no file, no usable line, no outcomes...). The message is one line. */
public class TrainingInputException extends RuntimeException {

    public TrainingInputException(String message) {
        super(message);
    }

    public TrainingInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
