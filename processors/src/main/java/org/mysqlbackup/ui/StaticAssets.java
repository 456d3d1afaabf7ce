package org.mysqlbackup.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Serves the console's pages, scripts, styles and images from the jar, as bytes (Camel's own
 * static handler reads files as text, which breaks images). A name is looked up first among the
 * side's own assets ({@code ui/<side>/}), then the shared ones ({@code ui/common/}); a name with
 * anything but letters, digits, dot, dash or underscore is not a file of ours, so no path can
 * leave those folders.
 */
public class StaticAssets {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,100}");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json");

    private final String side;

    /** @param side {@code client} or {@code server} */
    public StaticAssets(String side) {
        this.side = side;
    }

    /** Answers {@code GET /ui/{file}}; the file name is in the {@code file} header (a path parameter). */
    public void serve(Exchange exchange) {
        Message in = exchange.getMessage();
        String file = in.getHeader("file", String.class);
        if (file == null || file.isEmpty()) {
            file = "index.html";
        }
        String extension = file.substring(file.lastIndexOf('.') + 1);
        byte[] bytes = NAME.matcher(file).matches() && TYPES.containsKey(extension) ? read(file) : null;
        in.removeHeaders("*", Exchange.HTTP_RESPONSE_CODE);
        if (bytes == null) {
            in.setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
            in.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=utf-8");
            in.setBody("no such console file: " + file.replaceAll("[^A-Za-z0-9._-]", "?"));
            return;
        }
        in.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        in.setHeader(Exchange.CONTENT_TYPE, TYPES.get(extension));
        in.setBody(bytes);
    }

    private byte[] read(String file) {
        for (String folder : new String[] {"ui/" + side + "/", "ui/common/"}) {
            try (InputStream stream = StaticAssets.class.getClassLoader().getResourceAsStream(folder + file)) {
                if (stream != null) {
                    return stream.readAllBytes();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read console file " + folder + file, e);
            }
        }
        return null;
    }
}
