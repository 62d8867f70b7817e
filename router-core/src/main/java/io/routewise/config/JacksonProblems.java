package io.routewise.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns Jackson's parse and binding errors into a {@link ConfigProblem}: the key path in config
 * terms ({@code models[3].tier}), the line and column, and a message about the config rather than
 * about Java types.
 */
final class JacksonProblems {

    private static final PropertyNamingStrategies.NamingBase SNAKE_CASE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    private JacksonProblems() {
    }

    static ConfigProblem from(JsonProcessingException e) {
        StreamReadException syntax = syntaxError(e);
        if (syntax != null) {
            return located(ConfigProblem.at("", "invalid YAML: " + syntaxMessage(syntax)), syntax.getLocation());
        }
        if (e instanceof JsonMappingException mapping) {
            return fromMapping(mapping);
        }
        return located(ConfigProblem.at("", e.getOriginalMessage()), e.getLocation());
    }

    /** A YAML syntax error, also when Jackson wrapped it in a binding error while reading a value. */
    private static StreamReadException syntaxError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StreamReadException read && !(t instanceof JsonMappingException)) {
                return read;
            }
        }
        return null;
    }

    private static ConfigProblem fromMapping(JsonMappingException e) {
        String path = pathOf(e.getPath());
        String message;
        if (e instanceof UnrecognizedPropertyException unknown) {
            message = "unknown key (expected one of: " + keysOf(unknown) + ")";
        } else if (e instanceof InvalidNullException) {
            message = "must not be empty";
        } else if (e instanceof InvalidFormatException format) {
            message = "expected " + describe(format.getTargetType()) + " (got " + (format.getValue() instanceof String text
                    ? quote(text) : String.valueOf(format.getValue())) + ")";
        } else if (e instanceof MismatchedInputException mismatch) {
            message = mismatchMessage(mismatch);
        } else if (e instanceof ValueInstantiationException && e.getCause() != null
                && e.getCause().getMessage() != null) {
            // Thrown by our own @JsonCreator factories (e.g. an unknown provider kind): their text is for users.
            message = e.getCause().getMessage();
        } else {
            message = e.getOriginalMessage();
        }
        return located(ConfigProblem.at(path, message), e.getLocation());
    }

    private static String mismatchMessage(MismatchedInputException e) {
        Class<?> target = e.getTargetType();
        if (target == null) {
            return e.getOriginalMessage();
        }
        String got = describeCurrentToken(e.getProcessor());
        return "expected " + describe(target) + (got == null ? "" : " (got " + got + ")");
    }

    /** Renders Jackson's reference chain as {@code a.b[2].c}. */
    static String pathOf(List<JsonMappingException.Reference> references) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : references) {
            if (ref.getFieldName() != null) {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String describe(Class<?> type) {
        if (type == Integer.class || type == Long.class || type == int.class || type == long.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "text (quote it if it looks like a number)";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants())
                    .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", "));
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a mapping (key: value lines)";
        }
        return type.getSimpleName();
    }

    private static String describeCurrentToken(Object processor) {
        if (!(processor instanceof JsonParser parser)) {
            return null;
        }
        JsonToken token = parser.currentToken();
        if (token == null) {
            return null;
        }
        try {
            return switch (token) {
                case VALUE_STRING -> quote(parser.getText());
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getText();
                case VALUE_TRUE, VALUE_FALSE -> parser.getText();
                case START_ARRAY -> "a list";
                case START_OBJECT, FIELD_NAME -> "a mapping";
                case VALUE_NULL -> "nothing";
                default -> null;
            };
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** Long strings are not echoed: a misplaced API key must not end up in a log line. */
    private static String quote(String text) {
        return text.length() <= 24 ? "'" + text + "'" : "a text of " + text.length() + " characters";
    }

    /** The keys the section accepts, in the order the record declares them (Jackson's own set is unordered). */
    private static String keysOf(UnrecognizedPropertyException e) {
        Set<String> known = new LinkedHashSet<>();
        Class<?> type = e.getReferringClass();
        if (type != null && type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                // Annotations on a record component land on its accessor (they do not target components).
                if (component.getAccessor().isAnnotationPresent(JsonIgnore.class)) {
                    continue;
                }
                JsonProperty explicit = component.getAccessor().getAnnotation(JsonProperty.class);
                known.add(explicit != null && !explicit.value().isEmpty() ? explicit.value()
                        : SNAKE_CASE.translate(component.getName()));
            }
        }
        if (known.isEmpty() && e.getKnownPropertyIds() != null) {
            e.getKnownPropertyIds().stream().map(String::valueOf).sorted().forEach(known::add);
        }
        return String.join(", ", known);
    }

    /** SnakeYAML's messages quote the offending text; keep its problem description, drop the excerpt. */
    private static String syntaxMessage(StreamReadException e) {
        String original = e.getOriginalMessage();
        if (original == null) {
            return "cannot be parsed";
        }
        String[] lines = original.split("\\R");
        StringBuilder kept = new StringBuilder();
        for (String line : lines) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("in '") || trimmed.startsWith("^")
                    || line.startsWith("    ")) {
                continue;
            }
            if (kept.length() > 0) {
                kept.append("; ");
            }
            kept.append(trimmed);
        }
        String message = kept.length() == 0 ? original.strip() : kept.toString();
        if (message.startsWith("Duplicate field ")) {
            return "duplicate key " + message.substring("Duplicate field ".length()) + " (a key may appear once per mapping)";
        }
        if (message.contains("<block end>") || message.contains("block mapping") || message.contains("block collection")) {
            return message + " (check the indentation here and on the lines above)";
        }
        return message;
    }

    private static ConfigProblem located(ConfigProblem problem, JsonLocation location) {
        if (location == null || location.getLineNr() <= 0) {
            return problem;
        }
        return problem.withLocation(location.getLineNr(), Math.max(0, location.getColumnNr()));
    }
}
