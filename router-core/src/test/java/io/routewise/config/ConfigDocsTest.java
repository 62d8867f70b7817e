package io.routewise.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keeps docs/configuration.md in step with the records: every key the loader accepts is documented. */
class ConfigDocsTest {

    private static final PropertyNamingStrategies.NamingBase SNAKE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    @Test
    void referenceDocumentsEveryKey() throws IOException {
        String docs = Files.readString(Path.of("..", "docs", "configuration.md"));
        List<String> keys = new ArrayList<>();
        collectKeys(RoutewiseConfig.class, keys);
        assertThat(keys).hasSizeGreaterThan(50);
        assertThat(keys).allSatisfy(key ->
                assertThat(docs.contains("`" + key + "`") || docs.contains("." + key + "`"))
                        .as("docs/configuration.md documents `%s`", key).isTrue());
    }

    private static void collectKeys(Class<?> record, List<String> keys) {
        for (RecordComponent component : record.getRecordComponents()) {
            if (component.getAccessor().isAnnotationPresent(JsonIgnore.class)) {
                continue;
            }
            JsonProperty explicit = component.getAccessor().getAnnotation(JsonProperty.class);
            keys.add(explicit != null ? explicit.value() : SNAKE.translate(component.getName()));
            Class<?> nested = recordIn(component.getGenericType());
            if (nested != null) {
                collectKeys(nested, keys);
            }
        }
    }

    /** The record type of a component, or of a list's elements; null for scalars. */
    private static Class<?> recordIn(Type type) {
        if (type instanceof Class<?> c && c.isRecord()) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getActualTypeArguments().length == 1) {
            return recordIn(p.getActualTypeArguments()[0]);
        }
        return null;
    }
}
