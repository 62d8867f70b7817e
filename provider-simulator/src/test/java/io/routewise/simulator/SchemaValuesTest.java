package io.routewise.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SchemaValuesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode valueOf(String schema) throws Exception {
        return new SchemaValues(JSON.readTree(schema), List.of("Lisbon"), new SplittableRandom(1)).value();
    }

    @Test
    void missingOrEmptySchemaGivesAnEmptyObject() throws Exception {
        assertThat(new SchemaValues(null, List.of(), new SplittableRandom(1)).value().toString()).isEqualTo("{}");
        assertThat(valueOf("{}").toString()).isEqualTo("{}");
    }

    @Test
    void honoursConstEnumAndNullableTypes() throws Exception {
        assertThat(valueOf("{\"const\": \"fixed\"}").asText()).isEqualTo("fixed");
        assertThat(valueOf("{\"type\": \"string\", \"enum\": [\"b\", \"a\"]}").asText()).isEqualTo("b");
        assertThat(valueOf("{\"type\": [\"null\", \"integer\"]}").isIntegralNumber()).isTrue();
        assertThat(valueOf("{\"anyOf\": [{\"type\": \"null\"}, {\"type\": \"boolean\"}]}").isBoolean()).isTrue();
    }

    @Test
    void keepsNumbersInsideTheirBounds() throws Exception {
        for (int i = 0; i < 50; i++) {
            JsonNode n = new SchemaValues(JSON.readTree("{\"type\": \"integer\", \"exclusiveMinimum\": 5, \"maximum\": 6}"),
                    List.of(), new SplittableRandom(i)).value();
            assertThat(n.asInt()).isEqualTo(6);
            JsonNode x = new SchemaValues(JSON.readTree("{\"type\": \"number\", \"maximum\": -10}"),
                    List.of(), new SplittableRandom(i)).value();
            assertThat(x.asDouble()).isLessThanOrEqualTo(-10);
        }
    }

    @Test
    void fillsEveryPropertyWhenNoneIsRequiredAndRespectsStringLengths() throws Exception {
        JsonNode v = valueOf("""
                {"properties": {"city": {"type": "string", "minLength": 10, "maxLength": 12},
                                "when": {"type": "string", "format": "date"},
                                "items": {"type": "array", "items": {"type": "number"}, "minItems": 3}}}""");
        assertThat(v.get("city").asText()).hasSizeBetween(10, 12).startsWith("Lisbon");
        assertThat(v.get("when").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(v.get("items")).hasSize(3);
    }

    @Test
    void stopsAtRecursiveReferences() throws Exception {
        JsonNode v = valueOf("""
                {"$ref": "#/$defs/node",
                 "$defs": {"node": {"type": "object", "required": ["child"],
                                    "properties": {"child": {"$ref": "#/$defs/node"}}}}}""");
        assertThat(v.isObject()).isTrue();
        assertThat(v.toString()).contains("child");
    }
}
