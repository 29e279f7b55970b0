package attnlab.jupyter;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignerTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void rfc4231TestCase2OverSeveralFrames() {
        // HMAC-SHA256(key "Jefe", "what do ya want for nothing?"), RFC 4231 section 4.3
        String expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
        Signer s = new Signer("Jefe");
        assertEquals(expected, s.sign(b("what do ya want for nothing?")));
        assertEquals(expected, s.sign(b("what do "), b("ya want "), b("for nothing"), b("?")), "frames in order");
    }

    @Test
    void verifyAcceptsTheSignatureAndRejectsOthers() {
        Signer s = new Signer("a0436f6c-1916-498b-8eb9-e81ab9368e84");
        byte[][] frames = {b("{\"msg_type\":\"execute_request\"}"), b("{}"), b("{}"), b("{\"code\":\"1+1\"}")};
        byte[] good = b(s.sign(frames));
        assertTrue(s.verify(good, frames));
        assertFalse(s.verify(b(new Signer("another key").sign(frames)), frames), "signed with another key");
        assertFalse(s.verify(b(""), frames), "unsigned");
        byte[][] changed = frames.clone();
        changed[3] = b("{\"code\":\"System.exit(1)\"}");
        assertFalse(s.verify(good, changed), "content changed after signing");
        assertFalse(s.verify(b(s.sign(frames).toUpperCase()), frames), "the protocol's hex is lowercase");
    }

    @Test
    void anEmptyKeyMeansNoSigning() {
        Signer s = new Signer("");
        assertEquals("", s.sign(b("x")));
        assertTrue(s.verify(b(""), b("x")));
    }
}
