package dev.hostvirt.engine.layer;

import dev.hostvirt.HostvirtException;
import dev.hostvirt.i18n.Text;

/** A layer that tries to do something unsafe: the whole layer is refused and nothing of it is used. */
public final class LayerRefusedException extends HostvirtException {
    private static final long serialVersionUID = 1L;

    /** {@code why} completes "entry 'NAME' ..." (engine.error.layer.*), in the user's language. */
    public LayerRefusedException(String entry, Text why) {
        super(Text.of("engine.error.layer.refused", abbreviate(entry), why), 125);
    }

    private static String abbreviate(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 120 ? clean.substring(0, 120) + "..." : clean;
    }
}
