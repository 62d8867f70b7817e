package io.routewise.providers.openai;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routewise.chat.InvalidRequestException;
import io.routewise.json.Json;
import org.junit.jupiter.api.Test;

/** Issue 11, finding 3: a schema's bogus {@code type} is the caller's 400, never sent upstream. */
class SchemaTypesTest {

    @Test
    void aBogusTypeAnywhereIsRefusedNamingItsPath() throws Exception {
        assertThatThrownBy(() -> SchemaTypes.check(Json.MAPPER.readTree("{\"type\":\"bogus\"}"), "tools[0].function.parameters"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> org.assertj.core.api.Assertions
                        .assertThat(e.getMessage()).contains("tools[0].function.parameters").contains("at '/'"));
        assertThatThrownBy(() -> SchemaTypes.check(Json.MAPPER.readTree(
                "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"array\",\"items\":{\"type\":[\"string\",\"nope\"]}}}}"),
                "p")).isInstanceOf(InvalidRequestException.class).hasMessageContaining("/properties/a/items");
    }

    @Test
    void ordinarySchemasPassIncludingAPropertyNamedType() throws Exception {
        assertThatCode(() -> SchemaTypes.check(Json.MAPPER.readTree("""
                {"type":"object","required":["type"],
                 "properties":{"type":{"type":"string","enum":["a","b"]},"n":{"type":["integer","null"],"default":3}},
                 "$defs":{"x":{"type":"boolean"}},"anyOf":[{"type":"object"},{"$ref":"#/$defs/x"}]}"""), "p"))
                .doesNotThrowAnyException();
    }

    @Test
    void theRequestParserRefusesAToolWithABogusTypeBeforeAnythingIsSent() throws Exception {
        var body = Json.MAPPER.readTree("""
                {"model":"gemini-2.5-flash","messages":[{"role":"user","content":"hi"}],
                 "tools":[{"type":"function","function":{"name":"f","parameters":{"type":"bogus"}}}]}""");
        assertThatThrownBy(() -> OpenAiRequestParser.parse(body, null))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> org.assertj.core.api.Assertions
                        .assertThat(e.param()).isEqualTo("tools[0].function.parameters"));
    }
}
