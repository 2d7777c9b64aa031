package dev.flowsmith.app;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** DESIGN.md section 2: engine modules never touch JavaFX, and packages have no cycles. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.flowsmith");

    @Test
    void engineModulesDoNotImportJavaFx() {
        noClasses().that().resideInAnyPackage("dev.flowsmith.media..", "dev.flowsmith.kernels..", "dev.flowsmith.restoration..", "dev.flowsmith.editing..", "dev.flowsmith.diffusion..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..")
                .check(CLASSES);
    }

    @Test
    void theEngineDoesNotDependOnTheUiOrTheLauncher() {
        noClasses().that().resideInAnyPackage("dev.flowsmith.media..", "dev.flowsmith.kernels..", "dev.flowsmith.ui..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.flowsmith.app..")
                .check(CLASSES);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("dev.flowsmith.(**)").should().beFreeOfCycles().check(CLASSES);
    }
}
