package attnlab.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * What a Hugging Face {@code config.json} says about a model, in one vocabulary for both architectures:
 * <pre>
 *                 gpt2                          llama
 *   layers        n_layer                       num_hidden_layers
 *   heads         n_head                        num_attention_heads
 *   kvHeads       = heads                       num_key_value_heads (grouped-query attention; default heads)
 *   dModel        n_embd                        hidden_size
 *   dHead         n_embd / n_head               head_dim (default hidden_size / heads)
 *   dMlp          n_inner (default 4 n_embd)    intermediate_size
 *   context       n_positions                   max_position_embeddings
 *   eps           layer_norm_epsilon (1e-5)     rms_norm_eps (1e-6)
 *   ropeTheta     (none: learned positions)     rope_theta (10000)
 *   tied          always                        tie_word_embeddings (default false)
 * </pre>
 * Options this toolkit does not implement ({@code rope_scaling}, biases in Llama, other activations) are refused by
 * name rather than silently ignored.
 */
public record ModelConfig(String arch, int layers, int heads, int kvHeads, int dModel, int dHead, int dMlp, int vocab,
                          int context, double eps, double ropeTheta, boolean tied, int bos) {

    /** The {@code model_type} values {@link #read} accepts. */
    public static final List<String> SUPPORTED = List.of("gpt2", "llama");

    /** Reads and checks {@code dir/config.json}. */
    public static ModelConfig read(Path dir) {
        Path file = dir.resolve("config.json");
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            if (!e.isJsonObject()) throw new IllegalArgumentException(file + ": must be a JSON object");
            o = e.getAsJsonObject();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(dir + " is not a Hugging Face model directory: it has no config.json"
                    + " (a model directory holds config.json, model.safetensors or its shards, and the tokenizer)");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read (" + e + ")", e);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(file + ": not valid JSON (" + e.getMessage() + ")");
        }
        String type = o.has("model_type") && o.get("model_type").isJsonPrimitive() ? o.get("model_type").getAsString()
                : null;
        if (type == null)
            throw new IllegalArgumentException(file + ": has no model_type; supported: " + String.join(", ", SUPPORTED));
        Fields f = new Fields(file, o);
        switch (type) {
            case "gpt2": {
                String act = f.string("activation_function", "gelu_new");
                if (!act.equals("gelu_new"))
                    throw new IllegalArgumentException(file + ": activation_function must be gelu_new (GPT-2's tanh"
                            + " gelu) but is " + act);
                int d = f.positive("n_embd", null), h = f.positive("n_head", null);
                if (d % h != 0)
                    throw new IllegalArgumentException(file + ": n_embd=" + d + " is not a multiple of n_head=" + h);
                return new ModelConfig("gpt2", f.positive("n_layer", null), h, h, d, d / h,
                        f.positive("n_inner", 4 * d), f.positive("vocab_size", null), f.positive("n_positions", null),
                        f.number("layer_norm_epsilon", 1e-5), Double.NaN, true, f.integer("bos_token_id", -1));
            }
            case "llama": {
                if (o.has("rope_scaling") && !o.get("rope_scaling").isJsonNull()) {
                    JsonElement rs = o.get("rope_scaling");
                    String kind = rs.isJsonObject() && rs.getAsJsonObject().has("rope_type")
                            ? rs.getAsJsonObject().get("rope_type").getAsString()
                            : rs.isJsonObject() && rs.getAsJsonObject().has("type")
                            ? rs.getAsJsonObject().get("type").getAsString() : rs.toString();
                    throw new IllegalArgumentException(file + ": rope_scaling '" + kind + "' is not supported (only"
                            + " plain rotary positions, rope_scaling null)");
                }
                String act = f.string("hidden_act", "silu");
                if (!act.equals("silu"))
                    throw new IllegalArgumentException(file + ": hidden_act must be silu (SwiGLU) but is " + act);
                for (String flag : new String[] {"attention_bias", "mlp_bias"})
                    if (o.has(flag) && o.get(flag).isJsonPrimitive() && o.get(flag).getAsBoolean())
                        throw new IllegalArgumentException(file + ": " + flag + "=true is not supported (Llama"
                                + " layers without biases only)");
                int d = f.positive("hidden_size", null), h = f.positive("num_attention_heads", null);
                int kv = f.positive("num_key_value_heads", h);
                if (h % kv != 0)
                    throw new IllegalArgumentException(file + ": num_attention_heads=" + h + " is not a multiple of"
                            + " num_key_value_heads=" + kv);
                int dh = f.positive("head_dim", d % h == 0 ? d / h : null);
                if (dh % 2 != 0)
                    throw new IllegalArgumentException(file + ": head_dim=" + dh + " must be even (rotary pairs)");
                return new ModelConfig("llama", f.positive("num_hidden_layers", null), h, kv, d, dh,
                        f.positive("intermediate_size", null), f.positive("vocab_size", null),
                        f.positive("max_position_embeddings", null), f.number("rms_norm_eps", 1e-6),
                        f.number("rope_theta", 10000.0), f.bool("tie_word_embeddings", false),
                        f.integer("bos_token_id", -1));
            }
            default:
                throw new IllegalArgumentException(file + ": model_type '" + type + "' is not supported; supported: "
                        + String.join(", ", SUPPORTED));
        }
    }

    /** Parameters the weights hold (what the checkpoint must provide). */
    public long parameters() {
        long D = dModel, qkv = (long) (heads + 2 * kvHeads) * dHead, o = (long) heads * dHead * D;
        long perBlock;
        if (arch.equals("gpt2"))
            perBlock = 4 * D + D * qkv + qkv + o + D + 2 * D * dMlp + dMlp + D;
        else
            perBlock = 2 * D + D * qkv + o + 3 * D * dMlp;
        long embed = (long) vocab * D * (tied ? 1 : 2) + (arch.equals("gpt2") ? (long) context * D : 0);
        return layers * perBlock + embed + (arch.equals("gpt2") ? 2 * D : D);
    }

    /** Typed reads of config fields, with errors that name the file and the key. */
    private record Fields(Path file, JsonObject o) {
        Integer positive(String key, Integer dflt) {
            if (!o.has(key) || o.get(key).isJsonNull()) {
                if (dflt == null) throw new IllegalArgumentException(file + ": key " + key + " is missing");
                return dflt;
            }
            int v = integer(key, 0);
            if (v <= 0) throw new IllegalArgumentException(file + ": " + key + " must be positive but is " + v);
            return v;
        }

        int integer(String key, int dflt) {
            if (!o.has(key) || o.get(key).isJsonNull()) return dflt;
            try {
                JsonElement e = o.get(key);
                if (e.isJsonArray()) e = e.getAsJsonArray().get(0); // eos/bos lists: the first
                double v = e.getAsDouble();
                if (v != Math.rint(v)) throw new NumberFormatException();
                return (int) v;
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(file + ": " + key + " must be an integer but is " + o.get(key));
            }
        }

        double number(String key, double dflt) {
            if (!o.has(key) || o.get(key).isJsonNull()) return dflt;
            try {
                double v = o.get(key).getAsDouble();
                if (!(v > 0) || Double.isInfinite(v)) throw new NumberFormatException();
                return v;
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(file + ": " + key + " must be a positive number but is "
                        + o.get(key));
            }
        }

        boolean bool(String key, boolean dflt) {
            if (!o.has(key) || o.get(key).isJsonNull()) return dflt;
            return o.get(key).getAsBoolean();
        }

        String string(String key, String dflt) {
            if (!o.has(key) || o.get(key).isJsonNull()) return dflt;
            return o.get(key).getAsString();
        }
    }
}
