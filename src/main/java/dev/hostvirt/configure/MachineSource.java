package dev.hostvirt.configure;

/**
 * A host that also says which machine to change: the simulated hosts of tests and demos. The live
 * host does not implement it; the CLI then changes this computer (see cli/ConfigureSupport).
 */
public interface MachineSource {
    Machine machine();
}
