package attnlab.repl;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Builds what the library tests add: classes compiled with the JDK's javac, jars of them, and a Maven repository
 * on disk (a {@code file:} URL) with a POM per artifact, laid out and checksummed as Maven Central is.
 */
public final class TestLibraries {
    private TestLibraries() {}

    /** Compiles {@code sources} (class name -> Java source) into {@code out}, against {@code classpath}. */
    public static Path compile(Path out, String classpath, Map<String, String> sources) throws IOException {
        Path src = Files.createTempDirectory(out.getParent(), "src");
        List<String> args = new ArrayList<>(List.of("-d", out.toString(), "--release", "17"));
        if (!classpath.isEmpty()) args.addAll(List.of("-cp", classpath));
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path f = src.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue(), StandardCharsets.UTF_8);
            args.add(f.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac.run(null, null, null, args.toArray(new String[0])) != 0)
            throw new IllegalStateException("javac failed on " + sources.keySet());
        return out;
    }

    /** A jar of the files under {@code dir}, plus {@code extra} entries (name -> bytes). */
    public static Path jar(Path jar, Path dir, Map<String, byte[]> extra) throws IOException {
        Files.createDirectories(jar.getParent());
        try (JarOutputStream j = new JarOutputStream(Files.newOutputStream(jar))) {
            if (dir != null)
                try (Stream<Path> s = Files.walk(dir)) {
                    for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile).sorted()::iterator) {
                        j.putNextEntry(new JarEntry(dir.relativize(p).toString().replace('\\', '/')));
                        j.write(Files.readAllBytes(p));
                        j.closeEntry();
                    }
                }
            for (Map.Entry<String, byte[]> e : extra.entrySet()) {
                j.putNextEntry(new JarEntry(e.getKey()));
                j.write(e.getValue());
                j.closeEntry();
            }
        }
        return jar;
    }

    /** Puts {@code jar} into the Maven repository {@code repo} as group:artifact:version with these dependencies. */
    public static void deploy(Path repo, String group, String artifact, String version, Path jar, String... dependencies)
            throws IOException {
        Path dir = repo.resolve(group.replace('.', '/')).resolve(artifact).resolve(version);
        Files.createDirectories(dir);
        StringBuilder deps = new StringBuilder();
        for (String d : dependencies) {
            String[] g = d.split(":");
            deps.append("    <dependency><groupId>").append(g[0]).append("</groupId><artifactId>").append(g[1])
                    .append("</artifactId><version>").append(g[2]).append("</version></dependency>\n");
        }
        String pom = "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n  <modelVersion>4.0.0</modelVersion>\n"
                + "  <groupId>" + group + "</groupId>\n  <artifactId>" + artifact + "</artifactId>\n  <version>" + version
                + "</version>\n  <dependencies>\n" + deps + "  </dependencies>\n</project>\n";
        String base = artifact + "-" + version;
        write(dir.resolve(base + ".pom"), pom.getBytes(StandardCharsets.UTF_8));
        if (jar != null) write(dir.resolve(base + ".jar"), Files.readAllBytes(jar));
    }

    /** A file and its .sha1, as a Maven repository serves them. */
    private static void write(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes);
        try {
            Files.writeString(file.resolveSibling(file.getFileName() + ".sha1"),
                    HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
