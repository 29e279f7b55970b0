package attnlab.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The project's Markdown documentation: README.md and docs/*.md. */
final class DocFiles {
    private DocFiles() {}

    static List<Path> all() throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(DocsExamplesTest.HOME.resolve("README.md"));
        Path docs = DocsExamplesTest.HOME.resolve("docs");
        if (Files.isDirectory(docs)) {
            try (Stream<Path> s = Files.list(docs)) {
                files.addAll(s.filter(p -> p.toString().endsWith(".md")).sorted().collect(Collectors.toList()));
            }
        }
        return files;
    }
}
