package dev.adjoint.nn.spark;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Jackson stays off the executors' path: nothing in {@code dev.adjoint.nn.spark}, nor any Adjoint class it
 * reaches, uses Jackson (models travel as factories, tensors as plain arrays), so the executors run with
 * whatever Jackson their Spark ships. Model files (JSON configurations, safetensors headers) are read and
 * written on the driver only, by callbacks such as {@code ModelCheckpoint}.
 */
class ExecutorPathTest {

    @Test
    void sparkTrainingReachesNoJacksonClass() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.adjoint");
        noClasses().that().resideInAPackage("dev.adjoint.nn.spark..")
                .should().transitivelyDependOnClassesThat().resideInAPackage("com.fasterxml.jackson..")
                .check(classes);
    }
}
