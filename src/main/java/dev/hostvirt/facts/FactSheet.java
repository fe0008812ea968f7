package dev.hostvirt.facts;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The public facts of one host, in a stable order. Their keys ({@code os.name}, {@code cpu.slat},
 * ...) are a documented interface for scripts: add keys freely, never rename one.
 */
public final class FactSheet {
    private final Map<String, Fact<?>> facts = new LinkedHashMap<>();

    public FactSheet put(String key, Fact<?> fact) {
        facts.put(key, fact);
        return this;
    }

    public Map<String, Fact<?>> asMap() {
        return Collections.unmodifiableMap(facts);
    }

    public Fact<?> get(String key) {
        return facts.get(key);
    }
}
