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
 * Says whether chart windows can be opened now, without touching AWT: the X server named by {@code DISPLAY} is
 * probed with a plain socket (the unix socket {@code /tmp/.X11-unix/X<n>} for {@code :n}, TCP port {@code 6000+n}
 * for {@code host:n}). This JVM itself stays headless ({@link Headless}); windows are opened by the
 * {@link ChartViewer} process, which is started only when this probe finds a display.
 *
 * <p>The answer is not cached: a display that goes away later (or comes back) is noticed at the next
 * {@code show()}. A probe of a local display costs well under a millisecond.
 */
public final class Display {
    static { Headless.enforce(); }

    private static String failure = "";
    private static String reason = "";

    private Display() {}

    /** True when a chart window can be opened now (a display answers and windows are not switched off). */
    public static synchronized boolean windowsAvailable() {
        reason = !failure.isEmpty() ? failure
                : probe(Headless.requestedByUser() ? "true" : null, System.getenv("DISPLAY"),
                        System.getProperty("os.name", ""));
        return reason.isEmpty();
    }

    /** Why windows are unavailable ("no DISPLAY is set", ...), or "" when they are. */
    public static synchronized String reason() {
        windowsAvailable();
        return reason;
    }

    /**
     * Records that the display answers but windows cannot be opened on it (the viewer failed at start, e.g. X
     * authorisation), so later charts go straight to the terminal instead of starting a viewer each time.
     */
    static synchronized void windowFailed(String why) {
        failure = "opening a window failed: " + why;
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
