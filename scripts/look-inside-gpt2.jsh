// Look inside GPT-2: load a Hugging Face model directory, run a sentence, read the activation cache, switch a head
// off, patch an activation from another prompt, and find the previous-token and induction heads (docs/models.md).
// Weights are float64 in the heap: GPT-2 small needs about 1 GB (ATTNLAB_JAVA_OPTS=-Xmx2g ./attnlab).
// The model directory: put yours here, e.g. after
//   huggingface-cli download gpt2 config.json model.safetensors vocab.json merges.txt --local-dir ~/models/gpt2
// (or set ATTNLAB_MODEL_DIR). The tests run this notebook on a tiny random GPT-2, whose predictions are noise.
String modelDir = System.getenv().getOrDefault("ATTNLAB_MODEL_DIR", "~/models/gpt2");
void chart(attnlab.plot.Chart<?> c, String path) { // a notebook shows the chart inline, a script saves it
    if (attnlab.display.Inline.show(c)) return;
    c.save(path);
    System.out.println("  (chart written to " + path + ")");
}
var m = loadModel(modelDir)
System.out.println(m)
// The prompt of the indirect-object task (Wang et al. 2022): GPT-2 small completes it with " Mary".
var prompt = "When Mary and John went to the store, John gave a drink to"
System.out.println(String.join("|", m.strTokens(prompt)))
var r = m.run(prompt)
System.out.println(r.top(5))
// The cache holds every activation under TransformerLens's names, e.g. the patterns [heads, query, key]:
System.out.println(r.names().size() + " activations; blocks.0.attn.hook_pattern has shape " + java.util.Arrays.toString(r.get("blocks.0.attn.hook_pattern").shape()))
// The heads of one block on the prompt's tokens (block 5 of GPT-2 small holds induction heads 5.1 and 5.5).
int layer = Math.min(5, m.layers() - 1);
chart(headsGrid(r, layer), "charts/look_inside_heads.png")
// Switch one head off: its output rows (hook_z) zeroed. How much does the top prediction's logit move?
int best = r.top(1).ids()[0];
var cut = m.run(prompt, ablateHead(layer, 1))
System.out.println("logit of '" + m.tokenText(best) + "': " + num(r.logits().get(r.tokens().length - 1, best)) + " -> " + num(cut.logits().get(r.tokens().length - 1, best)) + " with head " + layer + ".1 off")
// Activation patching: the same sentence with the names swapped; patch block `layer`'s residual into it.
var other = m.run("When John and Mary went to the store, Mary gave a drink to")
System.out.println(patch(r, "blocks." + layer + ".hook_resid_pre", other))
// Head detectors on repeated random tokens (TransformerLens's head_detector score; 1 = a perfect head).
var previous = detectHeads(m, PREVIOUS_TOKEN)
System.out.println(previous)
var induction = detectHeads(m, INDUCTION)
System.out.println(induction)
chart(induction.heatmap(), "charts/look_inside_induction.png")
// In a notebook: the interactive view of every layer and head (hover a token). In a terminal display prints what it
// is; attentionView(r).layer(0).head(1).show() draws one head there as a heatmap.
display(attentionView(r))
