package io.routewise.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The normaliser and validator on a small hand-written OpenAPI document (no shared data needed). */
class OpenApiNormalizerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static OpenApiSchemas mini;
    private static OpenApiSchemas closed;

    @BeforeAll
    static void load() throws IOException {
        mini = parse(false);
        closed = parse(true);
    }

    private static OpenApiSchemas parse(boolean closedObjects) throws IOException {
        try (InputStream in = OpenApiNormalizerTest.class.getResourceAsStream("mini-openapi.yaml")) {
            return OpenApiSchemas.parse("urn:test:mini", in, true, closedObjects);
        }
    }

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    private static List<SchemaViolation> pet(String text) throws IOException {
        return mini.validate("Pet", json(text));
    }

    @Test
    void listsComponentSchemas() {
        assertThat(mini.schemaNames()).containsExactly("Collar", "Model", "Owner", "Pet");
    }

    @Test
    void acceptsAValidDocumentDespiteExtensionKeywords() throws IOException {
        assertThat(pet("{\"kind\":\"cat\",\"name\":\"Tom\",\"sibling\":{\"kind\":\"dog\",\"name\":\"Rex\"}}"))
                .isEmpty();
    }

    @Test
    void reportsMissingRequiredPropertyWithItsPath() throws IOException {
        List<SchemaViolation> violations = pet("{\"kind\":\"cat\",\"sibling\":{\"kind\":\"dog\"}}");
        assertThat(violations).extracting(SchemaViolation::keyword).containsOnly("required");
        assertThat(violations).extracting(SchemaViolation::path).contains("$", "$.sibling");
        assertThat(violations.toString()).contains("name");
    }

    @Test
    void rejectsWrongTypeEnumAndUnknownProperty() throws IOException {
        assertThat(pet("{\"kind\":\"cow\",\"name\":\"Tom\"}")).extracting(SchemaViolation::keyword).contains("enum");
        assertThat(pet("{\"kind\":\"cat\",\"name\":42}")).extracting(SchemaViolation::keyword).contains("type");
        assertThat(pet("{\"kind\":\"cat\",\"name\":\"Tom\",\"colour\":\"red\"}"))
                .extracting(SchemaViolation::keyword).contains("additionalProperties");
    }

    @Test
    void nullableWithTypeBecomesATypeUnion() throws IOException {
        assertThat(pet("{\"kind\":\"cat\",\"name\":\"Tom\",\"nickname\":null}")).isEmpty();
        assertThat(pet("{\"kind\":\"cat\",\"name\":\"Tom\",\"nickname\":3}")).isNotEmpty();
    }

    @Test
    void nullableEnumAcceptsNullButNotOtherValues() throws IOException {
        assertThat(pet("{\"kind\":\"cat\",\"name\":\"Tom\",\"mood\":null}")).isEmpty();
        assertThat(pet("{\"kind\":\"cat\",\"name\":\"Tom\",\"mood\":\"sleepy\"}")).isNotEmpty();
    }

    @Test
    void nullableRefIsWrappedInAnyOfAndStillChecksTheTarget() throws IOException {
        assertThat(pet("{\"kind\":\"cat\",\"name\":\"Tom\",\"owner\":null}")).isEmpty();
        assertThat(pet("{\"kind\":\"cat\",\"name\":\"Tom\",\"owner\":{\"id\":1}}")).isEmpty();
        assertThat(pet("{\"kind\":\"cat\",\"name\":\"Tom\",\"owner\":{\"id\":\"x\"}}")).isNotEmpty();
    }

    @Test
    void allOfNullableMarkerMakesTheWholePropertyNullable() throws IOException {
        assertThat(pet("{\"kind\":\"cat\",\"name\":\"Tom\",\"collar\":null}")).isEmpty();
        assertThat(pet("{\"kind\":\"cat\",\"name\":\"Tom\",\"collar\":{\"color\":\"red\"}}")).isEmpty();
        assertThat(pet("{\"kind\":\"cat\",\"name\":\"Tom\",\"collar\":{}}")).isNotEmpty();
    }

    @Test
    void nullableWithoutTypeOnOneOfAcceptsNullAndTheAlternatives() throws IOException {
        assertThat(pet("{\"kind\":\"cat\",\"name\":\"Tom\",\"toy\":null}")).isEmpty();
        assertThat(pet("{\"kind\":\"cat\",\"name\":\"Tom\",\"toy\":\"ball\"}")).isEmpty();
        assertThat(pet("{\"kind\":\"cat\",\"name\":\"Tom\",\"toy\":[]}")).isNotEmpty();
    }

    @Test
    void propertiesNamedLikeKeywordsStayProperties() throws IOException {
        assertThat(pet("{\"kind\":\"cat\",\"name\":\"Tom\",\"properties\":{\"nullable\":true,\"type\":\"x\"}}"))
                .isEmpty();
        assertThat(pet("{\"kind\":\"cat\",\"name\":\"Tom\",\"properties\":{\"nullable\":\"yes\"}}")).isNotEmpty();
    }

    @Test
    void nullableFalseStaysNonNullable() throws IOException {
        assertThat(pet("{\"kind\":\"cat\",\"name\":\"Tom\",\"legacy\":null}")).isNotEmpty();
    }

    @Test
    void booleanExclusiveMinimumBecomesNumeric() throws IOException {
        assertThat(pet("{\"kind\":\"cat\",\"name\":\"Tom\",\"weight\":0.5}")).isEmpty();
        assertThat(pet("{\"kind\":\"cat\",\"name\":\"Tom\",\"weight\":0}")).isNotEmpty();
    }

    @Test
    void typeNullIsDroppedSoAnyOfDecides() throws IOException {
        assertThat(mini.validate("Model", json("\"anything\""))).isEmpty();
        assertThat(mini.validate("Model", json("7"))).isNotEmpty();
    }

    @Test
    void closedObjectsRejectUnlistedPropertiesOnlyWhenAsked() throws IOException {
        JsonNode owner = json("{\"id\":1,\"nickname\":\"x\"}");
        assertThat(mini.validate("Owner", owner)).isEmpty();
        assertThat(closed.validate("Owner", owner)).extracting(SchemaViolation::keyword)
                .containsExactly("additionalProperties");
        assertThat(closed.validate("Owner", json("{\"id\":1}"))).isEmpty();
    }

    @Test
    void closedVariantRejectsUndeclaredTopLevelPropertiesAcrossAllOf() throws IOException {
        // Collar is declared inside an allOf branch of "collar"; Owner is a plain object.
        JsonNode owner = json("{\"id\":1,\"nickname\":\"x\"}");
        assertThat(mini.validate(OpenApiSchemas.closed("Owner"), owner)).extracting(SchemaViolation::keyword)
                .containsExactly("unevaluatedProperties");
        assertThat(mini.validate(OpenApiSchemas.closed("Owner"), json("{\"id\":1}"))).isEmpty();
        assertThat(mini.validate(OpenApiSchemas.closed("Model"), json("\"anything\""))).isEmpty();
    }

    @Test
    void assertConformsListsEveryViolation() {
        assertThatThrownBy(() -> mini.assertConforms("Pet", json("{\"kind\":\"cow\",\"name\":1}")))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("violation(s) of Pet")
                .hasMessageContaining("$.kind")
                .hasMessageContaining("$.name");
    }

    @Test
    void findsTheOperationForAConcretePathWithItsSchemasAndQueryParameters() {
        OpenApiOperation feed = mini.operation("POST", "/pets/tom:feed?verbose=true").orElseThrow();
        assertThat(feed.template()).isEqualTo("/pets/{petId}:feed");
        assertThat(feed.requestSchema()).contains("Pet");
        assertThat(feed.responseSchema()).contains("Owner");
        assertThat(feed.queryParameters()).containsExactlyInAnyOrder("verbose", "dryRun");
        assertThat(mini.operation("GET", "/pets/tom:feed")).isEmpty();
        assertThat(mini.operation("POST", "/pets/tom/x:feed")).isEmpty();
        assertThat(mini.operation("POST", "/pets/tom:feedx")).isEmpty();
    }

    @Test
    void unknownSchemaNameIsAnErrorThatSuggestsNames() {
        assertThatThrownBy(() -> mini.validate("Pets", json("{}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no component schema 'Pets'")
                .hasMessageContaining("Pet");
    }
}
