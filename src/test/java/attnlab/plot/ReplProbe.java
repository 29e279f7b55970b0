package attnlab.plot;

import attnlab.repl.Repl;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real attnlab REPL session (startup.jsh, the in-process engine) in a child JVM, fed one line at a time from
 * stdin; after each line it prints "done OK" or "done ERROR". Used by window tests that must show the session and
 * its variables survive what happens to the chart windows.
 */
public final class ReplProbe {
    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("attnlab.home", ".")).toAbsolutePath().normalize();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        String startup = Files.readString(home.resolve("startup.jsh"), StandardCharsets.UTF_8);
        try (Repl repl = new Repl(out, startup, home, null)) {
            out.println("ready");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                boolean ok = repl.run(line);
                out.println(ok ? "done OK" : "done ERROR");
            }
        }
        System.exit(0);
    }
}
