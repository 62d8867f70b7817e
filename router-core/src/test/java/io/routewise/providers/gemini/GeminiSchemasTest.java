package io.routewise.providers.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routewise.chat.InvalidRequestException;
import org.junit.jupiter.api.Test;

/** JSON Schema to Gemini's Schema subset. */
class GeminiSchemasTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text);
    }

    @Test
    void keepsPropertyNamesThatLookLikeStrippedKeywords() throws Exception {
        JsonNode schema = json("""
                {"type":"object","properties":{"strict":{"type":"boolean"},"additionalProperties":{"type":"string"}}}""");
        assertThat(GeminiSchemas.toGemini(schema, "p")).isEqualTo(json("""
                {"type":"OBJECT","properties":{"strict":{"type":"BOOLEAN"},"additionalProperties":{"type":"STRING"}}}"""));
    }

    @Test
    void inlinesLocalReferencesAndTranslatesVariants() throws Exception {
        JsonNode schema = json("""
                {"$defs":{"Point":{"type":"object","title":"Point",
                                   "properties":{"x":{"type":"integer","format":"int64","minimum":0}}}},
                 "type":"object",
                 "properties":{"at":{"$ref":"#/$defs/Point"},
                               "kind":{"const":"marker"},
                               "id":{"oneOf":[{"type":"string","format":"uuid"},{"type":"integer"}]},
                               "level":{"type":"integer","enum":[1,2,3]}}}""");
        assertThat(GeminiSchemas.toGemini(schema, "p")).isEqualTo(json("""
                {"type":"OBJECT",
                 "properties":{"at":{"type":"OBJECT","title":"Point",
                                     "properties":{"x":{"type":"INTEGER","format":"int64","minimum":0}}},
                               "kind":{"enum":["marker"]},
                               "id":{"anyOf":[{"type":"STRING"},{"type":"INTEGER"}]},
                               "level":{"type":"INTEGER"}}}"""));
    }

    @Test
    void rejectsRecursiveAndExternalReferences() throws Exception {
        JsonNode recursive = json("""
                {"$defs":{"Node":{"type":"object","properties":{"next":{"$ref":"#/$defs/Node"}}}},
                 "$ref":"#/$defs/Node"}""");
        assertThatThrownBy(() -> GeminiSchemas.toGemini(recursive, "tools[0].function.parameters"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.param()).isEqualTo("tools[0].function.parameters");
                    assertThat(e.getMessage()).contains("recursive");
                });
        JsonNode external = json("{\"$ref\":\"https://example.com/s.json\"}");
        assertThatThrownBy(() -> GeminiSchemas.toGemini(external, "p")).isInstanceOf(InvalidRequestException.class);
    }

    /** Four references per level over twelve levels: 4^12 = 16.7 million nodes if inlined, from 2 KB (issue 11, finding 2). */
    @Test
    void refusesASchemaWhoseReferencesExplodeWhenInlinedNamingTheTool() throws Exception {
        StringBuilder defs = new StringBuilder("{\"$defs\":{");
        for (int level = 0; level < 12; level++) {
            String next = "#/$defs/l" + (level + 1);
            defs.append("\"l").append(level).append("\":{\"type\":\"object\",\"properties\":{");
            for (int b = 0; b < 4; b++) {
                defs.append(b == 0 ? "" : ",").append("\"p").append(b).append("\":{\"$ref\":\"").append(next).append("\"}");
            }
            defs.append("}},");
        }
        defs.append("\"l12\":{\"type\":\"string\"}},\"$ref\":\"#/$defs/l0\"}");
        JsonNode bomb = json(defs.toString());
        assertThat(defs.length()).isLessThan(3000);
        assertThatThrownBy(() -> GeminiSchemas.toGemini(bomb, "tools[2].function.parameters"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.param()).isEqualTo("tools[2].function.parameters");
                    assertThat(e.getMessage()).contains("expands to more than " + GeminiSchemas.MAX_EXPANDED_NODES);
                });
        // A legitimate schema with shared definitions still converts.
        JsonNode shared = json("""
                {"$defs":{"addr":{"type":"object","properties":{"city":{"type":"string"}}}},
                 "type":"object","properties":{"home":{"$ref":"#/$defs/addr"},"work":{"$ref":"#/$defs/addr"}}}""");
        assertThat(GeminiSchemas.toGemini(shared, "p").at("/properties/work/properties/city/type").asText()).isEqualTo("STRING");
    }
}
