package io.routewise.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The house rules between packages, over every module's production classes (this module sees them
 * all). Arrows point down only, and no two packages depend on each other in a circle:
 * <pre>
 *   cli                                                    (routewise-cli)
 *   server                                                 (router-server)
 *   training · simulator · eval                            (classifier-training, provider-simulator, eval)
 *   policy · resilience · ledger · dispatch · auth         (the domain)
 *   providers · features · catalog · classifier            (components)
 *   json · chat · config                                   (foundation)
 * </pre>
 * A new package gets a line in {@link #LAYERS} (and docs/architecture.md) before it gets classes.
 */
class LayerTest {

    static JavaClasses classes;

    @BeforeAll
    static void importAll() {
        // Production classes of every module (folders or jars, as the build hands them over), without any
        // module's tests or test jars.
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar") && !location.contains("/test-classes/"))
                .importPackages("io.routewise");
    }

    /** Every package of the project, by layer (a package is its first name below io.routewise). */
    static final String[][] LAYERS = {
            {"Foundation", "io.routewise.json..", "io.routewise.chat..", "io.routewise.config.."},
            {"Components", "io.routewise.providers..", "io.routewise.features..", "io.routewise.catalog..",
                    "io.routewise.classifier.."},
            {"Domain", "io.routewise.policy..", "io.routewise.resilience..", "io.routewise.ledger..",
                    "io.routewise.dispatch..", "io.routewise.auth.."},
            {"Evaluation", "io.routewise.eval.."},
            {"Simulator", "io.routewise.simulator.."},
            {"Training", "io.routewise.training.."},
            {"Server", "io.routewise.server.."},
            {"Cli", "io.routewise.cli.."},
    };

    @Test
    void arrowsPointDownOnly() {
        var rule = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String[] layer : LAYERS) {
            rule = rule.layer(layer[0]).definedBy(java.util.Arrays.copyOfRange(layer, 1, layer.length));
        }
        rule.whereLayer("Foundation").mayOnlyAccessLayers("Foundation")
                .whereLayer("Components").mayOnlyAccessLayers("Foundation", "Components")
                .whereLayer("Domain").mayOnlyAccessLayers("Foundation", "Components", "Domain")
                .whereLayer("Evaluation").mayOnlyAccessLayers("Foundation", "Components", "Domain", "Evaluation")
                .whereLayer("Simulator").mayOnlyAccessLayers("Foundation", "Components", "Simulator")
                .whereLayer("Training").mayOnlyAccessLayers("Foundation", "Components", "Domain", "Training")
                .whereLayer("Server").mayOnlyAccessLayers("Foundation", "Components", "Domain", "Evaluation", "Simulator",
                        "Server")
                .check(classes);
    }

    @Test
    void theRulesSeeEveryModule() {
        for (String name : java.util.List.of("io.routewise.config.RoutewiseConfig", "io.routewise.simulator.SimulatorServer",
                "io.routewise.training.TrainingRun", "io.routewise.server.RouterLauncher", "io.routewise.cli.Routewise")) {
            org.assertj.core.api.Assertions.assertThat(classes.contain(name)).as(name).isTrue();
        }
        org.assertj.core.api.Assertions.assertThat(classes.contain("io.routewise.testing.TestModels")).isFalse();
    }

    @Test
    void everyPackageHasALayer() {
        java.util.Set<String> known = new java.util.TreeSet<>();
        for (String[] layer : LAYERS) {
            for (int i = 1; i < layer.length; i++) {
                known.add(layer[i].replace("..", ""));
            }
        }
        java.util.Set<String> unplaced = new java.util.TreeSet<>();
        classes.forEach(c -> {
            String[] parts = c.getPackageName().split("\\.");
            if (parts.length >= 3 && !known.contains(parts[0] + "." + parts[1] + "." + parts[2])) {
                unplaced.add(c.getPackageName());
            }
        });
        org.assertj.core.api.Assertions.assertThat(unplaced).as("packages in no layer of LayerTest.LAYERS").isEmpty();
    }

    /**
     * Inside the domain: {@code policy} decides and knows nothing of how calls are made or paid for;
     * {@code resilience} and {@code ledger} plug into it (a health screen, a budget screen) but not into
     * each other; {@code dispatch} sits on top of the three and is used by nobody in the domain.
     */
    @Test
    void theDomainHasItsOwnOrder() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses().that().resideInAPackage("io.routewise.policy..")
                .should().dependOnClassesThat().resideInAnyPackage("io.routewise.resilience..", "io.routewise.ledger..",
                        "io.routewise.dispatch..", "io.routewise.auth..")
                .check(classes);
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses().that().resideInAPackage("io.routewise.resilience..")
                .should().dependOnClassesThat().resideInAnyPackage("io.routewise.ledger..", "io.routewise.dispatch..",
                        "io.routewise.auth..")
                .check(classes);
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses().that().resideInAPackage("io.routewise.ledger..")
                .should().dependOnClassesThat().resideInAnyPackage("io.routewise.resilience..", "io.routewise.dispatch..",
                        "io.routewise.auth..")
                .check(classes);
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses().that().resideInAnyPackage("io.routewise.policy..",
                        "io.routewise.resilience..", "io.routewise.ledger..", "io.routewise.auth..")
                .should().dependOnClassesThat().resideInAPackage("io.routewise.dispatch..")
                .check(classes);
    }

    @Test
    void noPackagesDependOnEachOtherInACircle() {
        slices().matching("io.routewise.(*)..").should().beFreeOfCycles().check(classes);
    }
}
