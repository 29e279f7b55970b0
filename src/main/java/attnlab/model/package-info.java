/**
 * Real transformers: Hugging Face GPT-2 and Llama checkpoints ({@link attnlab.model.Model}, loaded by
 * {@code ModelLoader} from {@code config.json} and safetensors), run in float64 with TransformerLens's hook names
 * ({@link attnlab.model.ActivationCache}, {@link attnlab.model.Hook}), head ablation and activation patching
 * ({@link attnlab.model.Ablation}, {@link attnlab.model.Patching}), head detectors ({@link attnlab.model.HeadDetector})
 * and the tokenizer ({@link attnlab.model.Tokenizer}). {@link attnlab.model.HookedModel} is the one API the toy models
 * of {@code attnlab.train} answer too. Built on {@code attnlab.attention} and its kernels; draws through
 * {@code attnlab.plot}; reads files through {@code attnlab.io}. docs/models.md.
 */
package attnlab.model;
