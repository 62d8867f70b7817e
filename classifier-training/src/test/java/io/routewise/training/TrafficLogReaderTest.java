package io.routewise.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routewise.chat.Role;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrafficLogReaderTest {

    @TempDir
    Path tmp;

    private Path fixture() throws IOException {
        Path file = tmp.resolve("mixed.jsonl");
        try (InputStream in = getClass().getResourceAsStream("/traffic/mixed.jsonl")) {
            Files.copy(in, file);
        }
        return file;
    }

    @Test
    void readsGoodLinesAndReportsEachBadOneWithFileAndLineNumber() throws IOException {
        Path file = fixture();
        TrafficLog log = TrafficLogReader.read(file);

        assertThat(log.records()).extracting(TrafficRecord::requestId)
                .containsExactly("r1", "r6", file + ":10");
        assertThat(log.lines()).isEqualTo(10); // 11 lines, the blank line 4 is not counted
        assertThat(log.problems()).extracting(LineProblem::line).containsExactly(2L, 3L, 5L, 7L, 8L, 9L, 11L);
        assertThat(log.problems()).allSatisfy(p -> assertThat(p.file()).isEqualTo(file.toString()));
        assertThat(log.problems().get(0).toString()).startsWith(file + ":2: not valid JSON");
        assertThat(log.problems().get(1).reason()).isEqualTo("'messages' is missing");
        assertThat(log.problems().get(2).reason()).isEqualTo("'messages' must be a non-empty array");
        assertThat(log.problems().get(3).reason()).isEqualTo("responses[0].outcome must be a number");
        assertThat(log.problems().get(4).reason()).contains("role 'wizard'");
        assertThat(log.problems().get(5).reason()).contains("outside [0, 1]");
        assertThat(log.problems().get(6).reason()).isEqualTo("not a JSON object");
    }

    @Test
    void parsesMessagesResponsesAndIgnoresUnknownFields() throws IOException {
        TrafficLog log = TrafficLogReader.read(fixture());
        TrafficRecord r1 = log.records().get(0);
        assertThat(r1.task()).isEqualTo("gsm8k");
        assertThat(r1.source()).isEqualTo("fixture");
        assertThat(r1.messages().get(0).text()).isEqualTo("What is 12 * 7?");
        LoggedResponse small = r1.responses().get(0);
        assertThat(small).isEqualTo(new LoggedResponse("small", 1.0, 0.001, 10L, 5L, 120.0));
        assertThat(r1.line()).isEqualTo(1);

        TrafficRecord r6 = log.records().get(1);
        assertThat(r6.messages()).extracting(m -> m.role()).containsExactly(Role.SYSTEM, Role.USER);
        assertThat(r6.messages().get(1).text()).isEqualTo("Capital of France?");
        assertThat(r6.responses().get(1).costUsd()).isNull();

        assertThat(log.records().get(2).responses()).isEmpty();
    }

    @Test
    void recognisesGzipByItsMagicBytesWhateverTheName() throws IOException {
        Path gz = tmp.resolve("traffic.jsonl"); // no .gz suffix on purpose
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(fixture()));
        }
        TrafficLog log = TrafficLogReader.read(gz);
        assertThat(log.records()).hasSize(3);
        assertThat(log.problems()).hasSize(7);
    }

    @Test
    void missingFileIsAClearError() {
        Path missing = tmp.resolve("nope.jsonl.gz");
        assertThatThrownBy(() -> TrafficLogReader.read(missing))
                .isInstanceOf(TrainingInputException.class)
                .hasMessage(missing + ": traffic log not found");
    }
}
