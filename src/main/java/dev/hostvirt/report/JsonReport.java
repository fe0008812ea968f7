package dev.hostvirt.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hostvirt.facts.Fact;
import dev.hostvirt.facts.FactSheet;
import dev.hostvirt.facts.SourceNote;
import dev.hostvirt.i18n.Messages;
import dev.hostvirt.rules.Finding;
import dev.hostvirt.rules.TargetResult;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report and the facts as JSON for scripts. Keys, ids, statuses and verdicts are English and
 * stable; titles, details, fixes and the notes on sources are in the report's language.
 */
public final class JsonReport {
    private final Messages messages;
    private final boolean verbose;
    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public JsonReport(Messages messages, boolean verbose) {
        this.messages = messages;
        this.verbose = verbose;
    }

    public String render(Report report) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode platform = root.putObject("platform");
        new TreeMap<>(report.platform()).forEach(platform::put);
        ArrayNode targets = root.putArray("targets");
        for (TargetResult t : report.targets()) {
            ObjectNode target = targets.addObject();
            target.put("target", t.target());
            target.put("verdict", t.verdict().id());
            ArrayNode findings = target.putArray("findings");
            for (Finding f : t.findings()) {
                ObjectNode n = findings.addObject();
                n.put("id", f.id());
                n.put("status", f.status().name());
                n.put("title", messages.render(f.title()));
                n.put("detail", f.detail() == null ? null : messages.render(f.detail()));
                n.put("fix", f.fix() == null ? null : messages.render(f.fix()));
                if (verbose) {
                    ArrayNode sources = n.putArray("sources");
                    f.sources().forEach(source -> sources.add(SourceNote.localize(source, messages)));
                }
            }
        }
        root.put("exitCode", report.exitCode());
        return write(root);
    }

    public String render(FactSheet facts) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, Fact<?>> e : facts.asMap().entrySet()) {
            ObjectNode n = root.putObject(e.getKey());
            n.set("value", mapper.valueToTree(e.getValue().shown()));
            n.put("source", SourceNote.localize(e.getValue().source(), messages));
        }
        return write(root);
    }

    private String write(ObjectNode root) {
        try {
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
