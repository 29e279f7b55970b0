package attnlab.repl;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code /classpath add PATH} (alias {@code %jars PATH}): adds a jar, a directory of classes, or every jar of a
 * directory ({@code DIR/*}) to the running session, without a reset; {@code /classpath} lists what was added.
 * {@link MavenLibraries} adds the jars it resolves through here too.
 *
 * <p>Clashes are refused, by name, before anything is added: snippets load classes parent first, so a jar that
 * ships a class attnlab already has (another EJML version, say) would be silently shadowed by attnlab's copy, and
 * half of that library would run against the other version. The same holds for a class that an earlier
 * {@code /classpath add} or {@code /maven} brought. A jar that is exactly one of attnlab's own (same file name) is
 * skipped with a note: its classes are there already.
 */
final class ClasspathCommand {
    static final String USAGE = "/classpath add PATH (a jar, a directory of classes, or DIR/* for every jar in DIR);"
            + " /classpath alone lists what was added";

    private final Session session;
    private final PrintStream out;
    private final Map<String, Path> added = new HashMap<>(); // class file name -> the entry that brought it

    ClasspathCommand(Session session, PrintStream out) {
        this.session = session;
        this.out = out;
    }

    boolean run(String arg) throws IOException {
        if (arg.isEmpty()) {
            List<String> entries = session.addedClasspath();
            if (entries.isEmpty()) out.println("|  nothing added yet: " + USAGE + ", /maven GROUP:ARTIFACT:VERSION");
            entries.forEach(e -> out.println("|    " + e));
            return true;
        }
        String[] words = arg.split("\\s+", 2);
        if (!words[0].equals("add") || words.length < 2) {
            out.println("|  " + USAGE);
            return false;
        }
        Map<Path, String> entries = expand(words[1].strip());
        if (entries == null) return false;
        List<Path> done = add(entries);
        if (done == null) return false;
        for (Path p : done) out.println("|  added " + p);
        return true;
    }

    /** PATH, or the jars of DIR for {@code DIR/*}, each labelled by its file name; null (after a message) if none. */
    private Map<Path, String> expand(String path) throws IOException {
        Map<Path, String> entries = new LinkedHashMap<>();
        if (path.endsWith("/*") || path.equals("*")) {
            Path dir = Path.of(path.length() == 1 ? "." : path.substring(0, path.length() - 2)).toAbsolutePath().normalize();
            if (!Files.isDirectory(dir)) {
                out.println("|  /classpath add: no such directory: " + dir);
                return null;
            }
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.toString().endsWith(".jar") && Files.isRegularFile(p)).sorted()
                        .forEach(p -> entries.put(p, p.getFileName().toString()));
            }
            if (entries.isEmpty()) {
                out.println("|  /classpath add: no .jar files in " + dir);
                return null;
            }
            return entries;
        }
        Path p = Path.of(path).toAbsolutePath().normalize();
        if (!Files.exists(p)) {
            out.println("|  /classpath add: no such file or directory: " + p);
            return null;
        }
        entries.put(p, p.getFileName().toString());
        return entries;
    }

    /**
     * Adds {@code entries} (each with a label for messages, such as its Maven coordinates) after checking all of
     * them; returns the entries added (a jar that attnlab or an earlier addition already has is skipped with a
     * note), or null, after naming the clashes, when one of them clashes: then nothing is added.
     */
    List<Path> add(Map<Path, String> entries) throws IOException {
        ClassLoader app = ClasspathCommand.class.getClassLoader();
        List<Path> fresh = new ArrayList<>();
        List<String> clashes = new ArrayList<>(), known = new ArrayList<>();
        Map<String, Path> incoming = new HashMap<>();
        for (Map.Entry<Path, String> e : entries.entrySet()) {
            Path entry = e.getKey();
            if (session.addedClasspath().contains(entry.toString())) {
                known.add(e.getValue() + " (added before)");
                continue;
            }
            List<String> classes;
            try {
                classes = classes(entry);
            } catch (IOException x) {
                out.println("|  " + e.getValue() + " is neither a jar nor a directory of classes: " + entry + " ("
                        + x.getMessage() + ")");
                return null;
            }
            String ownedBy = null, example = null, sameJar = null;
            int count = 0;
            for (String c : classes) {
                URL mine = app.getResource(c);
                String owner = mine != null && !"jrt".equals(mine.getProtocol()) ? owner(mine)
                        : added.containsKey(c) ? added.get(c).toString() : incoming.containsKey(c)
                        ? incoming.get(c).toString() : null;
                if (owner == null) continue;
                if (owner.equals(entry.getFileName().toString())) {
                    sameJar = owner;
                    continue;
                }
                if (example == null) {
                    example = c;
                    ownedBy = owner;
                }
                count++;
            }
            if (example != null) {
                clashes.add(e.getValue() + " has " + example.replace('/', '.').replaceAll("\\.class$", "")
                        + (count > 1 ? " and " + (count - 1) + " more classes" : "") + " that attnlab's session already has"
                        + " (from " + ownedBy + ")");
                continue;
            }
            if (sameJar != null) {
                known.add(e.getValue() + " (attnlab's own)");
                continue;
            }
            for (String c : classes) incoming.put(c, entry);
            fresh.add(entry);
        }
        if (!clashes.isEmpty()) {
            for (String c : clashes) out.println("|  refused: " + c + ".");
            out.println("|  Nothing was added: the session's copy of a class always wins, so two versions of one"
                    + " library in a session break both. Use the version attnlab has, or a library without the clash.");
            return null;
        }
        if (!known.isEmpty()) out.println("|  there already: " + String.join(", ", known));
        for (Path p : fresh) {
            session.addToClasspath(p.toString());
            for (String c : classes(p)) added.put(c, p);
        }
        return fresh;
    }

    /** The class files of a jar or a directory, as resource names ({@code org/x/Y.class}). */
    private static List<String> classes(Path entry) throws IOException {
        if (Files.isDirectory(entry)) {
            try (Stream<Path> s = Files.walk(entry)) {
                return s.filter(p -> p.toString().endsWith(".class") && Files.isRegularFile(p))
                        .map(p -> entry.relativize(p).toString().replace(java.io.File.separatorChar, '/'))
                        .filter(ClasspathCommand::isClass).collect(Collectors.toList());
            }
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            return jar.stream().map(JarEntry::getName).filter(n -> n.endsWith(".class"))
                    .filter(ClasspathCommand::isClass).collect(Collectors.toList());
        }
    }

    private static boolean isClass(String name) {
        return !name.startsWith("META-INF/") && !name.endsWith("module-info.class");
    }

    /** The jar (file name) or directory a class resource of attnlab's class path comes from. */
    private static String owner(URL resource) {
        String s = resource.toString();
        int bang = s.indexOf("!/");
        if (bang >= 0) return s.substring(s.lastIndexOf('/', bang) + 1, bang);
        return "attnlab's own classes";
    }
}
