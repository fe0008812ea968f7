package dev.hostvirt.rules;

import dev.hostvirt.facts.FactSheet;
import java.util.List;
import java.util.Map;

/**
 * One platform's checks over one host's facts. Implementations read facts only (never the host),
 * gather each fact lazily, and so evaluate only what the requested targets need.
 */
public interface RuleSet {

    /** Every target of this platform, in report order. */
    List<String> targets();

    /** The findings of one target; the target is one of {@link #targets()}. */
    List<Finding> evaluate(String target);

    /** A short description of the host for the report header (os, arch, version, ...). */
    Map<String, String> summary();

    /** The public facts, with their sources. */
    FactSheet facts();
}
