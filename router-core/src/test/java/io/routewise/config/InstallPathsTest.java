package io.routewise.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallPathsTest {

    @TempDir
    Path home;

    @Test
    void aPathMissingHereIsReadFromTheInstallation() throws IOException {
        Path shipped = Path.of("no-such-dir-here", "default");
        Files.createDirectories(home.resolve(shipped));
        assertThat(InstallPaths.resolve(shipped, home.toString())).isEqualTo(home.resolve(shipped));
    }

    @Test
    void thePathAsGivenWinsWhenItExistsOrNothingElseDoes() {
        Path local = Path.of("pom.xml"); // the module's own, in the working directory of the tests
        assertThat(InstallPaths.resolve(local, home.toString())).isEqualTo(local);
        Path nowhere = Path.of("nowhere", "at-all");
        assertThat(InstallPaths.resolve(nowhere, home.toString())).isEqualTo(nowhere);
        assertThat(InstallPaths.resolve(nowhere, null)).isEqualTo(nowhere);
        assertThat(InstallPaths.resolve(home, "/elsewhere")).isEqualTo(home);
    }
}
