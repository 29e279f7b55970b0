package attnlab.jupyter;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * {@code kernel_info_reply}: who this kernel is and which language it speaks. Built without the session, so the
 * kernel answers it while JShell is still starting (clients wait for this reply before anything else).
 */
final class KernelInfo {
    private KernelInfo() {}

    static JsonObject content() {
        String java = Integer.toString(Runtime.version().feature());
        JsonObject language = new JsonObject();
        language.addProperty("name", "java");
        language.addProperty("version", Runtime.version().toString());
        language.addProperty("mimetype", "text/x-java");
        language.addProperty("file_extension", ".jsh");
        language.addProperty("codemirror_mode", "text/x-java");
        language.addProperty("pygments_lexer", "java");
        // the Help menu: attnlab's own help is /help in a cell (the banner says so) and has no web page; the JDK's does
        JsonObject help = new JsonObject();
        help.addProperty("text", "Java " + java + " API");
        help.addProperty("url", "https://docs.oracle.com/en/java/javase/" + java + "/docs/api/");
        JsonArray links = new JsonArray();
        links.add(help);
        JsonObject c = new JsonObject();
        c.addProperty("status", "ok");
        c.addProperty("protocol_version", Wire.PROTOCOL);
        c.addProperty("implementation", "attnlab");
        c.addProperty("implementation_version", version());
        c.addProperty("banner", "attnlab " + version() + " on Java " + java + " (" + System.getProperty("java.vm.name")
                + "): JShell with the attention toolkit; /help lists commands and functions");
        c.add("language_info", language);
        c.add("help_links", links);
        return c;
    }

    static String version() {
        String v = KernelInfo.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
