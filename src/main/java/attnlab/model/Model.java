package attnlab.model;

import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * A real transformer checkpoint (GPT-2 or Llama family) loaded from a Hugging Face directory, its weights float64 in
 * the heap: {@code var m = Model.load("~/models/gpt2")}. Runs give logits and a TransformerLens-named
 * {@link ActivationCache}; hooks edit activations on the way ({@link Forward} lists the hook points). Text goes
 * through the directory's tokenizer ({@link Tokenizer#load}), read on first use: a model without one still runs on
 * token ids.
 */
public final class Model implements HookedModel {
    private final ModelConfig config;
    private final Path dir;
    private final Tensor embed;          // [V, D], or null when tied to the unembedding
    private final Tensor positions;      // [C, D] learned positions (GPT-2), or null (rotary)
    private final BlockWeights[] blocks;
    private final Norm finalNorm;
    private final Unembedding unembedding;
    private Tokenizer tokenizer;
    private RuntimeException tokenizerError;
    private long loadNanos, heapBytes;

    Model(ModelConfig config, Path dir, Tensor embed, Tensor positions, BlockWeights[] blocks, Norm finalNorm,
          Unembedding unembedding) {
        this.config = config;
        this.dir = dir;
        this.embed = embed;
        this.positions = positions;
        this.blocks = blocks;
        this.finalNorm = finalNorm;
        this.unembedding = unembedding;
    }

    /**
     * Loads the model in {@code dir} ({@code ~} is the home directory): {@code config.json}, {@code model.safetensors}
     * or shards with {@code model.safetensors.index.json}. Fails before reading any weight when the heap is too small,
     * saying how much is needed and the flag that raises it.
     */
    public static Model load(String dir) {
        Checks.notNull(dir, "dir");
        String d = dir.equals("~") ? System.getProperty("user.home")
                : dir.startsWith("~/") ? System.getProperty("user.home") + dir.substring(1) : dir;
        return ModelLoader.load(Path.of(d).toAbsolutePath().normalize());
    }

    public static Model load(Path dir) {
        Checks.notNull(dir, "dir");
        return load(dir.toString());
    }

    /** Called by the loader: how long the load took; the heap the weights hold (8 bytes a parameter). */
    void loaded(long nanos) {
        loadNanos = nanos;
        heapBytes = 8 * parameters();
    }

    // ------------------------------------------------------------------------------------------------ shape

    public ModelConfig config() { return config; }

    public Path dir() { return dir; }

    @Override public int layers() { return config.layers(); }

    @Override public int heads() { return config.heads(); }

    /** Key/value heads (grouped-query attention: fewer than {@link #heads}). */
    public int kvHeads() { return config.kvHeads(); }

    public int dModel() { return config.dModel(); }

    public int dHead() { return config.dHead(); }

    @Override public int vocab() { return config.vocab(); }

    @Override public int context() { return config.context(); }

    /** The beginning-of-sequence token id from {@code config.json}, or −1. */
    public int bos() {
        return config.bos() >= 0 && config.bos() < config.vocab() ? config.bos() : -1;
    }

    /** Parameters held (the tied embedding counted once). */
    public long parameters() {
        long n = unembedding.parameters() + (embed == null ? 0 : embed.size())
                + (positions == null ? 0 : positions.size()) + finalNorm.w().length
                + (finalNorm.b() == null ? 0 : finalNorm.b().length);
        for (BlockWeights b : blocks) {
            n += b.ln1().w().length * (b.ln1().rms() ? 1L : 2L) + b.ln2().w().length * (b.ln2().rms() ? 1L : 2L);
            n += b.wQKV().size() + b.wO().size() + b.wIn().size() + b.wOut().size()
                    + (b.wUp() == null ? 0 : b.wUp().size());
            n += len(b.bQKV()) + len(b.bO()) + len(b.bIn()) + len(b.bOut());
        }
        return n;
    }

    private static long len(double[] a) {
        return a == null ? 0 : a.length;
    }

    /** Every hook point of a run, in the order of the pass. */
    public List<String> hookNames() {
        List<String> n = new ArrayList<>();
        n.add("hook_embed");
        if (positions != null) n.add("hook_pos_embed");
        boolean llama = config.arch().equals("llama");
        for (int l = 0; l < layers(); l++) {
            String p = "blocks." + l + ".";
            n.addAll(List.of(p + "hook_resid_pre", p + "ln1.hook_normalized", p + "attn.hook_q", p + "attn.hook_k",
                    p + "attn.hook_v"));
            if (llama) n.addAll(List.of(p + "attn.hook_rot_q", p + "attn.hook_rot_k"));
            n.addAll(List.of(p + "attn.hook_attn_scores", p + "attn.hook_pattern", p + "attn.hook_z",
                    p + "hook_attn_out", p + "hook_resid_mid", p + "ln2.hook_normalized", p + "mlp.hook_pre"));
            if (llama) n.add(p + "mlp.hook_pre_linear");
            n.addAll(List.of(p + "mlp.hook_post", p + "hook_mlp_out", p + "hook_resid_post"));
        }
        n.add("ln_final.hook_normalized");
        return Collections.unmodifiableList(n);
    }

    // ------------------------------------------------------------------------------------------------ runs

    @Override
    public ModelRun run(int[] tokens, Predicate<String> names, Hook... hooks) {
        Checks.notNull(tokens, "tokens");
        Checks.notNull(names, "names");
        Checks.notNull(hooks, "hooks");
        if (tokens.length == 0)
            throw new IllegalArgumentException("the prompt is empty: give at least one token");
        if (tokens.length > context())
            throw new IllegalArgumentException("the prompt has " + tokens.length + " tokens but the model's context is "
                    + context() + " (config.json); shorten it");
        for (int i = 0; i < tokens.length; i++)
            if (tokens[i] < 0 || tokens[i] >= vocab())
                throw new IllegalArgumentException("tokens[" + i + "] must be a token id in 0.." + (vocab() - 1)
                        + " but was " + tokens[i]);
        List<String> known = hookNames();
        for (Hook h : hooks) {
            Checks.notNull(h, "hook");
            if (!known.contains(h.name())) throw new IllegalArgumentException(unknownHook(h.name(), known));
        }
        return new Forward(this, tokens.clone(), names, hooks).run();
    }

    private static String unknownHook(String name, List<String> known) {
        String tail = name.substring(name.lastIndexOf('.') + 1);
        List<String> near = new ArrayList<>();
        for (String k : known) if (k.endsWith("." + tail) || k.equals(tail)) near.add(k);
        return "no hook point '" + name + "' in this model" + (near.isEmpty()
                ? "; hookNames() lists them, e.g. blocks.0.attn.hook_z"
                : "; close: " + String.join(", ", near.subList(0, Math.min(4, near.size())))
                + (near.size() > 4 ? ", ..." : ""));
    }

    /** A run on {@code text}, tokenized by the model's tokenizer, keeping every activation. */
    public ModelRun run(String text, Hook... hooks) {
        return run(tokens(text), ActivationCache.ALL, hooks);
    }

    /** A run on {@code text} keeping the activations {@code names} accepts. */
    public ModelRun run(String text, Predicate<String> names, Hook... hooks) {
        return run(tokens(text), names, hooks);
    }

    // ------------------------------------------------------------------------------------------------ text

    /** The directory's tokenizer, read on first use; fails naming the directory when it has none. */
    public synchronized Tokenizer tokenizer() {
        if (tokenizer != null) return tokenizer;
        if (tokenizerError != null) throw tokenizerError;
        try {
            tokenizer = Tokenizer.load(dir);
            return tokenizer;
        } catch (RuntimeException e) {
            tokenizerError = e;
            throw e;
        }
    }

    /** The token ids of {@code text}, as the Hugging Face tokenizer gives them. */
    public int[] tokens(String text) {
        Checks.notNull(text, "text");
        if (text.isEmpty()) throw new IllegalArgumentException("the prompt is empty: give some text");
        return tokenizer().encode(text);
    }

    /** Each token of {@code text} as a string (TransformerLens's {@code to_str_tokens}). */
    public String[] strTokens(String text) {
        Checks.notNull(text, "text");
        return tokenizer().strTokens(text);
    }

    public String decode(int[] ids) {
        Checks.notNull(ids, "ids");
        return tokenizer().decode(ids);
    }

    /** The token's text when the directory has a tokenizer, its id otherwise (labels of pictures and tables). */
    @Override
    public String tokenText(int id) {
        try {
            return tokenizer().tokenText(id);
        } catch (RuntimeException e) {
            return Integer.toString(id);
        }
    }

    // ------------------------------------------------------------------------------------------------ generation

    /** {@code text} continued by {@code n} tokens, each the most likely one (greedy). */
    public String generate(String text, int n) {
        return generate(text, n, Sampler.GREEDY);
    }

    /** {@code text} continued by {@code n} tokens drawn by {@code sampler}; returns the whole text. */
    public String generate(String text, int n, Sampler sampler) {
        int[] ids = generate(tokens(text), n, sampler);
        return decode(ids);
    }

    /** {@code ids} followed by {@code n} generated ids (no tokenizer needed). */
    public int[] generate(int[] ids, int n, Sampler sampler) {
        Checks.notNull(ids, "ids");
        Checks.nonNegative(n, "n");
        Checks.notNull(sampler, "sampler");
        if (ids.length + n > context())
            throw new IllegalArgumentException("the prompt has " + ids.length + " tokens and " + n + " more would make "
                    + (ids.length + n) + ", beyond the model's context of " + context());
        int[] out = java.util.Arrays.copyOf(ids, ids.length + n);
        Sampler.Draw draw = sampler.start();
        for (int t = ids.length; t < out.length; t++) {
            ModelRun r = run(java.util.Arrays.copyOf(out, t), ActivationCache.NONE);
            double[] z = r.logits().matrix().data;
            out[t] = draw.next(z, (t - 1) * vocab(), vocab());
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------ for Forward

    void embedRow(int id, double[] out, int off) {
        if (embed == null) unembedding.embed(id, out, off);
        else System.arraycopy(embed.matrix().data, id * dModel(), out, off, dModel());
    }

    Tensor positions() { return positions; }

    BlockWeights[] blocks() { return blocks; }

    Norm finalNorm() { return finalNorm; }

    Unembedding unembedding() { return unembedding; }

    /** Seconds the last load took. */
    public double loadSeconds() {
        return loadNanos / 1e9;
    }

    /** One line: architecture, layers, heads, d_model, vocab, context, parameters, heap the weights use. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: %d layers, %d heads%s, d_model %d, vocab %d, context %d, %,d parameters,"
                        + " %s of heap (%s)", config.arch(), layers(), heads(),
                kvHeads() != heads() ? " (" + kvHeads() + " KV heads)" : "", dModel(), vocab(), context(),
                parameters(), Memory.bytes(heapBytes), dir.getFileName());
    }
}
