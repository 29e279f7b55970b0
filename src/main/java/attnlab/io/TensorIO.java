package attnlab.io;

import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;

import java.nio.file.Path;
import java.util.Map;

/**
 * The file functions of the REPL facade, by path string: each checks the extension (so {@code load("w.npz")} says to
 * use {@code loadz} instead of failing on the zip's magic) and delegates to {@link Npy}, {@link Npz} or
 * {@link Safetensors}.
 */
public final class TensorIO {
    private TensorIO() {}

    /** {@code np.save}: {@code <f8} or {@code <f4}, C order. */
    public static void save(Tensor t, String path, String dtype) {
        Npy.write(Path.of(extension(path, ".npy", "save")), t, Dtype.parse(dtype), null);
    }

    /** {@code np.load} of a {@code .npy}. */
    public static Tensor load(String path) {
        return Npy.read(Path.of(extension(path, ".npy", "load")));
    }

    /** {@code np.savez} (stored) or {@code np.savez_compressed} (deflated). */
    public static void savez(String path, Map<String, Tensor> arrays, boolean compressed) {
        Npz.write(Path.of(extension(path, ".npz", compressed ? "savezCompressed" : "savez")), arrays, compressed);
    }

    /** {@code np.load} of an {@code .npz}: name → Tensor in archive order. */
    public static TensorFile loadz(String path) {
        return Npz.read(Path.of(extension(path, ".npz", "loadz")));
    }

    /** Every tensor, or only those whose names start with one of {@code prefixes} (none given: all). */
    public static TensorFile loadSafetensors(String path, String... prefixes) {
        Checks.notNull(prefixes, "prefixes");
        Path p = Path.of(extension(path, ".safetensors", "loadSafetensors"));
        if (prefixes.length == 0) return Safetensors.read(p);
        return Safetensors.read(p, name -> {
            for (String prefix : prefixes) if (name.startsWith(prefix)) return true;
            return false;
        });
    }

    /** F64 tensors and optional {@code __metadata__}. */
    public static void saveSafetensors(String path, Map<String, Tensor> tensors, Map<String, String> metadata) {
        Safetensors.write(Path.of(extension(path, ".safetensors", "saveSafetensors")), tensors, metadata, Dtype.F8);
    }

    private static String extension(String path, String ext, String fn) {
        Checks.notNull(path, "path");
        if (path.endsWith(ext)) return path;
        String hint = path.endsWith(".npy") ? "load / save" : path.endsWith(".npz") ? "loadz / savez"
                : path.endsWith(".safetensors") ? "loadSafetensors / saveSafetensors" : null;
        throw new IllegalArgumentException(fn + ": path must end in " + ext + " but was \"" + path + "\""
                + (hint != null ? " (for that file use " + hint + ")" : ""));
    }
}
