package io.routewise.simulator;

import io.javalin.http.Context;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;

/**
 * Ends a request's connection without a (complete) HTTP response, as a failing upstream does.
 * Reaches under the servlet API to Jetty's {@link EndPoint}; Jetty's later attempt to finish the
 * response then fails quietly on the closed connection.
 */
final class ConnectionAbort {

    private ConnectionAbort() {
    }

    /**
     * Resets the connection (TCP RST: {@code SO_LINGER} 0, then close). The client sees a reset
     * or an early end of stream, never an HTTP status.
     */
    static void reset(Context ctx) {
        EndPoint endPoint = endPoint(ctx);
        if (endPoint.getTransport() instanceof SocketChannel channel) {
            try {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            } catch (IOException e) {
                // the socket is already gone: closing it below is all that is left to do
            }
        }
        endPoint.close();
    }

    /**
     * Closes the connection in an orderly way (FIN) after what was already flushed, so the client
     * reads everything sent so far and then an end of stream in the middle of a chunked body.
     */
    static void cut(Context ctx) {
        endPoint(ctx).close();
    }

    private static EndPoint endPoint(Context ctx) {
        return ServletContextRequest.getServletContextRequest(ctx.req())
                .getConnectionMetaData().getConnection().getEndPoint();
    }
}
