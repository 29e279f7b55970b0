package attnlab.repl;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What Tab shows right after {@code causalMask(}: the signatures of the call being typed, with parameter names, as
 * jshell shows them ({@code SourceCodeAnalysis.documentation}), instead of every expression that could come next.
 */
final class Signatures {
    private Signatures() {}

    /** The signatures of the call open at the end of {@code upto}, facade names unqualified; empty if none. */
    static List<String> of(Session session, String upto) {
        return session.documentation(upto, upto.length()).stream()
                .map(s -> s.replace("attnlab.Lab.", "")) // the facade is imported statically: its methods are bare
                .distinct().collect(Collectors.toList());
    }

    /** The block printed above the prompt. */
    static String text(List<String> signatures) {
        return "Signatures:\n" + String.join("\n", signatures)
                + "\n\n<press Tab again to see all possible completions; Shift-Tab shows help>";
    }
}
