package io.routewise.chat;

/**
 * A request the router cannot accept, with what a client needs to fix it. Rendered as an OpenAI
 * error object ({@code type: invalid_request_error}) with the given status.
 *
 * @see <a href="https://platform.openai.com/docs/guides/error-codes">OpenAI error codes</a>
 */
public class InvalidRequestException extends RuntimeException {

    private final int status;
    private final String param;
    private final String code;

    public InvalidRequestException(int status, String message, String param, String code) {
        super(message);
        this.status = status;
        this.param = param;
        this.code = code;
    }

    /** A 400 about one field. */
    public static InvalidRequestException badField(String param, String message) {
        return new InvalidRequestException(400, message, param, "invalid_value");
    }

    public static InvalidRequestException missing(String param) {
        return new InvalidRequestException(400, "Missing required parameter: '" + param + "'.", param,
                "missing_required_parameter");
    }

    public static InvalidRequestException wrongType(String param, String expected) {
        return new InvalidRequestException(400, "Invalid type for '" + param + "': expected " + expected + ".", param,
                "invalid_type");
    }

    public int status() {
        return status;
    }

    public String param() {
        return param;
    }

    public String code() {
        return code;
    }
}
