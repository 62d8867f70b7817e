package io.routewise.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where each key path of a YAML document starts (the key itself for mapping entries, the item
 * for list elements), so that problems found after parsing can point at a line.
 */
final class YamlLocations {

    private static final YAMLFactory FACTORY = new YAMLFactory();

    private final Map<String, int[]> lineAndColumn;

    private YamlLocations(Map<String, int[]> lineAndColumn) {
        this.lineAndColumn = lineAndColumn;
    }

    /**
     * Scans a document that has already parsed once; if it somehow fails now, the locations
     * read so far are kept (they only decorate messages).
     */
    static YamlLocations scan(String yaml) {
        Map<String, int[]> found = new LinkedHashMap<>();
        try (JsonParser parser = FACTORY.createParser(yaml)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                JsonStreamContext context = parser.getParsingContext();
                if (token == JsonToken.FIELD_NAME) {
                    record(found, pathOf(context), parser.currentTokenLocation());
                } else if (token.isStructStart()) {
                    JsonStreamContext parent = context.getParent();
                    if (parent != null && parent.inArray()) {
                        record(found, pathOf(parent), parser.currentTokenLocation());
                    }
                } else if (token.isScalarValue() && context.inArray()) {
                    record(found, pathOf(context), parser.currentTokenLocation());
                }
            }
        } catch (IOException e) {
            // Unreachable in practice: the same text was parsed successfully just before.
            // Locations are decoration only, so keep what was found.
        }
        return new YamlLocations(found);
    }

    /** True when the document spells out this exact key path. */
    boolean contains(String path) {
        return lineAndColumn.containsKey(path);
    }

    /** The problem with the location of its path, or of the nearest enclosing path the file has. */
    ConfigProblem locate(ConfigProblem problem) {
        if (problem.hasLocation()) {
            return problem;
        }
        String path = problem.path();
        while (!path.isEmpty()) {
            int[] at = lineAndColumn.get(path);
            if (at != null) {
                return problem.withLocation(at[0], at[1]);
            }
            path = parentOf(path);
        }
        return problem;
    }

    /** The problem at its key's own position when the file spells out that exact key path. */
    ConfigProblem relocate(ConfigProblem problem) {
        int[] at = problem.path().isEmpty() ? null : lineAndColumn.get(problem.path());
        return at == null ? problem : problem.withLocation(at[0], at[1]);
    }

    static String parentOf(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut <= 0 ? "" : path.substring(0, cut);
    }

    /** The dotted path of the current position, e.g. {@code models[3].tier}. */
    static String pathOf(JsonStreamContext context) {
        if (context == null || context.inRoot()) {
            return "";
        }
        String parent = pathOf(context.getParent());
        if (context.inArray()) {
            return parent + "[" + context.getCurrentIndex() + "]";
        }
        String name = context.getCurrentName();
        return parent.isEmpty() ? String.valueOf(name) : parent + "." + name;
    }

    private static void record(Map<String, int[]> found, String path, JsonLocation location) {
        if (location != null && location.getLineNr() > 0) {
            found.putIfAbsent(path, new int[] {location.getLineNr(), location.getColumnNr()});
        }
    }
}
