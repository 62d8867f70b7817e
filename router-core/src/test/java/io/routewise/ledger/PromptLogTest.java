package io.routewise.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.routewise.chat.ContentPart;
import io.routewise.chat.Message;
import io.routewise.chat.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptLogTest {

    @Test
    void storesNothingWhenPromptLoggingIsOff() {
        assertThat(PromptLog.messagesJson(List.of(Message.text(Role.USER, "hi")), false, PromptRedactor.NONE)).isNull();
    }

    @Test
    void storesRedactedTextInTheTrafficLogShapeAndLeavesInlineImagesOut() {
        Message withImages = new Message(Role.USER, List.of(new ContentPart.Text("mail bob@example.com"),
                new ContentPart.Image("data:image/png;base64,AAAA", null),
                new ContentPart.Image("https://example.com/cat.png", null)), null, List.of(), null);
        String json = PromptLog.messagesJson(List.of(Message.text(Role.SYSTEM, "sys"), withImages), true,
                PromptRedactor.of(List.of("[\\w.]+@[\\w.]+")));
        assertThat(json).isEqualTo("[{\"role\":\"system\",\"content\":\"sys\"},{\"role\":\"user\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"mail [REDACTED]\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/cat.png\"}}]}]");
    }
}
