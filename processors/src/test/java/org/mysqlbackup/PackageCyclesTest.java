package org.mysqlbackup;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * No package of the product depends on itself through others: {@code client.run} (a backup's state
 * and its records) is what the schedule, the reports and the configurations may import of the
 * client, and the client imports none of them back through it.
 */
class PackageCyclesTest {
    private static final JavaClasses PRODUCT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.mysqlbackup");

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("org.mysqlbackup.(**)").should().beFreeOfCycles().check(PRODUCT);
    }
}
