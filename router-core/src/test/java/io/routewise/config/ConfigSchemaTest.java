package io.routewise.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped JSON Schema is what the config records generate, and it agrees with the loader on real files. */
class ConfigSchemaTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Schema SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(ConfigSchema.generate());

    private static List<?> errors(String yaml) throws Exception {
        return SCHEMA.validate(YAML.readTree(yaml));
    }

    @Test
    void theShippedSchemaIsTheGeneratedOne() throws Exception {
        String shipped = Files.readString(Path.of("..", "routewise.schema.json"));
        assertThat(shipped).as("routewise.schema.json is stale: regenerate it with "
                + "scripts/routewise config schema > routewise.schema.json").isEqualTo(ConfigSchema.render());
        try (var in = ConfigSchema.class.getResourceAsStream(ConfigSchema.RESOURCE)) {
            assertThat(in).as("the jar carries a copy").isNotNull();
            assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(shipped);
        }
    }

    @Test
    void filesTheLoaderAcceptsPassTheSchema() throws Exception {
        assertThat(errors(Files.readString(Path.of("..", "routewise.yaml")))).isEmpty();
        assertThat(errors(ConfigLoaderErrorsTest.VALID)).isEmpty();
        // A section left empty takes its defaults, for the loader and for the schema.
        assertThat(errors(ConfigLoaderErrorsTest.VALID + "ledger:\n")).isEmpty();
    }

    @Test
    void unknownKeysWrongTypesAndUnknownEnumValuesFailIt() throws Exception {
        JsonNode base = YAML.readTree(ConfigLoaderErrorsTest.VALID);
        assertThat(errors(ConfigLoaderErrorsTest.VALID + "routng: {quality_target: 0.5}\n")).isNotEmpty();
        assertThat(errors(ConfigLoaderErrorsTest.VALID.replace("context_window: 8000", "context_window: \"8000\""))).isNotEmpty();
        assertThat(errors(ConfigLoaderErrorsTest.VALID.replace("kind: simulator", "kind: antropic"))).isNotEmpty();
        assertThat(errors(ConfigLoaderErrorsTest.VALID.replace("capabilities: [tools, json]", "capabilities: [tools, telepathy]")))
                .isNotEmpty();
        assertThat(base.get("models")).hasSize(2);
    }
}
