package attnlab.repl;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** {@link attnlab.Main#run} in this JVM, with {@code stdin} as its input: the exit status and everything it printed. */
record InProcessMain(int status, String out) {
    static InProcessMain run(String stdin, String... args) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int status = attnlab.Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(buf, true, StandardCharsets.UTF_8));
        return new InProcessMain(status, buf.toString(StandardCharsets.UTF_8));
    }
}
