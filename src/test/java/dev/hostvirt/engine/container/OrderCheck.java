package dev.hostvirt.engine.container;

import java.util.List;
import java.util.stream.IntStream;

/** Counts how far a log of "outN"/"errN" pairs is from written order. */
public final class OrderCheck {
    private OrderCheck() {
    }

    /**
     * The pairs N whose "errN" is not right after "outN"; each stream's own lines must all be there, in
     * order (an AssertionError otherwise: within a stream the order is the pipe's, always kept).
     */
    public static long swappedPairs(List<String> lines, String out, String err) {
        List<String> outs = lines.stream().filter(l -> l.startsWith(out)).toList();
        List<String> errs = lines.stream().filter(l -> l.startsWith(err)).toList();
        if (!outs.equals(IntStream.range(0, outs.size()).mapToObj(i -> out + i).toList())
                || !errs.equals(IntStream.range(0, errs.size()).mapToObj(i -> err + i).toList()) || outs.size() != errs.size()) {
            throw new AssertionError("each stream in its own order, all of it: " + lines);
        }
        return IntStream.range(0, outs.size()).filter(i -> {
            int o = lines.indexOf(out + i);
            return o + 1 >= lines.size() || !lines.get(o + 1).equals(err + i);
        }).count();
    }
}
