package attnlab.jupyter;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * HMAC-SHA256 over a message's four JSON frames (header, parent header, metadata, content), as lowercase hex, with
 * the connection file's key. An empty key means no signing: the signature is empty and every message is accepted,
 * as the protocol says.
 */
final class Signer {
    private final byte[] key;

    Signer(String key) {
        this.key = key.getBytes(StandardCharsets.UTF_8);
    }

    /** The signature of {@code frames}, in order. */
    String sign(byte[]... frames) {
        if (key.length == 0) return "";
        try {
            Mac mac = Mac.getInstance("HmacSHA256"); // not thread-safe: one per call (cheap next to JSON)
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] f : frames) mac.update(f);
            return hex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** True when {@code signature} signs {@code frames}; compared in constant time (no timing oracle). */
    boolean verify(byte[] signature, byte[]... frames) {
        if (key.length == 0) return true;
        return MessageDigest.isEqual(sign(frames).getBytes(StandardCharsets.US_ASCII), signature);
    }

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        return sb.toString();
    }
}
