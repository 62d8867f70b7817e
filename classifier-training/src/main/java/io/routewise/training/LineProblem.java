package io.routewise.training;

/**
 * A log line that was skipped, and why.
 *
 * @param file   the file
 * @param line   the 1-based line number
 * @param reason what is wrong with it
 */
public record LineProblem(String file, long line, String reason) {

    @Override
    public String toString() {
        return file + ":" + line + ": " + reason;
    }
}
