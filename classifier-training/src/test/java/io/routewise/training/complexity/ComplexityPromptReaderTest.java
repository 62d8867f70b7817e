package io.routewise.training.complexity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routewise.training.Complexity;
import io.routewise.training.TrainingInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComplexityPromptReaderTest {

    @TempDir
    Path tmp;

    @Test
    void readsBothLabelFieldsAndMathLevelsSkippingUnlabelledLines() throws IOException {
        Path file = tmp.resolve("mixed.jsonl");
        Files.writeString(file, String.join("\n",
                "{\"prompt\":\"hi\",\"complexity\":\"easy\"}",
                "{\"prompt\":\"Prove it\",\"difficulty\":\"hard\",\"source\":\"arena\"}",
                "{\"prompt\":\"Solve x+1=2\",\"difficulty\":\"level-2\"}",
                "{\"prompt\":\"Olympiad\",\"difficulty\":\"level-5\"}",
                "",
                "{\"prompt\":\"Tell me about Rome\",\"category\":\"generic\"}"));
        ComplexityPromptReader.Result r = ComplexityPromptReader.read(List.of(file));
        assertThat(r.prompts()).extracting(ComplexityPrompt::level)
                .containsExactly(Complexity.EASY, Complexity.HARD, Complexity.MEDIUM, Complexity.HARD);
        assertThat(r.prompts().get(0).source()).isEqualTo("mixed");
        assertThat(r.prompts().get(1).source()).isEqualTo("arena");
        assertThat(r.unlabelled()).isEqualTo(1);
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void aDirectoryIsEveryJsonlFileInItInNameOrder() throws IOException {
        Files.writeString(tmp.resolve("b.jsonl"), "{\"prompt\":\"b\",\"complexity\":\"hard\"}\n");
        Files.writeString(tmp.resolve("a.jsonl"), "{\"prompt\":\"a\",\"complexity\":\"easy\"}\n");
        Files.writeString(tmp.resolve("notes.md"), "not read");
        assertThat(ComplexityPromptReader.read(List.of(tmp)).prompts()).extracting(ComplexityPrompt::prompt)
                .containsExactly("a", "b");
    }

    @Test
    void badLinesAreReportedWithFileLineAndFieldAndSkipped() throws IOException {
        Path file = tmp.resolve("bad.jsonl");
        Files.writeString(file, String.join("\n",
                "{\"prompt\":\"ok\",\"complexity\":\"easy\"}",
                "{not json",
                "{\"prompt\":\"x\",\"complexity\":\"trivial\"}",
                "{\"prompt\":\"\",\"complexity\":\"easy\"}",
                "{\"prompt\":\"y\",\"complexity\":\"level-3\"}",
                "[1]"));
        ComplexityPromptReader.Result r = ComplexityPromptReader.read(List.of(file));
        assertThat(r.prompts()).hasSize(1);
        assertThat(r.problems()).extracting(p -> p.line()).containsExactly(2L, 3L, 4L, 5L, 6L);
        assertThat(r.problems().get(1).reason()).contains("complexity: unknown value 'trivial'");
        assertThat(r.problems().get(2).reason()).contains("prompt:");
        assertThat(r.problems().get(3).reason()).contains("complexity"); // levels only under 'difficulty'
    }

    @Test
    void aMissingFileIsAOneLineError() {
        assertThatThrownBy(() -> ComplexityPromptReader.read(List.of(tmp.resolve("nope.jsonl"))))
                .isInstanceOf(TrainingInputException.class).hasMessageContaining("nope.jsonl: complexity prompts not found");
    }

    @Test
    void theProjectsOwnPromptsAllRead() {
        Path seeds = Path.of("..", "training-sets");
        ComplexityPromptReader.Result r = ComplexityPromptReader.read(List.of(seeds));
        assertThat(r.problems()).isEmpty();
        assertThat(r.prompts()).hasSizeGreaterThan(200);
        assertThat(r.prompts().stream().map(ComplexityPrompt::level).distinct()).hasSize(3);
    }
}
