package attnlab.model;

import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The activations of one forward pass, by TransformerLens hook name, in the order the pass produced them
 * ({@code hook_embed}, {@code hook_pos_embed}, {@code blocks.0.hook_resid_pre}, ...). A names filter decides what is
 * kept, so a long input keeps memory bounded: {@link #keeps} is asked before a tensor is stored.
 */
public final class ActivationCache {
    private final Map<String, Tensor> acts = new LinkedHashMap<>();
    private final Predicate<String> filter;

    /** A cache that keeps the names {@code filter} accepts ({@link #ALL}: every name; {@link #NONE}: nothing). */
    public ActivationCache(Predicate<String> filter) {
        this.filter = Checks.notNull(filter, "filter");
    }

    public static final Predicate<String> ALL = n -> true;
    public static final Predicate<String> NONE = n -> false;

    /** Whether {@code name} would be stored: a forward pass may skip building an activation nobody keeps or hooks. */
    public boolean keeps(String name) {
        return filter.test(name);
    }

    /** Stores {@code act} under {@code name} if the filter keeps it; returns {@code act}. */
    public Tensor put(String name, Tensor act) {
        if (filter.test(name)) acts.put(name, act);
        return act;
    }

    /** The names held, in the order of the forward pass. */
    public List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(acts.keySet()));
    }

    public boolean has(String name) {
        return acts.containsKey(name);
    }

    /** The activation called {@code name}; an unknown name fails with the names that are close to it. */
    public Tensor get(String name) {
        Checks.notNull(name, "name");
        Tensor t = acts.get(name);
        if (t != null) return t;
        if (acts.isEmpty())
            throw new IllegalArgumentException("no activation '" + name + "': the cache is empty (its names filter"
                    + " kept nothing)");
        List<String> near = new ArrayList<>();
        String tail = name.substring(name.lastIndexOf('.') + 1);
        for (String n : acts.keySet()) if (n.endsWith(tail) || n.startsWith(name)) near.add(n);
        throw new IllegalArgumentException("no activation '" + name + "' in the cache"
                + (near.isEmpty() ? "; it holds " + acts.size() + " names, e.g. " + acts.keySet().iterator().next()
                : "; close: " + String.join(", ", near.subList(0, Math.min(6, near.size()))))
                + " (names() lists them all)");
    }

    /** The attention pattern of block {@code layer}: {@code blocks.L.attn.hook_pattern}, {@code [H, L, L]}. */
    public Tensor pattern(int layer) {
        return get("blocks." + layer + ".attn.hook_pattern");
    }

    public int size() {
        return acts.size();
    }

    @Override
    public String toString() {
        return "ActivationCache (" + acts.size() + " activations)";
    }
}
