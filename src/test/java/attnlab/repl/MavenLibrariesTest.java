package attnlab.repl;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /maven}: the real Maven Resolver against a Maven repository on disk that the test builds (offline), against an
 * unreachable one, and against Maven Central (commons-lang3; needs the network and fails, never skips, without it).
 */
class MavenLibrariesTest {
    @TempDir
    static Path dir;
    static Path repo;

    /** demo:greeter:1.0 (demo.Greeter) needs demo:dep:1.0 (demo.dep.Dep); demo:oldejml:1.0 ships an EJML class. */
    @BeforeAll
    static void repository() throws IOException {
        repo = dir.resolve("repo");
        Path dep = TestLibraries.compile(Files.createDirectories(dir.resolve("dep-classes")), "", Map.of("demo.dep.Dep",
                "package demo.dep; public class Dep { public static String name() { return \"dep \" + Dep.class.getSimpleName(); } }"));
        Path greeter = TestLibraries.compile(Files.createDirectories(dir.resolve("greeter-classes")), dep.toString(),
                Map.of("demo.Greeter", "package demo; public class Greeter { public static String hello() {"
                        + " return \"hello from \" + demo.dep.Dep.name(); } }"));
        TestLibraries.deploy(repo, "demo", "dep", "1.0", TestLibraries.jar(dir.resolve("dep.jar"), dep, Map.of()));
        TestLibraries.deploy(repo, "demo", "greeter", "1.0",
                TestLibraries.jar(dir.resolve("greeter.jar"), greeter, Map.of()), "demo:dep:1.0");
        TestLibraries.deploy(repo, "demo", "oldejml", "1.0", TestLibraries.jar(dir.resolve("oldejml.jar"), null,
                Map.of("org/ejml/data/DMatrixRMaj.class", new byte[] {(byte) 0xca, (byte) 0xfe})));
    }

    private static MavenLibraries.Config fileRepository(String local) {
        return new MavenLibraries.Config(dir.resolve(local), List.of("test " + repo.toUri()));
    }

    /** Runs {@code /maven coordinates} with {@code config} in {@code t}'s session; what it printed. */
    private static String maven(TestRepl t, MavenLibraries.Config config, String coordinates, boolean succeeds)
            throws IOException {
        t.buffer.reset();
        boolean ok = new MavenLibraries(() -> config, TestRepl.HOME, new ClasspathCommand(t.repl.session, t.out), t.out)
                .run(coordinates);
        String printed = t.buffer.toString(StandardCharsets.UTF_8);
        assertEquals(succeeds, ok, printed);
        return printed;
    }

    @Test
    void addsAnArtifactAndItsDependencyFromALocalRepositoryWithoutAReset() throws IOException {
        try (TestRepl t = new TestRepl()) {
            t.run("var before = 41 + 1");
            String printed = maven(t, fileRepository("local1"), "demo:greeter:1.0", true);
            assertEquals("|  added demo:greeter:1.0 and 1 dependency: demo:dep:1.0\n", printed);
            assertTrue(t.run("demo.Greeter.hello()").contains("\"hello from dep Dep\""), t.run("demo.Greeter.hello()"));
            assertTrue(t.run("before").contains("before ==> 42"), "the session was not reset");
            // cached in the local repository, with the layout mvn uses
            assertTrue(Files.isRegularFile(dir.resolve("local1/demo/dep/1.0/dep-1.0.jar")));
            // the engine's class loader has it: a class loaded by name from a snippet
            assertTrue(t.run("Class.forName(\"demo.dep.Dep\").getSimpleName()").contains("\"Dep\""));
        }
    }

    @Test
    void aCachedArtifactNeedsNoNetwork() throws IOException {
        try (TestRepl t = new TestRepl()) {
            maven(t, fileRepository("local2"), "demo:greeter:1.0", true);
        }
        try (TestRepl t = new TestRepl()) { // the remote is gone now: only the local repository has it
            MavenLibraries.Config offline = new MavenLibraries.Config(dir.resolve("local2"),
                    List.of("test " + dir.resolve("no-such-repo").toUri()));
            maven(t, offline, "demo:greeter:1.0", true);
            assertTrue(t.run("demo.Greeter.hello()").contains("hello from dep"));
        }
    }

    @Test
    void anUnknownArtifactIsNamed() throws IOException {
        try (TestRepl t = new TestRepl()) {
            String printed = maven(t, fileRepository("local3"), "demo:nosuch:1.0", false);
            assertTrue(printed.startsWith("|  /maven: demo:nosuch:1.0 was not found in test (file:"), printed);
            assertTrue(printed.contains("check the group, artifact and version"), printed);
        }
    }

    @Test
    void noNetworkSaysSo() throws IOException {
        try (TestRepl t = new TestRepl()) {
            // port 9 (discard) on the loopback: nothing listens, the connection is refused at once
            MavenLibraries.Config unreachable = new MavenLibraries.Config(dir.resolve("local4"),
                    List.of("central http://127.0.0.1:9/maven2/"));
            String printed = maven(t, unreachable, "org.apache.commons:commons-lang3:3.17.0", false);
            assertTrue(printed.startsWith("|  /maven: cannot reach central (http://127.0.0.1:9/maven2/)"), printed);
            assertTrue(printed.contains("not in the local repository " + dir.resolve("local4")), printed);
            assertTrue(printed.contains("works offline"), printed);
        }
    }

    @Test
    void aClashWithAToolkitClassIsRefusedByName() throws IOException {
        try (TestRepl t = new TestRepl()) {
            String printed = maven(t, fileRepository("local5"), "demo:oldejml:1.0", false);
            assertTrue(printed.startsWith("|  refused: demo:oldejml:1.0 has org.ejml.data.DMatrixRMaj that attnlab's"
                    + " session already has (from ejml-core-"), printed);
            assertTrue(printed.contains("Nothing was added"), printed);
            assertEquals(List.of(), t.repl.session.addedClasspath());
        }
    }

    @Test
    void badCoordinatesGetTheUsage() throws IOException {
        try (TestRepl t = new TestRepl()) {
            String printed = maven(t, fileRepository("local6"), "commons-lang3", false);
            assertTrue(printed.contains("coordinates must be group:artifact:version (e.g. org.apache.commons:"
                    + "commons-lang3:3.17.0), got commons-lang3"), printed);
            assertTrue(t.run("/maven").contains("|  /maven GROUP:ARTIFACT:VERSION, e.g."), t.run("/maven"));
        }
    }

    @Test
    void theLibraryStaysAfterReset() throws IOException {
        try (TestRepl t = new TestRepl()) {
            maven(t, fileRepository("local7"), "demo:greeter:1.0", true);
            t.run("/reset");
            assertTrue(t.run("demo.Greeter.hello()").contains("hello from dep"), t.run("demo.Greeter.hello()"));
        }
    }

    @Test
    void theAliasRunsTheCommand() {
        try (TestRepl t = new TestRepl()) {
            assertTrue(t.run("%maven nonsense").contains("/maven: coordinates must be group:artifact:version"),
                    t.run("%maven nonsense"));
            assertFalse(t.run("/help").isEmpty());
            assertTrue(t.run("/help /maven").contains("/maven GROUP:ARTIFACT:VERSION"), t.run("/help /maven"));
        }
    }

    @Test
    void settingsXmlMirrorAndLocalRepository() throws IOException {
        Path m2 = Files.createDirectories(dir.resolve("m2"));
        assertEquals(new MavenLibraries.Config(m2.resolve("repository"), List.of("central " + MavenLibraries.CENTRAL)),
                MavenLibraries.Config.from(m2), "no settings.xml: the defaults");
        Files.writeString(m2.resolve("settings.xml"), "<settings>\n"
                + "  <localRepository>" + dir.resolve("elsewhere") + "</localRepository>\n"
                + "  <mirrors>\n"
                + "    <mirror><id>other</id><mirrorOf>snapshots</mirrorOf><url>https://no.example/</url></mirror>\n"
                + "    <mirror><id>company</id><mirrorOf>*</mirrorOf><url>https://repo.example/maven2/</url></mirror>\n"
                + "  </mirrors>\n</settings>\n");
        assertEquals(new MavenLibraries.Config(dir.resolve("elsewhere"), List.of("company https://repo.example/maven2/")),
                MavenLibraries.Config.from(m2));
    }

    /** Maven Central itself, into an empty local repository: needs the network (CI has it) and fails without. */
    @Test
    void commonsLang3FromMavenCentral() throws IOException {
        try (TestRepl t = new TestRepl()) {
            MavenLibraries.Config central = new MavenLibraries.Config(dir.resolve("local-central"),
                    MavenLibraries.Config.defaults().remotes());
            String printed = maven(t, central, "org.apache.commons:commons-lang3:3.17.0", true);
            assertEquals("|  added org.apache.commons:commons-lang3:3.17.0\n", printed);
            assertTrue(t.run("org.apache.commons.lang3.StringUtils.capitalize(\"attention\")").contains("\"Attention\""));
        }
    }
}
