package io.routewise.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading examples out of documentation text (no shared data needed). */
class OpenApiExamplesTest {

    @Test
    void extractsTheJsonBodyOfACurlCommandIncludingEscapedQuotes() {
        String curl = "curl https://api.example.com/v1/chat \\\n  -H \"Content-Type: application/json\" \\\n"
                + "  -d '{\n    \"text\": \"What'\\''s up?\"\n  }'\n";
        JsonNode body = OpenApiExamples.curlBody(curl).orElseThrow();
        assertThat(body.path("text").asText()).isEqualTo("What's up?");
        assertThat(OpenApiExamples.curlBody("curl https://api.example.com/v1/models")).isEmpty();
    }

    @Test
    void splitsStreamedDocumentsAndSkipsElisions() {
        List<JsonNode> docs = OpenApiExamples.documents("{\"a\":1}\n\n{\"a\":2}\n\n....\n\n{\"a\":3}\n");
        assertThat(docs).extracting(d -> d.path("a").asInt()).containsExactly(1, 2, 3);
    }

    @Test
    void keepsAPrettyPrintedDocumentWhole() {
        assertThat(OpenApiExamples.documents("{\n  \"a\": {\n    \"b\": [1, 2]\n  }\n}\n")).hasSize(1);
    }
}
