package io.routewise.config;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads a {@code routewise.yaml}, binds it to {@link RoutewiseConfig} and validates it. Keys are
 * snake_case; unknown keys, wrong scalar types and broken references are errors, reported together
 * as one {@link ConfigException} whose lines name the file, line, column and key path.
 *
 * <p>The returned config's {@link RoutewiseConfig#version() version} is the first 12 hex digits of
 * the SHA-256 of the file's bytes, so two replicas with the same file report the same version.
 */
public final class ConfigLoader {

    /** The classpath location of the shipped default (a build-time copy of the repository's routewise.yaml). */
    public static final String DEFAULT_RESOURCE = "/io/routewise/config/routewise.yaml";

    private static final ObjectMapper MAPPER = strictYamlMapper();

    private ConfigLoader() {
    }

    /** Loads and validates the file; the source name in messages is the path as given. */
    public static RoutewiseConfig load(Path file) {
        String source = file.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException(source, ConfigProblem.at("", "cannot read the file (" + e + ")"), e);
        }
        return parse(bytes, source);
    }

    /** The shipped default config, read from the classpath. */
    public static RoutewiseConfig loadDefault() {
        String source = "built-in routewise.yaml";
        try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new ConfigException(source, List.of(ConfigProblem.at("",
                        "resource " + DEFAULT_RESOURCE + " is missing from the classpath (a broken build)")));
            }
            return parse(in.readAllBytes(), source);
        } catch (IOException e) {
            throw new ConfigException(source, ConfigProblem.at("", "cannot read the resource (" + e + ")"), e);
        }
    }

    /** Parses YAML text; {@code sourceName} (e.g. a file name) prefixes every message. */
    public static RoutewiseConfig parse(String yaml, String sourceName) {
        return parse(yaml.getBytes(StandardCharsets.UTF_8), sourceName);
    }

    /** The config version of these file bytes: the first 12 hex digits of their SHA-256. */
    public static String versionOf(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    private static RoutewiseConfig parse(byte[] bytes, String source) {
        String yaml = decodeUtf8(bytes, source);
        RoutewiseConfig config = bind(yaml, source);
        YamlLocations locations = YamlLocations.scan(yaml);
        List<ConfigProblem> problems = new ArrayList<>();
        if (locations.contains("version")) {
            problems.add(ConfigProblem.at("version", "is computed from the file's content; remove this key"));
        }
        problems.addAll(ConfigValidator.validate(config));
        if (!problems.isEmpty()) {
            throw new ConfigException(source, inFileOrder(problems, locations));
        }
        return config.withVersion(versionOf(bytes));
    }

    private static RoutewiseConfig bind(String yaml, String source) {
        try (JsonParser parser = MAPPER.createParser(yaml)) {
            return bind(parser, yaml, source);
        } catch (JsonProcessingException e) {
            // Reached for errors while opening the parser; binding errors are translated below,
            // while the parser still knows its current token.
            throw new ConfigException(source, JacksonProblems.from(e), e);
        } catch (IOException e) {
            // Reading from a String: only reachable through a parser bug, still reported as a config error.
            throw new ConfigException(source, ConfigProblem.at("", "cannot be parsed (" + e + ")"), e);
        }
    }

    private static RoutewiseConfig bind(JsonParser parser, String yaml, String source) throws IOException {
        try {
            JsonToken first = parser.nextToken();
            if (first == null || first == JsonToken.VALUE_NULL) {
                throw new ConfigException(source, List.of(ConfigProblem.at("",
                        "the file is empty; it needs at least providers: and models: (see docs/configuration.md)")));
            }
            if (first != JsonToken.START_OBJECT) {
                ConfigProblem problem = ConfigProblem.at("", "the top level must be a mapping of sections "
                        + "(providers:, models:, routing:, ...), not " + (first == JsonToken.START_ARRAY ? "a list" : "a single value"));
                throw new ConfigException(source, List.of(problem.withLocation(
                        parser.currentTokenLocation().getLineNr(), parser.currentTokenLocation().getColumnNr())));
            }
            RoutewiseConfig config = MAPPER.readValue(parser, RoutewiseConfig.class);
            if (parser.nextToken() != null) {
                throw new ConfigException(source, List.of(ConfigProblem.at("",
                        "holds more than one YAML document (a second '---'); put everything in one").withLocation(
                        parser.currentTokenLocation().getLineNr(), parser.currentTokenLocation().getColumnNr())));
            }
            return config;
        } catch (JsonProcessingException e) {
            // Jackson's position for a binding error can trail the key (YAML reads ahead); the key's own is clearer.
            YamlLocations locations = YamlLocations.scan(yaml);
            ConfigProblem problem = locations.relocate(JacksonProblems.from(e));
            throw new ConfigException(source, withEveryShapeProblem(problem, yaml, locations), e);
        }
    }

    /**
     * Jackson stops at the first unknown key or wrong value; the rest of the file's shape problems are
     * found by walking its tree ({@link ConfigShape}), so one check reports them all. Jackson's own
     * problem keeps its wording; a file that is not even YAML gets only that.
     */
    private static List<ConfigProblem> withEveryShapeProblem(ConfigProblem first, String yaml, YamlLocations locations) {
        List<ConfigProblem> shape;
        try {
            shape = ConfigShape.problems(MAPPER.readTree(yaml));
        } catch (IOException | RuntimeException e) {
            return List.of(first);
        }
        List<ConfigProblem> all = new ArrayList<>(List.of(first));
        for (ConfigProblem p : shape) {
            if (!p.path().equals(first.path())) {
                all.add(p);
            }
        }
        return inFileOrder(all, locations);
    }

    private static String decodeUtf8(byte[] bytes, String source) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException(source, ConfigProblem.at("", "is not valid UTF-8 text"), e);
        }
    }

    /** Sorts by position in the file; problems without one (absent sections) go last, in check order. */
    private static List<ConfigProblem> inFileOrder(List<ConfigProblem> problems, YamlLocations locations) {
        List<ConfigProblem> located = new ArrayList<>(problems.stream().map(locations::locate).toList());
        located.sort(Comparator.comparingInt((ConfigProblem p) -> p.hasLocation() ? p.line() : Integer.MAX_VALUE)
                .thenComparingInt(ConfigProblem::column));
        return located;
    }

    private static ObjectMapper strictYamlMapper() {
        return YAMLMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // "- ~" in a list or "key: ~" in a map is almost always a typo; say so instead of keeping a null.
                .defaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL))
                .withCoercionConfig(LogicalType.Integer, c -> c
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Float, c -> c
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Boolean, c -> c
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Textual, c -> c
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Collection, c -> c
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.POJO, c -> c
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
                .build();
    }
}
