package dev.hostvirt.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version Maven writes into the jar manifest; "dev" when run from classes. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"hostvirt " + (version == null ? "dev" : version),
            "Java ${java.version} (${java.vendor}), ${os.name} ${os.version} ${os.arch}"};
    }
}
