package io.routewise.config;

/**
 * One thing wrong with a config file.
 *
 * @param path    the key path, e.g. {@code models[3].input_usd_per_1m}; empty for the whole file
 * @param message what is wrong, phrased so the user knows what to write instead
 * @param line    1-based line in the file, or 0 when unknown
 * @param column  1-based column, or 0 when unknown
 */
public record ConfigProblem(String path, String message, int line, int column) {

    public ConfigProblem {
        path = path == null ? "" : path;
    }

    /** A problem whose place in the file is not known (yet). */
    public static ConfigProblem at(String path, String message) {
        return new ConfigProblem(path, message, 0, 0);
    }

    public ConfigProblem withLocation(int newLine, int newColumn) {
        return new ConfigProblem(path, message, newLine, newColumn);
    }

    public boolean hasLocation() {
        return line > 0;
    }

    /** {@code source:line:column: path: message}, leaving out whatever is unknown. */
    public String render(String source) {
        StringBuilder out = new StringBuilder(source);
        if (line > 0) {
            out.append(':').append(line);
            if (column > 0) {
                out.append(':').append(column);
            }
        }
        out.append(": ");
        if (!path.isEmpty()) {
            out.append(path).append(": ");
        }
        return out.append(message).toString();
    }
}
