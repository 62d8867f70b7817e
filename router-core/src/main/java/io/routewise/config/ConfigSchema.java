package io.routewise.config;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.Map;

/**
 * The JSON Schema of {@code routewise.yaml}, generated from the config records the loader binds, so
 * editors (the YAML language server, IntelliJ) check a file as it is typed: every section and key, the
 * type of each value, the values an enumeration accepts, and no unknown keys. It states the shape only;
 * ranges and cross-references (a fallback naming a model) are the loader's ({@code routewise config check}).
 * The repository ships the output as {@code routewise.schema.json}; a test keeps the two in step.
 */
public final class ConfigSchema {

    /** Where the jar carries a copy. */
    public static final String RESOURCE = "/io/routewise/config/routewise.schema.json";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ConfigSchema() {
    }

    /** The schema as the shipped file holds it: indented JSON and a final newline. */
    public static String render() {
        try {
            return io.routewise.json.Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(generate()) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of JSON nodes always serialises", e);
        }
    }

    /** The schema, as a JSON object. */
    public static ObjectNode generate() {
        ObjectNode root = NODES.objectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("$id", "https://routewise.dev/schema/routewise.schema.json");
        root.put("title", "Routewise router configuration (routewise.yaml)");
        root.put("description", "Generated from the config records by ConfigSchema; docs/configuration.md explains every key.");
        root.setAll(schemaOf(RoutewiseConfig.class, false));
        return root;
    }

    /**
     * @param nullable whether the value may be left empty: a key of a mapping may (it then takes its
     *                 default), an item of a list or a value of a map may not
     */
    private static ObjectNode schemaOf(Type type, boolean nullable) {
        Class<?> raw = ConfigKeys.raw(type);
        ObjectNode s = NODES.objectNode();
        if (raw.isRecord()) {
            s.put("type", "object");
            s.put("additionalProperties", false);
            ObjectNode properties = s.putObject("properties");
            for (Map.Entry<String, RecordComponent> key : ConfigKeys.of(raw).entrySet()) {
                properties.set(key.getKey(), schemaOf(key.getValue().getGenericType(), true));
            }
        } else if (Collection.class.isAssignableFrom(raw)) {
            s.put("type", "array");
            s.set("items", schemaOf(ConfigKeys.argument(type, 0), false));
        } else if (Map.class.isAssignableFrom(raw)) {
            s.put("type", "object");
            s.set("additionalProperties", schemaOf(ConfigKeys.argument(type, 1), false));
        } else if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class) {
            s.put("type", "integer");
        } else if (Number.class.isAssignableFrom(raw) || raw == double.class || raw == float.class) {
            s.put("type", "number");
        } else if (raw == Boolean.class || raw == boolean.class) {
            s.put("type", "boolean");
        } else if (raw.isEnum()) {
            s.put("type", "string");
            ArrayNode values = s.putArray("enum");
            for (Object constant : raw.getEnumConstants()) {
                values.add(wireName(raw, constant));
            }
        } else {
            s.put("type", "string");
        }
        if (nullable) {
            String t = s.get("type").asText();
            s.set("type", NODES.arrayNode().add(t).add("null"));
            if (s.has("enum")) {
                ((ArrayNode) s.get("enum")).addNull();
            }
        }
        return s;
    }

    /** How an enumeration constant is written in the file: its {@code @JsonValue}, else its name in lower case. */
    private static String wireName(Class<?> type, Object constant) {
        for (Method m : type.getMethods()) {
            if (m.isAnnotationPresent(JsonValue.class) && m.getParameterCount() == 0) {
                try {
                    return String.valueOf(m.invoke(constant));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read " + type.getSimpleName() + "." + m.getName(), e);
                }
            }
        }
        return ((Enum<?>) constant).name().toLowerCase(java.util.Locale.ROOT);
    }
}
