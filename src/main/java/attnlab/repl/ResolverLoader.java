package attnlab.repl;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Loads the Maven resolver ({@code attnlab.repl.maven.MavenResolver} and the resolver's jars) only when
 * {@code /maven} first runs, in a class loader of its own.
 *
 * <p>Why: the resolver and its 24 jars (HTTP client, Maven model, plexus ...) are not on the class path, so they
 * cost nothing at start-up, javac never searches them when it compiles a snippet, and a library a user adds never
 * meets a second copy of, say, commons-codec. {@code mvn package} copies them to {@code target/resolver}; when the
 * resolver is on the class path already (the tests, an IDE), that copy is used instead.
 */
final class ResolverLoader {
    static final String RESOLVER = "attnlab.repl.maven.MavenResolver";
    private static final String BRIDGE_PACKAGE = "attnlab.repl.maven.";
    private static ClassLoader loader; // one per JVM: loading the resolver's classes is the slow part

    private ResolverLoader() {}

    /** A resolver for {@code localRepository} and {@code remotes} ("ID URL" each), see MavenResolver. */
    @SuppressWarnings("unchecked")
    static Function<String, Map<String, Path>> resolver(Path home, Path localRepository, List<String> remotes) {
        try {
            Class<?> c = Class.forName(RESOLVER, true, loader(home));
            return (Function<String, Map<String, Path>>) c.getConstructor(Path.class, List.class)
                    .newInstance(localRepository, remotes);
        } catch (ReflectiveOperationException | LinkageError | IOException e) {
            throw new IllegalStateException("the Maven resolver could not be loaded: " + e, e);
        }
    }

    private static synchronized ClassLoader loader(Path home) throws IOException {
        if (loader != null) return loader;
        ClassLoader app = ResolverLoader.class.getClassLoader();
        if (app.getResource("org/eclipse/aether/RepositorySystem.class") != null) return loader = app;
        Path dir = home.resolve("target").resolve("resolver");
        List<URL> jars = new ArrayList<>();
        if (Files.isDirectory(dir))
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : (Iterable<Path>) s.filter(p -> p.toString().endsWith(".jar")).sorted()::iterator)
                    jars.add(url(p));
            }
        if (jars.isEmpty())
            throw new IllegalStateException("the Maven resolver's jars are missing from " + dir
                    + " (./attnlab builds them with mvn package)");
        return loader = new BridgeLoader(jars.toArray(new URL[0]), app);
    }

    private static URL url(Path p) {
        try {
            return p.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The resolver's jars, and the bridge classes ({@code attnlab.repl.maven.*}) defined here rather than in the
     * application class loader that also has their bytes, so that they link against the resolver.
     */
    private static final class BridgeLoader extends URLClassLoader {
        BridgeLoader(URL[] jars, ClassLoader parent) {
            super(jars, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(BRIDGE_PACKAGE)) return super.loadClass(name, resolve);
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                        if (in == null) throw new ClassNotFoundException(name);
                        byte[] b = in.readAllBytes();
                        c = defineClass(name, b, 0, b.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                if (resolve) resolveClass(c);
                return c;
            }
        }
    }
}
