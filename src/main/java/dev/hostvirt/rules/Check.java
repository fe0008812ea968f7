package dev.hostvirt.rules;

import dev.hostvirt.i18n.Text;
import java.util.List;

/**
 * Builds the findings of one check with the bundle keys named after its id: a check {@code kvm.device}
 * of area {@code linux} has its title at {@code linux.kvm.device.title}, its details at
 * {@code linux.kvm.device.<case>} and its fixes at {@code linux.kvm.device.fix.<case>}.
 */
public record Check(String area, String id, List<String> sources) {

    public static Check of(String area, String id, String... sources) {
        return new Check(area, id, List.of(sources));
    }

    public Text title() {
        return Text.of(prefix() + "title");
    }

    public Text detail(String variant, Object... args) {
        return Text.of(prefix() + variant, args);
    }

    public Text fix(String variant, Object... args) {
        return Text.of(prefix() + "fix." + variant, args);
    }

    public Finding pass(String variant, Object... args) {
        return Finding.pass(id, title(), detail(variant, args)).withSources(sources);
    }

    public Finding warn(String variant, Text fix, Object... args) {
        return Finding.warn(id, title(), detail(variant, args), fix).withSources(sources);
    }

    public Finding fail(String variant, Text fix, Object... args) {
        return Finding.fail(id, title(), detail(variant, args), fix).withSources(sources);
    }

    public Finding skip(String variant, Object... args) {
        return Finding.skip(id, title(), detail(variant, args)).withSources(sources);
    }

    private String prefix() {
        return area + "." + id + ".";
    }
}
