package dev.switchboard.admin;

/**
 * A server-API call that ends in an HTTP error (SPEC §0): the status and the JSON body
 * {@code {"code":"UPPER_SNAKE","message":"..."}} it is answered with. Handlers fail their futures with it;
 * {@link ApiResponses#fail} turns it into the answer. Carries no stack trace: it is an answer, not a bug.
 */
final class ApiException extends RuntimeException {

  private final int status;
  private final String code;

  ApiException(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  /** 400: the request body is not what the operation needs; the message names the field. */
  static ApiException invalidBody(String message) {
    return new ApiException(400, "INVALID_BODY", message);
  }

  /** 400: the body names a dialect this node does not run. */
  static ApiException dialectDisabled(String dialect) {
    return invalidBody("dialect " + dialect + " is disabled on this node (" + dialect + ".enabled is false)");
  }

  /** 400: a query parameter is not valid; the message names it. */
  static ApiException invalidParameter(String message) {
    return new ApiException(400, "INVALID_PARAMETER", message);
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }
}
