package io.routewise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code routewise serve} refuses to start without a usable routing model, in one line. */
class ServeCommandTest {

    @Test
    void aMissingModelDirectoryIsAOneLineStartupError(@TempDir Path tmp) {
        Path missing = tmp.resolve("models/default");
        RouteCommandTest.Run r = RouteCommandTest.run("serve", "--port", "0", "--model", missing.toString());
        assertThat(r.exit()).isEqualTo(UserErrors.USER_ERROR);
        assertThat(r.err().strip()).isEqualTo("routewise: " + missing + ": model directory not found");
    }

    @Test
    void aCorruptModelCardIsAOneLineStartupErrorNamingTheFile(@TempDir Path tmp) throws IOException {
        Files.write(tmp.resolve("classifier.onnx"), new byte[] {1, 2, 3});
        Files.writeString(tmp.resolve("model-card.json"), "{\"labels\": [");
        RouteCommandTest.Run r = RouteCommandTest.run("serve", "--port", "0", "--model", tmp.toString());
        assertThat(r.exit()).isEqualTo(UserErrors.USER_ERROR);
        assertThat(r.err().strip()).doesNotContain("\n")
                .startsWith("routewise: " + tmp.resolve("model-card.json") + ": not a valid model card");
    }

    /** Issue 11, finding 6: a bad listen address is named as such, not reported as a port in use. */
    @Test
    void anAddressThatIsNotOneIsAOneLineUserError() {
        RouteCommandTest.Run r = RouteCommandTest.run("serve", "--port", "0", "--host", "999.1.1.1");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--host '999.1.1.1' is not an IPv4 address").doesNotContain("in use");
        assertThat(r.err().strip()).doesNotContain("\n");
    }

    @Test
    void aWarmupOutsideItsRangeIsAOneLineUserError() {
        for (String bad : new String[] {"-1", "NaN", "601"}) {
            RouteCommandTest.Run r = RouteCommandTest.run("serve", "--port", "0", "--warmup-seconds", bad);
            assertThat(r.exit()).as(bad).isEqualTo(2);
            assertThat(r.err()).contains("--warmup-seconds must be between 0 and 600");
            assertThat(r.err().strip()).doesNotContain("\n");
        }
    }
}
