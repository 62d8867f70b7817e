package io.routewise.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import com.networknt.schema.path.PathType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assertions;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Validates JSON documents against the component schemas of an OpenAPI document, e.g. an encoded
 * request against OpenAI's {@code CreateChatCompletionRequest}.
 *
 * <p>The OpenAPI schemas are first normalised to JSON Schema 2020-12 (see
 * {@link OpenApiNormalizer}); unknown keywords are ignored and {@code format} is not asserted
 * (the specs use formats such as {@code unixtime} and {@code int64} that no validator knows).
 * The three provider specs in {@code ../shared/specs} are loaded once per JVM via
 * {@link #of(Spec)}; compiled schemas are cached, so validating one document takes milliseconds.
 * Instances are thread-safe.
 */
public final class OpenApiSchemas {

    /** The provider API descriptions in {@code shared/specs}. */
    public enum Spec {
        OPENAI("openai-openapi.yaml", false),
        ANTHROPIC("anthropic-openapi.json", false),
        /** Closed objects: the Gemini API rejects unknown fields ("Invalid JSON payload received. Unknown name"). */
        GEMINI("gemini-openapi.json", true);

        private final String fileName;
        private final boolean closedObjects;

        Spec(String fileName, boolean closedObjects) {
            this.fileName = fileName;
            this.closedObjects = closedObjects;
        }

        public String fileName() {
            return fileName;
        }

        /** Whether objects that list their properties reject others (see {@link OpenApiNormalizer}). */
        public boolean closedObjects() {
            return closedObjects;
        }
    }

    private static final String CLOSED_SUFFIX = " (closed)";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(yamlFactory());
    private static final Map<Spec, OpenApiSchemas> LOADED = Collections.synchronizedMap(new EnumMap<>(Spec.class));

    private final String id;
    private final Set<String> names;
    private final Schema root;
    private final JsonNode paths;
    private final OpenApiExamples examples;
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

    private OpenApiSchemas(String id, JsonNode openApi, boolean closedObjects) {
        this.id = id;
        ObjectNode document = new OpenApiNormalizer(closedObjects).toJsonSchemaDocument(openApi, id);
        TreeSet<String> schemaNames = new TreeSet<>();
        document.get("$defs").fieldNames().forEachRemaining(schemaNames::add);
        this.names = Collections.unmodifiableSet(schemaNames);
        ObjectNode defs = (ObjectNode) document.get("$defs");
        for (String name : schemaNames) {
            // The closed variant: the schema itself, and no top-level property it does not evaluate.
            defs.putObject(name + CLOSED_SUFFIX).put("$ref", "#/$defs/" + name).put("unevaluatedProperties", false);
        }
        this.paths = operationsPart(openApi);
        this.examples = new OpenApiExamples(openApi);
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .formatAssertionsEnabled(false)
                .pathType(PathType.JSON_PATH)
                .build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaRegistryConfig(config));
        // One root for the whole document: component schemas are taken from it as sub-schemas, so
        // every $ref resolves inside the already-parsed document.
        this.root = registry.getSchema(SchemaLocation.of(id), document);
    }

    /**
     * The named provider spec from the shared folder, loaded once per JVM. Skips the calling test
     * (fails it under CI) when the shared folder is missing; see {@link SharedData}.
     */
    public static OpenApiSchemas of(Spec spec) {
        Path specs = SharedData.assumeSharedSpecs();
        synchronized (LOADED) {
            return LOADED.computeIfAbsent(spec, s -> load(specs.resolve(s.fileName()), s.closedObjects()));
        }
    }

    /**
     * Loads an OpenAPI document (YAML when the file name ends in .yaml/.yml, else JSON).
     *
     * @param closedObjects reject properties an object schema does not list, where the spec
     *                      leaves that open (see {@link OpenApiNormalizer})
     */
    public static OpenApiSchemas load(Path file, boolean closedObjects) {
        String name = file.getFileName().toString();
        try (InputStream in = Files.newInputStream(file)) {
            return parse("urn:routewise:openapi:" + name, in, isYaml(name), closedObjects);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read OpenAPI document " + file + ": " + e.getMessage(), e);
        }
    }

    /** Loads an OpenAPI document from a stream; {@code id} names it in messages. */
    public static OpenApiSchemas parse(String id, InputStream in, boolean yaml, boolean closedObjects)
            throws IOException {
        JsonNode openApi = (yaml ? YAML : JSON).readTree(in);
        if (openApi == null || !openApi.isObject()) {
            throw new IOException(id + " is not an OpenAPI document (no top-level object)");
        }
        return new OpenApiSchemas(id, openApi, closedObjects);
    }

    /**
     * The name under which {@code schemaName} is checked closed: a top-level property that the
     * schema (with its {@code allOf}/{@code anyOf} branches and {@code $ref}s) does not declare is
     * a violation. For APIs that reject unknown parameters where the spec leaves objects open
     * (OpenAI: "Unrecognized request argument supplied").
     */
    public static String closed(String schemaName) {
        return schemaName + CLOSED_SUFFIX;
    }

    /** The names of the component schemas. */
    public Set<String> schemaNames() {
        return names;
    }

    public boolean hasSchema(String schemaName) {
        return names.contains(schemaName);
    }

    /**
     * The operation a client calls with {@code method} on {@code path} (a concrete path such as
     * {@code /v1beta/models/gemini-2.0-flash:generateContent?alt=sse}), if the spec has one.
     */
    public Optional<OpenApiOperation> operation(String method, String path) {
        return OpenApiOperation.find(paths, method, path);
    }

    /** The examples the spec gives for a component schema (may be empty). */
    public List<JsonNode> examples(String schemaName) {
        return examples.forSchema(schemaName);
    }

    /** Every component schema that has examples, with them. */
    public Map<String, List<JsonNode>> allSchemaExamples() {
        return examples.allSchemaExamples();
    }

    /** The documented calls of an operation (OpenAI's {@code x-oaiMeta.examples}; may be empty). */
    public List<OperationExample> examples(OpenApiOperation operation) {
        return examples.forOperation(operation.method(), operation.template());
    }

    /**
     * Every way {@code json} breaks the component schema {@code schemaName}; empty when it conforms.
     *
     * @throws IllegalArgumentException when the spec has no such schema
     */
    public List<SchemaViolation> validate(String schemaName, JsonNode json) {
        List<Error> errors = compiled(schemaName).validate(json);
        List<SchemaViolation> violations = new ArrayList<>(errors.size());
        for (Error error : errors) {
            violations.add(new SchemaViolation(error.getInstanceLocation().toString(),
                    String.valueOf(error.getKeyword()), error.getMessage(), error.getProperty()));
        }
        return violations;
    }

    /** Fails, listing every violation, unless {@code json} conforms to {@code schemaName}. */
    public void assertConforms(String schemaName, JsonNode json) {
        assertConforms(schemaName, json, violation -> false);
    }

    /**
     * Fails, listing every violation, unless {@code json} conforms to {@code schemaName} but for
     * violations {@code tolerated} accepts (e.g. a value newer than the spec copy).
     */
    public void assertConforms(String schemaName, JsonNode json, Predicate<SchemaViolation> tolerated) {
        List<SchemaViolation> violations = validate(schemaName, json).stream()
                .filter(tolerated.negate())
                .toList();
        if (!violations.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            sb.append(violations.size()).append(" violation(s) of ").append(schemaName).append(" in ").append(id)
                    .append(':');
            for (SchemaViolation v : violations) {
                sb.append("\n  - ").append(v);
            }
            sb.append("\ndocument: ").append(abbreviate(json.toString()));
            Assertions.fail(sb.toString());
        }
    }

    /** {@link #assertConforms(String, JsonNode)} against one of the shared provider specs. */
    public static void assertConforms(Spec spec, String schemaName, JsonNode json) {
        of(spec).assertConforms(schemaName, json);
    }

    /** {@link #assertConforms(Spec, String, JsonNode)} for a JSON text, e.g. an SSE frame's data. */
    public static void assertConforms(Spec spec, String schemaName, String json) {
        try {
            assertConforms(spec, schemaName, JSON.readTree(json));
        } catch (IOException e) {
            Assertions.fail("not JSON (" + e.getMessage() + "): " + abbreviate(json));
        }
    }

    private Schema compiled(String schemaName) {
        String base = schemaName.endsWith(CLOSED_SUFFIX)
                ? schemaName.substring(0, schemaName.length() - CLOSED_SUFFIX.length()) : schemaName;
        if (!names.contains(base)) {
            throw new IllegalArgumentException("no component schema '" + schemaName + "' in " + id
                    + suggestion(schemaName));
        }
        return compiled.computeIfAbsent(schemaName, n -> {
            Schema schema = root.getSubSchema(new NodePath(PathType.JSON_POINTER).append("$defs").append(n));
            schema.initializeValidators(); // compile now, not inside the first (timed) validation
            return schema;
        });
    }

    private String suggestion(String schemaName) {
        String lower = schemaName.toLowerCase(Locale.ROOT);
        List<String> close = names.stream().filter(n -> n.toLowerCase(Locale.ROOT).contains(lower)
                || lower.contains(n.toLowerCase(Locale.ROOT))).limit(8).toList();
        return close.isEmpty() ? "" : " (similar: " + String.join(", ", close) + ")";
    }

    /** The parts of the document that describe operations: paths and shared parameters. */
    private static JsonNode operationsPart(JsonNode openApi) {
        ObjectNode part = JSON.createObjectNode();
        part.set("paths", openApi.path("paths").deepCopy());
        part.putObject("components").set("parameters", openApi.path("components").path("parameters").deepCopy());
        return part;
    }

    private static String abbreviate(String text) {
        return text.length() <= 2000 ? text : text.substring(0, 2000) + "...(" + text.length() + " chars)";
    }

    private static boolean isYaml(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        return lower.endsWith(".yaml") || lower.endsWith(".yml");
    }

    private static YAMLFactory yamlFactory() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(64 * 1024 * 1024); // the OpenAI spec is ~3 MB, SnakeYAML's default cap
        return YAMLFactory.builder().loaderOptions(options).build();
    }
}
