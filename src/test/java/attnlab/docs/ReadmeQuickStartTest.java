package attnlab.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's Quick start is all a newcomer reads before the first run: it must say how to choose the JDK. */
class ReadmeQuickStartTest {
    @Test
    void quickStartSaysHowToChooseTheJdk() throws IOException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("## Quick start");
        assertTrue(start >= 0, "README.md has no '## Quick start' section");
        int end = readme.indexOf("\n## ", start + 1);
        String quickStart = readme.substring(start, end < 0 ? readme.length() : end);
        assertTrue(quickStart.contains("JAVA_HOME=") && quickStart.contains("./attnlab"),
                "the Quick start must show choosing the JDK with JAVA_HOME=... ./attnlab:\n" + quickStart);
        String launcher = Files.readString(Path.of("attnlab"), StandardCharsets.UTF_8);
        assertTrue(launcher.contains("${JAVA_HOME:+$JAVA_HOME/bin/}java"),
                "the launcher no longer takes the JDK from JAVA_HOME, as the README says");
    }
}
