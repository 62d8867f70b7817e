package io.routewise.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The shared-folder lookup rules and the skip-or-fail decision, on temporary folders. */
class SharedDataTest {

    @TempDir
    Path tmp;

    private Path sharedWithSpecs(Path parent) throws IOException {
        Path shared = parent.resolve("shared");
        Files.createDirectories(shared.resolve("specs"));
        return shared;
    }

    @Test
    void findsTheRepositorysSiblingFromAModuleFolder() throws IOException {
        Path shared = sharedWithSpecs(tmp);
        Path module = Files.createDirectories(tmp.resolve("repo").resolve("router-core"));
        assertThat(SharedData.lookup(null, null, module).folder()).contains(shared);
    }

    @Test
    void ignoresASharedFolderWithoutSpecs() throws IOException {
        Path module = Files.createDirectories(tmp.resolve("repo").resolve("router-core"));
        Files.createDirectories(tmp.resolve("repo").resolve("shared")); // no specs/ inside
        Path real = sharedWithSpecs(tmp);
        assertThat(SharedData.lookup(null, null, module).folder()).contains(real);
    }

    @Test
    void propertyWinsOverEnvironmentAndWalk() throws IOException {
        Path viaProperty = sharedWithSpecs(Files.createDirectories(tmp.resolve("p")));
        Path viaEnv = sharedWithSpecs(Files.createDirectories(tmp.resolve("e")));
        sharedWithSpecs(tmp);
        assertThat(SharedData.lookup(viaProperty.toString(), viaEnv.toString(), tmp).folder()).contains(viaProperty);
        assertThat(SharedData.lookup(null, viaEnv.toString(), tmp).folder()).contains(viaEnv);
    }

    @Test
    void explicitWrongFolderIsNotFoundEvenIfTheWalkWouldFindOne() throws IOException {
        sharedWithSpecs(tmp);
        SharedData.Lookup lookup = SharedData.lookup(tmp.resolve("nowhere").toString(), null, tmp);
        assertThat(lookup.folder()).isEmpty();
        assertThat(lookup.notFoundReason()).contains("nowhere").contains("-Droutewise.shared");
    }

    @Test
    void missingFolderSkipsWithAReasonOutsideCi() {
        SharedData.Lookup lookup = SharedData.lookup(null, null, tmp);
        assertThatThrownBy(() -> SharedData.requireSpecs(lookup, false))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("../shared/specs not found: conformance tests skipped")
                .hasMessageContaining(tmp.resolve("shared").toString());
    }

    @Test
    void missingFolderFailsUnderCi() {
        SharedData.Lookup lookup = SharedData.lookup(null, null, tmp);
        assertThatThrownBy(() -> SharedData.requireSpecs(lookup, true))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("../shared/specs not found")
                .hasMessageContaining("CI=true");
    }

    @Test
    void foundFolderYieldsItsSpecsSubfolder() throws IOException {
        Path shared = sharedWithSpecs(tmp);
        assertThat(SharedData.requireSpecs(SharedData.lookup(null, null, tmp), true))
                .isEqualTo(shared.resolve("specs"));
    }
}
