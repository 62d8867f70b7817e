package io.routewise.testing;

/**
 * One way a JSON document breaks a schema.
 *
 * @param path    where in the document, as a JSON path ({@code $.messages[0].role})
 * @param keyword the schema keyword that failed ({@code required}, {@code type}, ...)
 * @param message what is wrong, in the validator's words
 * @param property the property concerned, when the keyword names one ({@code required},
 *                 {@code additionalProperties}), else null
 */
public record SchemaViolation(String path, String keyword, String message, String property) {

    @Override
    public String toString() {
        return path + ": " + message + " [" + keyword + "]";
    }
}
