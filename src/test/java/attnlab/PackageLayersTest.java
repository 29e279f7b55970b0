package attnlab;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every arrow between packages points down. Reads the main sources (comments and string literals removed, so a
 * javadoc example or a system property name is no arrow) and collects each file's references to other attnlab
 * places: imports and qualified names. A place is a top-level package under {@code attnlab} ({@code repl},
 * {@code attention} with its sub-packages, ...) or one of the two top classes, {@code Main} and {@code Lab}.
 *
 * <p>The layers, top down: {@code Main} (the entry point); the front-ends {@code jupyter} over {@code repl}; the
 * facade {@code Lab} (reached by REPL and notebook users through {@code startup.jsh}, a text, not a compile-time
 * arrow); {@code notebook} (script → notebook, files only; the REPL's comment echo uses its {@code ScriptBlocks});
 * the toolkit and the {@code display} seam at the bottom.
 */
class PackageLayersTest {
    private static final Path MAIN = Path.of("src/main/java/attnlab");
    private static final Pattern REFERENCE = Pattern.compile("\\battnlab\\.(\\w+)");
    private static final Set<String> TOOLKIT =
            Set.of("tensor", "attention", "grad", "plot", "exercises", "io", "train", "model", "display");
    private static final Set<String> FRONT_ENDS = Set.of("repl", "jupyter", "notebook", "Main", "Lab");

    @Test
    void replReachesNeitherTheKernelNorTheEntryPointNorTheFacade() throws IOException {
        assertNone("repl", Set.of("jupyter", "Main", "Lab"));
    }

    /** The facade is below the front ends: what it shares with them (e.g. ValueFormat) lives in the toolkit. */
    @Test
    void theFacadeReachesNeitherTheFrontEndsNorTheEntryPoint() throws IOException {
        assertNone("Lab", Set.of("repl", "jupyter", "Main"));
    }

    @Test
    void notebookIsBelowTheFrontEnds() throws IOException {
        assertNone("notebook", Set.of("repl", "jupyter", "Main", "Lab"));
    }

    @Test
    void jupyterDoesNotReachTheEntryPoint() throws IOException {
        assertNone("jupyter", Set.of("Main"));
    }

    @Test
    void realModelsAreBelowTraining() throws IOException { // train's toy models answer model's HookedModel API
        assertNone("model", Set.of("train"));
    }

    @Test
    void theToolkitReachesNoFrontEndNorTheFacade() throws IOException {
        for (String p : TOOLKIT) assertNone(p, FRONT_ENDS);
    }

    /**
     * attention and each of its sub-packages ({@code attention/relative}, {@code attention/kernel}, any later one) sit
     * below the gradient checker, training and the real models: those use attention, never the other way round.
     */
    @Test
    void attentionAndItsSubPackagesAreBelowGradTrainAndModel() throws IOException {
        Set<String> forbidden = new TreeSet<>(FRONT_ENDS);
        forbidden.addAll(Set.of("grad", "train", "model"));
        List<String> places = new ArrayList<>(List.of("attention"));
        try (Stream<Path> s = Files.list(MAIN.resolve("attention"))) {
            s.filter(Files::isDirectory).sorted().forEach(d -> places.add("attention/" + d.getFileName()));
        }
        assertTrue(places.containsAll(List.of("attention/relative", "attention/kernel")), places.toString());
        for (String p : places) assertNone(p, forbidden);
    }

    @Test
    void ioReachesOnlyTheTensors() throws IOException {
        // The GPT-2 forward and the attention-layer loaders live in attnlab.model, the 5.9 export in attnlab.train.
        Set<String> allowed = Set.of("tensor");
        Set<String> outside = new TreeSet<>(references("io").keySet());
        outside.removeAll(allowed);
        assertEquals(Set.of(), outside, "io (files only) reaches " + outside + ": " + references("io"));
    }

    /** The reader sees through comments and strings: a test that the check itself can fail. */
    @Test
    void theReaderFindsImportsAndQualifiedNamesButNotCommentsOrStrings() {
        String source = "package attnlab.repl;\nimport attnlab.jupyter.Kernel;\n/** see attnlab.Main */\n"
                + "class X { String s = \"attnlab.Lab\"; char c = '\"'; Object o = attnlab.Lab.seed(0); // attnlab.io\n"
                + "String t = \"\"\"\n attnlab.grad \"\"\"; }\n";
        assertEquals(Set.of("jupyter", "Lab"), places(source));
    }

    private static void assertNone(String from, Set<String> forbidden) throws IOException {
        Map<String, List<String>> refs = references(from);
        List<String> bad = refs.entrySet().stream().filter(e -> forbidden.contains(e.getKey()))
                .map(e -> from + " -> " + e.getKey() + " in " + e.getValue()).collect(Collectors.toList());
        assertTrue(bad.isEmpty(), "arrows that point up: " + bad);
    }

    /** The places that the files of {@code place} reach, each with the files that reach it. */
    private static Map<String, List<String>> references(String place) throws IOException {
        Path dir = MAIN.resolve(place);
        List<Path> files;
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                files = s.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
            }
        } else {
            files = List.of(MAIN.resolve(place + ".java"));
        }
        assertTrue(!files.isEmpty() && Files.exists(files.get(0)), "no sources for " + place);
        Map<String, List<String>> refs = new java.util.TreeMap<>();
        for (Path f : files)
            for (String target : places(Files.readString(f, StandardCharsets.UTF_8)))
                if (!target.equals(place)) refs.computeIfAbsent(target, k -> new ArrayList<>()).add(f.getFileName().toString());
        return refs;
    }

    /** The attnlab places a source file names in code, its own package declaration aside. */
    static Set<String> places(String source) {
        String code = codeOnly(source).replaceFirst("\\bpackage\\s+[\\w.]+\\s*;", "");
        Set<String> found = new TreeSet<>();
        Matcher m = REFERENCE.matcher(code);
        while (m.find()) found.add(m.group(1));
        return found;
    }

    /** {@code source} with comments, string and char literals (text blocks too) blanked out. */
    static String codeOnly(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        int i = 0, n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (s.startsWith("//", i)) {
                while (i < n && s.charAt(i) != '\n') i++;
            } else if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                sb.append(' ');
            } else if (s.startsWith("\"\"\"", i)) {
                int end = s.indexOf("\"\"\"", i + 3);
                while (end > 0 && s.charAt(end - 1) == '\\') end = s.indexOf("\"\"\"", end + 1);
                i = end < 0 ? n : end + 3;
                sb.append("\"\"");
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && s.charAt(j) != c) j += s.charAt(j) == '\\' ? 2 : 1;
                i = j + 1;
                sb.append(c).append(c);
            } else {
                sb.append(c);
                i++;
            }
        }
        return sb.toString();
    }
}
