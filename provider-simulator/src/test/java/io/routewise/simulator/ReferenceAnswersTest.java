package io.routewise.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceAnswersTest {

    @TempDir
    Path dir;

    @Test
    void loadsJsonlAndSkipsPromptsWithoutAReference() throws Exception {
        Path file = dir.resolve("refs.jsonl");
        Files.writeString(file, """
                {"id": "a", "prompt": "What is 2+2?", "reference": "4", "category": "math"}

                {"id": "b", "prompt": "Write a poem"}
                {"id": "c", "prompt": "Capital of Peru?", "reference": "Lima"}
                """);
        ReferenceAnswers refs = new ReferenceAnswers();
        assertThat(refs.load(file)).isEqualTo(2);
        assertThat(refs.lookup("What is 2+2?")).isEqualTo("4");
        assertThat(refs.lookup("Capital of  Peru?")).isEqualTo("Lima");
        assertThat(refs.lookup("Write a poem")).isNull();
    }

    @Test
    void keepsTheVerbatimFlagOfEachPrompt() throws Exception {
        Path file = dir.resolve("set.jsonl");
        Files.writeString(file, """
                {"id": "j", "prompt": "Give JSON", "reference": "{\\"a\\": 1}", "verbatim": true, "scorer": {}}
                {"id": "k", "prompt": "Capital of Peru?", "reference": "Lima"}
                """);
        ReferenceAnswers refs = new ReferenceAnswers();
        assertThat(refs.load(file)).isEqualTo(2);
        assertThat(refs.find("Give JSON")).isEqualTo(new ReferenceAnswers.Reference("{\"a\": 1}", true));
        assertThat(refs.find("Capital of Peru?").verbatim()).isFalse();
        assertThat(refs.find("unknown")).isNull();
    }

    @Test
    void loadsGzippedFiles() throws Exception {
        Path file = dir.resolve("refs.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("{\"prompt\": \"p\", \"reference\": \"r\"}\n".getBytes(StandardCharsets.UTF_8));
        }
        ReferenceAnswers refs = new ReferenceAnswers();
        assertThat(refs.load(file)).isEqualTo(1);
        assertThat(refs.lookup("p")).isEqualTo("r");
    }

    @Test
    void namesTheFileAndLineOfAMalformedLine() throws Exception {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, "{\"prompt\": \"ok\", \"reference\": \"1\"}\n{\"prompt\": 42, \"reference\": \"x\"}\n");
        assertThatThrownBy(() -> new ReferenceAnswers().load(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad.jsonl line 2")
                .hasMessageContaining("'prompt' must be a string");
    }

    @Test
    void rejectsBlankPromptsAndReferences() {
        ReferenceAnswers refs = new ReferenceAnswers();
        assertThatThrownBy(() -> refs.put(" ", "x")).hasMessageContaining("non-blank prompt");
        assertThatThrownBy(() -> refs.put("q", "")).hasMessageContaining("blank");
    }
}
