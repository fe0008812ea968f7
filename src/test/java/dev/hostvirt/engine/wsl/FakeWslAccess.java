package dev.hostvirt.engine.wsl;

import dev.hostvirt.host.CommandRunner;

/** Lets tests outside this package drive the stateful fake wsl.exe. */
public final class FakeWslAccess {
    private final FakeWsl fake = new FakeWsl();

    public static FakeWslAccess withOurDistro(String version) {
        FakeWslAccess a = new FakeWslAccess();
        a.fake.distros.put("hostvirt", new FakeWsl.Distro("hostvirt", 2, version, 0));
        return a;
    }

    public static FakeWslAccess empty() {
        return new FakeWslAccess();
    }

    public CommandRunner runner() {
        return fake;
    }

    public void removeDistro() {
        fake.distros.clear();
    }

    public void addTarball(String path, String version, int images) {
        fake.tarballs.put(path, new FakeWsl.Tarball(version, images));
    }

    public void addDistro(String name, String hostvirtVersion, int images) {
        fake.distros.put(name, new FakeWsl.Distro(name, 2, hostvirtVersion, images));
    }

    public boolean has(String name) {
        return fake.distros.containsKey(name);
    }

    public String version(String name) {
        return fake.distros.get(name).hostvirt;
    }
}
