package io.routewise.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The keys a config record has in the YAML file, as the loader binds them (snake_case component names,
 * or their {@code @JsonProperty}; {@code @JsonIgnore}d components have none), and the raw and argument
 * types of a component. Shared by the shape check ({@link ConfigShape}) and the schema ({@link ConfigSchema}).
 */
final class ConfigKeys {

    private static final PropertyNamingStrategies.NamingBase SNAKE_CASE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    private ConfigKeys() {
    }

    /** The record's keys in declaration order, each with its component. */
    static Map<String, RecordComponent> of(Class<?> record) {
        Map<String, RecordComponent> keys = new LinkedHashMap<>();
        for (RecordComponent c : record.getRecordComponents()) {
            // Jackson's annotations do not target record components; they reach the accessor.
            if (c.getAccessor().isAnnotationPresent(JsonIgnore.class)) {
                continue;
            }
            JsonProperty named = c.getAccessor().getAnnotation(JsonProperty.class);
            keys.put(named != null && !named.value().isEmpty() ? named.value() : SNAKE_CASE.translate(c.getName()), c);
        }
        return keys;
    }

    /** The class of a (possibly parameterised) type; {@code Object} for anything else. */
    static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }

    /** A type argument ({@code List<X>}: X at 0; {@code Map<K, V>}: V at 1), or {@code Object}. */
    static Type argument(Type type, int index) {
        return type instanceof ParameterizedType p && p.getActualTypeArguments().length > index
                ? p.getActualTypeArguments()[index] : Object.class;
    }
}
