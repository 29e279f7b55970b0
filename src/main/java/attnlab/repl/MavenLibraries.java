package attnlab.repl;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code /maven GROUP:ARTIFACT:VERSION} (alias {@code %maven}): resolves a library and its runtime dependencies with
 * Maven Resolver (through {@link ResolverLoader}, loaded on first use) from Maven Central into the local repository
 * ({@code ~/.m2/repository}, shared with {@code mvn}; offline once cached), then adds the jars to the running
 * session through {@link ClasspathCommand}, which refuses a clash with attnlab's own classes.
 *
 * <p>{@code ~/.m2/settings.xml} is honoured for {@code localRepository} and for a {@code mirror} of central
 * ({@code mirrorOf} {@code central}, {@code *} or {@code external:*}); nothing else of it (no proxies, no
 * credentials, no profiles).
 */
final class MavenLibraries {
    static final String CENTRAL = "https://repo.maven.apache.org/maven2/";
    static final String USAGE = "/maven GROUP:ARTIFACT:VERSION, e.g. /maven org.apache.commons:commons-lang3:3.17.0";

    /** Where artifacts are cached, and the remote repositories as {@code "ID URL"}, searched in order. */
    record Config(Path localRepository, List<String> remotes) {
        /** {@code ~/.m2/repository} and Maven Central, as {@code ~/.m2/settings.xml} changes them. */
        static Config defaults() {
            return from(Path.of(System.getProperty("user.home"), ".m2"));
        }

        /** {@code m2/repository} and Maven Central, as {@code m2/settings.xml} changes them. */
        static Config from(Path m2) {
            Path local = m2.resolve("repository");
            String central = "central " + CENTRAL;
            Path settings = m2.resolve("settings.xml");
            if (Files.isRegularFile(settings)) {
                try {
                    Document d = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                            .parse(settings.toFile());
                    String repo = text(d.getDocumentElement(), "localRepository");
                    if (!repo.isEmpty())
                        local = Path.of(repo.replace("${user.home}", System.getProperty("user.home")));
                    NodeList mirrors = d.getElementsByTagName("mirror");
                    for (int i = 0; i < mirrors.getLength(); i++) {
                        Element m = (Element) mirrors.item(i);
                        List<String> of = List.of(text(m, "mirrorOf").replace(" ", "").split(","));
                        if (!of.contains("!central") && (of.contains("central") || of.contains("*")
                                || of.contains("external:*")) && !text(m, "url").isEmpty()) {
                            central = (text(m, "id").isEmpty() ? "mirror" : text(m, "id")) + " " + text(m, "url");
                            break;
                        }
                    }
                } catch (Exception e) { // a broken settings.xml: Maven would refuse it; here, the defaults
                    System.err.println("attnlab: ignoring " + settings + ": " + e.getMessage());
                }
            }
            return new Config(local, List.of(central));
        }

        private static String text(Element parent, String tag) {
            NodeList n = parent.getElementsByTagName(tag);
            return n.getLength() == 0 ? "" : n.item(0).getTextContent().strip();
        }
    }

    private final java.util.function.Supplier<Config> config; // read on first use: start-up never parses settings.xml
    private final Path home;
    private final ClasspathCommand classpath;
    private final PrintStream out;

    MavenLibraries(java.util.function.Supplier<Config> config, Path home, ClasspathCommand classpath, PrintStream out) {
        this.config = config;
        this.home = home;
        this.classpath = classpath;
        this.out = out;
    }

    /** Runs {@code /maven ARG}; false (after a message) when nothing was added. */
    boolean run(String arg) throws IOException {
        String coordinates = arg.strip();
        if (coordinates.isEmpty() || coordinates.contains(" ")) {
            out.println("|  " + USAGE);
            return false;
        }
        Map<String, Path> jars;
        try {
            Config c = config.get();
            Function<String, Map<String, Path>> resolver = ResolverLoader.resolver(home, c.localRepository(), c.remotes());
            jars = resolver.apply(coordinates);
        } catch (IllegalArgumentException | IllegalStateException e) {
            out.println("|  /maven: " + e.getMessage());
            return false;
        }
        Map<Path, String> entries = new LinkedHashMap<>();
        jars.forEach((coords, path) -> entries.put(path, coords));
        List<Path> added = classpath.add(entries);
        if (added == null) return false;
        List<String> names = new ArrayList<>();
        jars.forEach((coords, path) -> {
            if (added.contains(path)) names.add(coords);
        });
        if (names.isEmpty()) out.println("|  " + coordinates + ": nothing new to add");
        else out.println("|  added " + names.get(0) + (names.size() == 1 ? "" : " and " + (names.size() - 1)
                + " dependenc" + (names.size() == 2 ? "y" : "ies") + ": " + String.join(", ", names.subList(1, names.size()))));
        return true;
    }
}
