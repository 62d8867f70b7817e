package io.routewise.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Every unknown key and every value of the wrong kind in a config file, found in one walk of its YAML
 * tree against the config records, so {@code config check} can report them all at once (Jackson
 * stops binding at the first). Asked only after binding failed: it never refuses a file on its own,
 * so where it knows less than Jackson (a custom creator, say), it stays silent and Jackson's own
 * message stands.
 */
final class ConfigShape {

    private final List<ConfigProblem> problems = new ArrayList<>();

    private ConfigShape() {
    }

    /** The problems of shape in {@code root}, a parsed config file. */
    static List<ConfigProblem> problems(JsonNode root) {
        ConfigShape shape = new ConfigShape();
        shape.walk(root, RoutewiseConfig.class, "");
        return shape.problems;
    }

    private void walk(JsonNode node, Type type, String path) {
        if (node == null || node.isNull()) {
            return;
        }
        Class<?> raw = ConfigKeys.raw(type);
        if (raw.isRecord()) {
            if (!node.isObject()) {
                problems.add(ConfigProblem.at(path, "expected a mapping (key: value lines)"));
                return;
            }
            Map<String, RecordComponent> keys = ConfigKeys.of(raw);
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                RecordComponent component = keys.get(field.getKey());
                if (component == null) {
                    problems.add(ConfigProblem.at(at, "unknown key (expected one of: "
                            + String.join(", ", keys.keySet()) + ")"));
                } else {
                    walk(field.getValue(), component.getGenericType(), at);
                }
            }
        } else if (java.util.Collection.class.isAssignableFrom(raw)) {
            if (!node.isArray()) {
                problems.add(ConfigProblem.at(path, "expected a list"));
                return;
            }
            Type item = ConfigKeys.argument(type, 0);
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), item, path + "[" + i + "]");
            }
        } else if (Map.class.isAssignableFrom(raw)) {
            if (!node.isObject()) {
                problems.add(ConfigProblem.at(path, "expected a mapping (key: value lines)"));
                return;
            }
            Type value = ConfigKeys.argument(type, 1);
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                walk(field.getValue(), value, path.isEmpty() ? field.getKey() : path + "." + field.getKey());
            }
        } else {
            scalar(node, raw, path);
        }
    }

    private void scalar(JsonNode node, Class<?> raw, String path) {
        String expected = null;
        if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class) {
            expected = node.isIntegralNumber() ? null : "a whole number";
        } else if (raw == Double.class || raw == double.class || raw == Float.class || raw == float.class) {
            expected = node.isNumber() ? null : "a number";
        } else if (raw == Boolean.class || raw == boolean.class) {
            expected = node.isBoolean() ? null : "true or false";
        } else if (raw == String.class) {
            expected = node.isTextual() ? null : "text (quote it if it looks like a number)";
        } else if (node.isContainerNode()) {
            // Enums and value types (kinds, capabilities, schedules) are read from one scalar.
            expected = "a single value";
        }
        if (expected != null) {
            problems.add(ConfigProblem.at(path, "expected " + expected + " (got " + describe(node) + ")"));
        }
    }

    private static String describe(JsonNode node) {
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        return node.isTextual() ? "\"" + node.asText() + "\"" : node.asText();
    }
}
