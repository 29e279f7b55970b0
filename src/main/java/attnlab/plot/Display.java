package attnlab.plot;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Decides once, before any AWT class is touched, whether chart windows can be opened.
 *
 * <p>Why before: with no {@code DISPLAY} AWT reports headless and {@code JFrame} throws {@code HeadlessException},
 * which is easy to catch; but with a {@code DISPLAY} that names no server, AWT believes it has a screen, the first
 * window throws {@code AWTError}, and every later AWT use (even off-screen PNG rendering) fails with
 * {@code NoClassDefFoundError}. So the X server is probed with a plain socket (the unix socket
 * {@code /tmp/.X11-unix/X<n>} for {@code :n}, TCP port {@code 6000+n} for {@code host:n}); if there is no usable
 * display, {@code java.awt.headless=true} is set so AWT starts in its off-screen mode and charts still render to PNG.
 *
 * <p>Call {@link #windowsAvailable()} early (the REPL does it at start-up) so the decision precedes any AWT use.
 */
public final class Display {
    private static Boolean decided;
    private static String reason = "";

    private Display() {}

    /** True when chart windows can be opened; the first call decides and may set {@code java.awt.headless=true}. */
    public static synchronized boolean windowsAvailable() {
        if (decided == null) {
            reason = probe(System.getProperty("java.awt.headless"), System.getenv("DISPLAY"),
                    System.getProperty("os.name", ""));
            decided = reason.isEmpty();
            if (!decided) System.setProperty("java.awt.headless", "true");
        }
        return decided;
    }

    /** Why windows are unavailable ("no DISPLAY is set", ...), or "" when they are. */
    public static synchronized String reason() {
        windowsAvailable();
        return reason;
    }

    /** Records that opening a window failed after all (e.g. X authorisation), so later charts go to the terminal. */
    static synchronized void windowFailed(Throwable t) {
        decided = false;
        reason = "opening a window failed: " + t;
    }

    /** "" if a display looks usable, otherwise the reason it is not. Pure apart from the socket probe. */
    static String probe(String headlessProperty, String display, String osName) {
        if ("true".equalsIgnoreCase(headlessProperty)) return "java.awt.headless=true";
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("win") || os.contains("mac")) return "";
        if (display == null || display.isBlank()) return "no DISPLAY is set";
        return canConnect(display) ? "" : "DISPLAY=" + display + " cannot be opened (no X server answers)";
    }

    // DISPLAY syntax: [host]:number[.screen]; empty host or "unix" means the local unix socket.
    private static boolean canConnect(String display) {
        int colon = display.lastIndexOf(':');
        if (colon < 0) return false;
        String host = display.substring(0, colon);
        String rest = display.substring(colon + 1);
        int dot = rest.indexOf('.');
        int number;
        try {
            number = Integer.parseInt(dot < 0 ? rest : rest.substring(0, dot));
        } catch (NumberFormatException e) {
            return false;
        }
        if (host.isEmpty() || host.equals("unix")) {
            Path socket = Path.of("/tmp/.X11-unix/X" + number);
            if (!Files.exists(socket)) return false;
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(socket));
                return true;
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, 6000 + number), 1000);
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }
}
