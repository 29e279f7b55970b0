package attnlab.io;

/**
 * A file that is not a valid array file of the format it claims: truncated, a bad magic string, a header that does
 * not parse, a shape that overflows or does not match the bytes present, a pickle. The message starts with the file
 * (and the entry, inside an archive) and says what is wrong, e.g.
 * {@code "q.npy: truncated: the header promises 96 data bytes (shape (3, 4), <f8) but only 40 follow"}.
 *
 * <p>Unchecked, so REPL users need no try/catch; nothing was allocated for the array when it is thrown.
 */
public final class BadFileException extends IllegalArgumentException {
    private final String file;

    public BadFileException(String file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /** The file (and archive entry, as {@code w.npz[Wq.npy]}) the problem is in. */
    public String file() { return file; }
}
