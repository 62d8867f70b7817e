package io.routewise.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Turns the component schemas of an OpenAPI 3.0 or 3.1 document into one JSON Schema 2020-12
 * document, so a strict validator reads them the way the spec's authors meant:
 *
 * <ul>
 *   <li>{@code nullable: true} (an OpenAPI 3.0 keyword that 3.1 files still use) becomes a type
 *       union with {@code "null"} (and {@code null} joins an {@code enum}); where the schema has no
 *       plain {@code type} ({@code $ref}, {@code oneOf}, ...), it is wrapped in
 *       {@code anyOf: [schema, {type: null}]}. {@code nullable: false} is dropped.</li>
 *   <li>An {@code allOf} member that only says {@code nullable: true} makes the whole schema
 *       nullable (the OpenAI spec's idiom for a nullable {@code $ref}).</li>
 *   <li>{@code type: null} (a JSON null, not the string) is dropped.</li>
 *   <li>OpenAPI 3.0's boolean {@code exclusiveMinimum}/{@code exclusiveMaximum} become numbers.</li>
 *   <li>OpenAPI-only annotations ({@code discriminator}, {@code example}, {@code xml},
 *       {@code externalDocs}) and {@code x-*} extensions are removed: they never constrain data.</li>
 *   <li>{@code $ref: '#/components/schemas/X'} becomes {@code '#/$defs/X'}.</li>
 *   <li>Optionally ({@code closedObjects}), an object schema that lists its {@code properties}
 *       and says nothing about others gets {@code additionalProperties: false}: right for APIs
 *       that reject unknown fields (Google's), where the spec leaves objects open.</li>
 * </ul>
 *
 * <p>The walk follows the JSON Schema structure, so a property that happens to be called
 * {@code nullable} or {@code type} is left alone. The input is not modified.
 */
final class OpenApiNormalizer {

    static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";
    private static final String COMPONENT_PREFIX = "#/components/schemas/";
    private static final String DEFS_PREFIX = "#/$defs/";

    private static final Set<String> SINGLE_SCHEMA = Set.of("items", "additionalProperties", "not", "if", "then",
            "else", "contains", "propertyNames", "unevaluatedItems", "unevaluatedProperties", "additionalItems");
    private static final Set<String> SCHEMA_MAP = Set.of("properties", "patternProperties", "$defs", "definitions",
            "dependentSchemas");
    private static final Set<String> SCHEMA_ARRAY = Set.of("allOf", "anyOf", "oneOf", "prefixItems");
    private static final Set<String> OPENAPI_ANNOTATIONS = Set.of("discriminator", "example", "xml", "externalDocs");
    /** Keywords that do not constrain: an allOf member made only of these and nullable is a marker. */
    private static final Set<String> ANNOTATIONS = Set.of("description", "title", "default", "examples", "example",
            "deprecated", "readOnly", "writeOnly");
    /** Keywords whose presence means a plain type union cannot express "or null". */
    private static final Set<String> COMPOSITE = Set.of("$ref", "allOf", "anyOf", "oneOf", "not", "const", "if");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final boolean closedObjects;

    OpenApiNormalizer(boolean closedObjects) {
        this.closedObjects = closedObjects;
    }

    /**
     * One JSON Schema document holding every component schema of {@code openApi} under
     * {@code $defs}, with {@code $id} set to {@code id}.
     *
     * @throws IllegalArgumentException when the document has no {@code components.schemas}
     */
    ObjectNode toJsonSchemaDocument(JsonNode openApi, String id) {
        JsonNode schemas = openApi.path("components").path("schemas");
        if (!schemas.isObject()) {
            throw new IllegalArgumentException("not an OpenAPI document with components.schemas: " + id);
        }
        ObjectNode root = NODES.objectNode();
        root.put("$schema", DIALECT);
        root.put("$id", id);
        ObjectNode defs = root.putObject("$defs");
        schemas.fields().forEachRemaining(e -> defs.set(e.getKey(), schema(e.getValue())));
        return root;
    }

    /** The 2020-12 form of one OpenAPI schema object. */
    JsonNode schema(JsonNode in) {
        if (!in.isObject()) {
            return in.deepCopy(); // boolean schemas, or garbage the validator will report
        }
        ObjectNode out = NODES.objectNode();
        boolean nullable = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = in.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode value = e.getValue();
            if (key.equals("nullable")) {
                nullable = value.asBoolean(false);
            } else if (key.startsWith("x-") || OPENAPI_ANNOTATIONS.contains(key)) {
                continue;
            } else if (key.equals("type") && value.isNull()) {
                continue;
            } else if (key.equals("$ref") && value.isTextual()) {
                out.put(key, ref(value.asText()));
            } else if (SINGLE_SCHEMA.contains(key) && value.isObject()) {
                out.set(key, schema(value));
            } else if (SCHEMA_MAP.contains(key) && value.isObject()) {
                ObjectNode map = out.putObject(key);
                value.fields().forEachRemaining(p -> map.set(p.getKey(), schema(p.getValue())));
            } else if (SCHEMA_ARRAY.contains(key) && value.isArray()) {
                ArrayNode members = out.putArray(key);
                for (JsonNode member : value) {
                    if (key.equals("allOf") && isNullableMarker(member)) {
                        nullable = true;
                    } else {
                        members.add(schema(member));
                    }
                }
            } else if (key.equals("items") && value.isArray()) {
                ArrayNode tuple = out.putArray("prefixItems"); // draft-4 style tuple typing
                value.forEach(member -> tuple.add(schema(member)));
            } else {
                out.set(key, value.deepCopy());
            }
        }
        fixExclusiveBound(out, "exclusiveMinimum", "minimum");
        fixExclusiveBound(out, "exclusiveMaximum", "maximum");
        if (out.path("allOf").isArray() && out.get("allOf").isEmpty()) {
            out.remove("allOf");
        }
        if (closedObjects && out.has("properties") && !out.has("additionalProperties")
                && COMPOSITE.stream().noneMatch(out::has)) {
            out.put("additionalProperties", false);
        }
        return nullable ? orNull(out) : out;
    }

    private static String ref(String ref) {
        return ref.startsWith(COMPONENT_PREFIX) ? DEFS_PREFIX + ref.substring(COMPONENT_PREFIX.length()) : ref;
    }

    /** {@code {nullable: true}}, perhaps with a description, and nothing that constrains. */
    private static boolean isNullableMarker(JsonNode member) {
        if (!member.isObject() || !member.path("nullable").asBoolean(false)) {
            return false;
        }
        for (Iterator<String> names = member.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("nullable") && !name.startsWith("x-") && !ANNOTATIONS.contains(name)) {
                return false;
            }
        }
        return true;
    }

    /** The schema, also accepting null. */
    private static JsonNode orNull(ObjectNode schema) {
        JsonNode type = schema.get("type");
        boolean composite = COMPOSITE.stream().anyMatch(schema::has);
        if (type != null && !composite && (type.isTextual() || type.isArray())) {
            ArrayNode union = NODES.arrayNode();
            if (type.isTextual()) {
                union.add(type.asText());
            } else {
                union.addAll((ArrayNode) type);
            }
            if (!contains(union, NODES.textNode("null"))) {
                union.add("null");
            }
            schema.set("type", union);
            JsonNode values = schema.get("enum");
            if (values instanceof ArrayNode array && !contains(array, NODES.nullNode())) {
                array.addNull();
            }
            return schema;
        }
        ObjectNode wrapper = NODES.objectNode();
        for (String annotation : new String[] {"description", "title", "default"}) {
            if (schema.has(annotation)) {
                wrapper.set(annotation, schema.get(annotation));
            }
        }
        wrapper.putArray("anyOf").add(schema).add(NODES.objectNode().put("type", "null"));
        return wrapper;
    }

    private static boolean contains(ArrayNode array, JsonNode value) {
        for (JsonNode member : array) {
            if (member.equals(value)) {
                return true;
            }
        }
        return false;
    }

    /** OpenAPI 3.0 / draft 4: {@code exclusiveMinimum: true} qualifies {@code minimum}. */
    private static void fixExclusiveBound(ObjectNode schema, String exclusive, String bound) {
        JsonNode flag = schema.get(exclusive);
        if (flag == null || !flag.isBoolean()) {
            return;
        }
        schema.remove(exclusive);
        if (flag.booleanValue() && schema.has(bound)) {
            schema.set(exclusive, schema.remove(bound));
        }
    }
}
