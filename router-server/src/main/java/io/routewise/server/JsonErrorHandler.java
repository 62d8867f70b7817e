package io.routewise.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers itself, before any route runs (a malformed request line, a URI or headers too
 * large), in the API's own shape ({@code {"error": {...}}}, JSON) instead of Jetty's HTML page. The
 * message is fixed per status: Jetty's own reason text is not repeated to the caller.
 */
final class JsonErrorHandler extends ErrorHandler {

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body(code)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(status));
    }

    static byte[] body(int status) {
        String message = switch (status) {
            case 400 -> "The HTTP request is malformed.";
            case 413 -> "The request is larger than this router accepts.";
            case 414 -> "The request URI is too long.";
            case 431 -> "The request headers are too large.";
            default -> "HTTP " + status + " " + HttpStatus.getMessage(status) + ".";
        };
        String code = switch (status) {
            case 400 -> "invalid_request";
            case 413 -> "request_too_large";
            case 414 -> "uri_too_long";
            case 431 -> "headers_too_large";
            default -> status >= 500 ? "server_error" : "invalid_request";
        };
        String type = status >= 500 ? "server_error" : "invalid_request_error";
        return ("{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"param\":null,\"code\":\"" + code
                + "\"}}").getBytes(StandardCharsets.UTF_8);
    }
}
