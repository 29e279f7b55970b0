package attnlab.jupyter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectionFileTest {
    static final String FILE = "{\"shell_port\": 53794, \"iopub_port\": 53795, \"stdin_port\": 53796,"
            + " \"control_port\": 53797, \"hb_port\": 53798, \"ip\": \"127.0.0.1\", \"key\": \"k-1\","
            + " \"transport\": \"tcp\", \"signature_scheme\": \"hmac-sha256\", \"kernel_name\": \"attnlab\"}";

    @Test
    void readsWhatJupyterClientWrites(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("kernel-1.json"), FILE);
        ConnectionFile c = ConnectionFile.read(f);
        assertEquals(new ConnectionFile("tcp", "127.0.0.1", 53794, 53795, 53796, 53797, 53798, "k-1", "hmac-sha256"), c);
        assertEquals("tcp://127.0.0.1:53797", c.endpoint(c.controlPort()));
        assertEquals("ipc://kernel-ipc-53794", new ConnectionFile("ipc", "kernel-ipc", 53794, 1, 2, 3, 4, "", "")
                .endpoint(53794));
    }

    @Test
    void aMissingPortIsNamed(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("k.json"), FILE.replace("\"hb_port\": 53798,", ""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConnectionFile.read(f));
        assertTrue(e.getMessage().contains("hb_port"), e.getMessage());
    }

    @Test
    void anotherSignatureSchemeIsRefused(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("k.json"), FILE.replace("hmac-sha256", "hmac-md5"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConnectionFile.read(f));
        assertTrue(e.getMessage().contains("hmac-sha256") && e.getMessage().contains("hmac-md5"), e.getMessage());
    }
}
