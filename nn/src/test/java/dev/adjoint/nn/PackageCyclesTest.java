package dev.adjoint.nn;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The packages of the {@code nn} module depend on each other one way only: every package is a slice, and
 * the build fails on the first cycle between slices, printing the classes that close it. The intended
 * direction is in the README's design section.
 */
class PackageCyclesTest {

    @Test
    void packagesFormNoCycle() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.adjoint.nn");
        slices().matching("dev.adjoint.(**)").should().beFreeOfCycles().check(classes);
    }
}
