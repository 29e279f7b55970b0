package attnlab.display;

import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bundles of html(..), markdown(..), latex(..) and image(..), and the text a terminal prints for each. */
class RichTest {
    @Test
    void htmlKeepsTheMarkupAndPrintsItsText() {
        Rich r = Rich.html("<table><tr><th>a</th><th>b</th></tr><tr><td>1 &lt; 2</td><td>x&amp;y</td></tr></table>"
                + "<p>done<br>now</p><script>alert(1)</script>");
        assertTrue(r.data().get("text/html").startsWith("<table>"));
        assertEquals("a b\n1 < 2 x&y\ndone\nnow", r.toString());
        assertEquals(r.toString(), r.data().get("text/plain"));
    }

    @Test
    void markdownAndLatexPrintTheirSource() {
        assertEquals("**x**", Rich.markdown("**x**").data().get("text/markdown"));
        assertEquals("**x**", Rich.markdown("**x**").toString());
        assertEquals("$$e^{i\\pi}$$", Rich.latex("e^{i\\pi}").data().get("text/latex"));
        assertEquals("$a$", Rich.latex("$a$").data().get("text/latex"), "delimited already");
        assertEquals("\\begin{align}a\\end{align}", Rich.latex("\\begin{align}a\\end{align}").data().get("text/latex"));
        assertEquals("e^{i\\pi}", Rich.latex("e^{i\\pi}").toString());
    }

    @Test
    void aPngNamesItsSize() {
        // the smallest PNG header: signature, IHDR length and type, width 3, height 2 (big-endian)
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
                0, 0, 0, 3, 0, 0, 0, 2};
        Rich r = Rich.image(png, "tiny.png");
        assertEquals("PNG image 3x2, 24 bytes from tiny.png", r.toString());
        assertEquals(Base64.getEncoder().encodeToString(png), r.data().get("image/png"));
        byte[] jpeg = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0};
        assertEquals("JPEG image, 4 bytes", Rich.image(jpeg, null).toString());
    }

    @Test
    void badInputNamesTheArgumentAndWhatCame() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Rich.image(new byte[] {1, 2, 3}, null));
        assertEquals("image: expected PNG bytes (89 50 4e 47 ...) or JPEG bytes (ff d8 ff ...), got 3 bytes starting"
                + " 01 02 03", e.getMessage());
        assertEquals("html must not be null", assertThrows(IllegalArgumentException.class,
                () -> Rich.html(null)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Rich.image(null, null));
    }
}
