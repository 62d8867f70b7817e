package io.routewise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code routewise logs export}'s input errors are one line and exit 2. */
class LogsCommandTest {

    @Test
    void aBadSinceIsAOneLineUserError(@TempDir Path tmp) {
        RouteCommandTest.Run r = RouteCommandTest.run("logs", "export", "--since", "yesterday", "--out",
                tmp.resolve("out.jsonl").toString());
        assertThat(r.exit()).isEqualTo(UserErrors.USER_ERROR);
        assertThat(r.err().strip()).doesNotContain("\n").contains("--since").contains("yesterday");
    }

    @Test
    void anUnopenableLedgerIsAOneLineUserErrorNamingTheUrl(@TempDir Path tmp) throws Exception {
        Path config = tmp.resolve("routewise.yaml");
        Files.writeString(config, Files.readString(Path.of("..", "routewise.yaml"))
                .replaceFirst("(?m)^ledger: .*$", "ledger: {url: \"jdbc:nosuchdb:somewhere\"}"));
        RouteCommandTest.Run r = RouteCommandTest.run("logs", "export", "--out", tmp.resolve("out.jsonl").toString(),
                "--config", config.toString());
        assertThat(r.exit()).isEqualTo(UserErrors.USER_ERROR);
        assertThat(r.err().strip()).doesNotContain("\n").contains("jdbc:nosuchdb");
    }
}
