package io.routewise.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Issue 11, finding 6: requests Jetty refuses before any route are answered in the API's error shape. */
class JettyErrorShapeTest extends RouterTestBase {

    /** Sends raw HTTP/1.1 and returns the status line, headers and body as text. */
    private static String raw(String request) throws IOException {
        URI base = URI.create(router.baseUrl());
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            try {
                while ((n = in.read(buf)) > 0) {
                    got.write(buf, 0, n);
                }
            } catch (java.net.SocketTimeoutException | java.net.SocketException done) {
                // the server may keep the connection or reset it after answering
            }
            return got.toString(StandardCharsets.UTF_8);
        }
    }

    private static JsonNode body(String response) throws IOException {
        return Json.MAPPER.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
    }

    @Test
    void headersTooLargeAndUrisTooLongAreJsonErrors() throws IOException {
        String headers = raw("GET /v1/models HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(64 * 1024)
                + "\r\nConnection: close\r\n\r\n");
        assertThat(headers).startsWith("HTTP/1.1 431").containsIgnoringCase("content-type: application/json")
                .doesNotContain("<html");
        assertThat(body(headers).at("/error/code").asText()).isEqualTo("headers_too_large");

        String uri = raw("GET /v1/models?q=" + "a".repeat(64 * 1024) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(uri).matches("(?s)HTTP/1.1 (414|431).*").doesNotContain("<html");
        assertThat(body(uri).path("error").isObject()).isTrue();
    }

    @Test
    void aMalformedRequestIsAJsonError() throws IOException {
        String bad = raw("GET /v1/models HTTP/1.1\r\nHost: x\r\nBad Header Name: y\r\nConnection: close\r\n\r\n");
        assertThat(bad).startsWith("HTTP/1.1 400").doesNotContain("<html");
        assertThat(body(bad).at("/error/type").asText()).isEqualTo("invalid_request_error");
    }
}
