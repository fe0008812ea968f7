package dev.hostvirt.cli;

/**
 * The whole conformance suite again with runc forced (HOSTVIRT_RUNTIME=runc): the default is crun
 * where it can work, and both must behave the same.
 */
class RunConformanceOnRuncTest extends RunConformanceTest {
    @Override
    String runtime() {
        return "runc";
    }
}
