package attnlab.notebook;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CommentMarkdownTest {
    @Test
    void markersAndOneSpaceGoTheRestStays() {
        assertEquals(List.of("Exercise 5.5: *scaled* dot-product", "attention"),
                CommentMarkdown.of(List.of("// Exercise 5.5: *scaled* dot-product", "  //attention   ")));
    }

    @Test
    void indentedLinesBecomeAFencedBlockDedented() {
        assertEquals(List.of("Forward:", "```", "dV = P^T dO", "  dP = dO V^T", "```", "and then"),
                CommentMarkdown.of(List.of("// Forward:", "//   dV = P^T dO", "//     dP = dO V^T", "// and then")));
    }

    @Test
    void blankLinesBetweenCommentsArePargraphBreaks() {
        assertEquals(List.of("one", "", "two"), CommentMarkdown.of(List.of("// one", "", "// two")));
        assertEquals(List.of("one", "", "two"), CommentMarkdown.of(List.of("// one", "//", "// two")));
    }

    @Test
    void blockCommentsLoseTheirMarkersAndStars() {
        assertEquals(List.of("Title", "body line"),
                CommentMarkdown.of(List.of("/*", " * Title", " * body line", " */")));
        assertEquals(List.of("one line"), CommentMarkdown.of(List.of("/* one line */")));
        assertEquals(List.of("a", "b"), CommentMarkdown.of(List.of("/* a", "   b */")));
    }

    @Test
    void anItemsHangingIndentIsTextAndEachItemStartsAParagraph() {
        assertEquals(List.of("intro", "", "a) first item", "goes on", "", "b) second", "```", "f(x)", "```"),
                CommentMarkdown.of(List.of("// intro", "// a) first item", "//    goes on", "// b) second",
                        "//   f(x)")));
    }
}
