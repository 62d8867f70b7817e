package io.routewise.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigVersionTest {

    @Test
    void versionIsTheFirstTwelveHexDigitsOfTheSha256OfTheBytes() {
        // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
        assertThat(ConfigLoader.versionOf("abc".getBytes(StandardCharsets.UTF_8))).isEqualTo("ba7816bf8f01");
    }

    @Test
    void sameBytesGiveTheSameVersionAndAnyEditChangesIt(@TempDir Path dir) throws IOException {
        Path a = Files.writeString(dir.resolve("a.yaml"), ConfigLoaderErrorsTest.VALID);
        Path b = Files.writeString(dir.resolve("b.yaml"), ConfigLoaderErrorsTest.VALID);
        Path c = Files.writeString(dir.resolve("c.yaml"), ConfigLoaderErrorsTest.VALID + "# a comment\n");

        String version = ConfigLoader.load(a).version();
        assertThat(ConfigLoader.load(b).version()).isEqualTo(version);
        assertThat(ConfigLoader.parse(ConfigLoaderErrorsTest.VALID, "inline").version()).isEqualTo(version);
        assertThat(ConfigLoader.load(c).version()).isNotEqualTo(version).matches("[0-9a-f]{12}");
    }

    @Test
    void rejectsBytesThatAreNotUtf8(@TempDir Path dir) throws IOException {
        Path file = Files.write(dir.resolve("latin1.yaml"), new byte[] {'a', ':', ' ', (byte) 0xE9, '\n'});
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageEndingWith("latin1.yaml: is not valid UTF-8 text");
    }
}
