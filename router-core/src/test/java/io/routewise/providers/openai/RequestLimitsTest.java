package io.routewise.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routewise.chat.InvalidRequestException;
import io.routewise.json.Json;
import org.junit.jupiter.api.Test;

/** Values a request cannot make the router repeat whole in errors and logs. */
class RequestLimitsTest {

    /** Issue 11, finding 6: a huge model name is refused without being echoed. */
    @Test
    void aModelNameLongerThanAnyIdIsRefusedWithoutEchoingIt() throws Exception {
        String huge = "m".repeat(1_000_000);
        var body = Json.MAPPER.createObjectNode().put("model", huge);
        body.putArray("messages").addObject().put("role", "user").put("content", "hi");
        assertThatThrownBy(() -> OpenAiRequestParser.parse(body, null))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.param()).isEqualTo("model");
                    assertThat(e.getMessage()).hasSizeLessThan(200);
                });
    }
}
