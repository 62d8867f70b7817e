package io.routewise.cli;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Checks a listen address before the server tries to bind it, so a typo is reported as what it is
 * (the HTTP server reports every bind failure as "port already in use").
 */
final class ListenAddress {

    private static final Pattern DOTTED = Pattern.compile("\\d+(\\.\\d+){3}");

    private ListenAddress() {
    }

    /** Why {@code host} cannot be listened on here, or null when it can be tried. */
    static String problem(String host) {
        if (DOTTED.matcher(host).matches()) {
            for (String octet : host.split("\\.")) {
                if (octet.length() > 3 || Integer.parseInt(octet) > 255) {
                    return "'" + host + "' is not an IPv4 address (each part is 0-255)";
                }
            }
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            return "'" + host + "' is neither an address nor a host name this machine knows";
        }
        try {
            if (!address.isAnyLocalAddress() && !address.isLoopbackAddress()
                    && NetworkInterface.getByInetAddress(address) == null) {
                return "'" + host + "' (" + address.getHostAddress() + ") is not an address of this machine";
            }
        } catch (SocketException e) {
            return null; // cannot tell: let the bind decide
        }
        return null;
    }
}
