package attnlab.docs;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every relative link and image in README.md and docs/*.md points at a file that exists, and a {@code #anchor} at a
 * heading of that file (GitHub's heading slugs), so moving a section cannot leave a dead link behind.
 */
class DocsLinksTest {
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
    private static final Pattern CODE_SPAN = Pattern.compile("`[^`]*`");

    @TestFactory
    Stream<DynamicTest> everyRelativeLinkResolves() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path doc : DocFiles.all()) {
            for (String target : links(DocsExamplesTest.read(doc))) {
                if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) continue; // https:, mailto: ...
                String where = DocsExamplesTest.HOME.relativize(doc) + " -> " + target;
                tests.add(DynamicTest.dynamicTest(where, () -> {
                    int hash = target.indexOf('#');
                    String file = hash < 0 ? target : target.substring(0, hash);
                    Path resolved = file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
                    assertTrue(Files.exists(resolved), where + ": no such file " + resolved);
                    if (hash >= 0) {
                        String anchor = target.substring(hash + 1);
                        Set<String> anchors = anchors(DocsExamplesTest.read(resolved));
                        assertTrue(anchors.contains(anchor), where + ": no heading with anchor #" + anchor
                                + " in " + resolved.getFileName() + " (it has " + anchors + ")");
                    }
                }));
            }
        }
        assertFalse(tests.isEmpty(), "no relative links found in README.md and docs/");
        return tests.stream();
    }

    /** The link targets of a Markdown text, outside fenced code blocks and code spans. */
    static List<String> links(String md) {
        List<String> out = new ArrayList<>();
        boolean fenced = false;
        for (String line : md.split("\n", -1)) {
            if (line.startsWith("```")) fenced = !fenced;
            if (fenced || line.startsWith("```")) continue;
            Matcher m = LINK.matcher(CODE_SPAN.matcher(line).replaceAll(""));
            while (m.find()) out.add(m.group(1));
        }
        return out;
    }

    /** GitHub's anchors for the headings of a Markdown text: lower case, punctuation dropped, spaces to '-'. */
    static Set<String> anchors(String md) {
        Set<String> out = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fenced = false;
        for (String line : md.split("\n", -1)) {
            if (line.startsWith("```")) fenced = !fenced;
            if (fenced || !line.matches("#{1,6} .*")) continue;
            String text = CODE_SPAN.matcher(line.replaceFirst("^#+ ", "").strip()).replaceAll(m -> m.group().replace("`", ""));
            String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
            int n = seen.merge(slug, 1, Integer::sum);
            out.add(n == 1 ? slug : slug + "-" + (n - 1));
        }
        return out;
    }
}
