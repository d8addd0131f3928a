package dev.switchboard.auth;

import dev.switchboard.config.SwitchboardConfig.JwtConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

/**
 * Verifies client JWTs with the configured key ({@code jwt.*}, SPEC §7): an HS256 secret (its UTF-8 bytes) or
 * an RS256/ES256 public key in PEM. Signature and expiry are checked; the answer is the token's claims.
 * Used by the push AUTH and, later, the socket.io handshake.
 */
public final class JwtVerifier {

  private final JWTAuth provider;

  private JwtVerifier(JWTAuth provider) {
    this.provider = provider;
  }

  /** A verifier, or {@code null} when no key is configured (tokens cannot be verified). */
  public static JwtVerifier create(Vertx vertx, JwtConfig config) {
    String key = "HS256".equals(config.algorithm()) ? config.secret() : config.publicKey();
    if (key == null) {
      return null;
    }
    PubSecKeyOptions keyOptions = new PubSecKeyOptions().setAlgorithm(config.algorithm()).setBuffer(key);
    return new JwtVerifier(JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(keyOptions)));
  }

  /** The claims of a valid token; a failed future when the signature, format or expiry is wrong. */
  public Future<JsonObject> verify(String token) {
    return provider.authenticate(new TokenCredentials(token)).map(user -> {
      JsonObject claims = user.principal();
      return claims == null ? new JsonObject() : claims;
    });
  }
}
