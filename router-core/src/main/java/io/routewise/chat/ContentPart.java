package io.routewise.chat;

/** One part of a message's content: text or an image. */
public sealed interface ContentPart permits ContentPart.Text, ContentPart.Image {

    /** Plain text. */
    record Text(String text) implements ContentPart {
    }

    /**
     * An image, by URL. A {@code data:} URL carries the bytes inline (base64); adapters whose
     * wire format wants a media type and data split it with {@link #dataUrl()}.
     *
     * @param url    an https URL or a {@code data:<media type>;base64,<data>} URL
     * @param detail OpenAI's detail hint ({@code low}, {@code high}, {@code auto}) or null
     */
    record Image(String url, String detail) implements ContentPart {

        /** The media type and base64 data of a {@code data:} URL, or null for a remote URL. */
        public InlineData dataUrl() {
            if (!url.startsWith("data:")) {
                return null;
            }
            int semi = url.indexOf(';');
            int comma = url.indexOf(',');
            if (semi < 0 || comma < semi || !url.substring(semi, comma).equals(";base64")) {
                return null;
            }
            return new InlineData(url.substring(5, semi), url.substring(comma + 1));
        }

        public static Image inline(String mediaType, String base64) {
            return new Image("data:" + mediaType + ";base64," + base64, null);
        }
    }

    /** Bytes carried inline: a media type such as {@code image/png} and base64 data. */
    record InlineData(String mediaType, String base64) {
    }
}
