package dev.hostvirt.configure;

/** A file a step writes ({@code content} non-null) or removes ({@code content} null), as the plan shows it. */
public record FileChange(String path, String content) {
    public boolean removes() {
        return content == null;
    }
}
