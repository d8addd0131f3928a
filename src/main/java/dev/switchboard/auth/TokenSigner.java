package dev.switchboard.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

/**
 * Issues and checks the HS256 tokens the broker hands to its own clients (the push {@code auth} token that
 * HTTP calls present later). The secret is {@code jwt.secret} when configured, otherwise one generated for the
 * cluster and shared through cluster state, so every node accepts what any node issued.
 */
public final class TokenSigner {

  private final JWTAuth provider;

  public TokenSigner(Vertx vertx, String secret) {
    this.provider = JWTAuth.create(vertx, new JWTAuthOptions()
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
  }

  public String sign(JsonObject claims) {
    return provider.generateToken(claims, new JWTOptions().setAlgorithm("HS256"));
  }

  public Future<JsonObject> verify(String token) {
    return provider.authenticate(new TokenCredentials(token)).map(user -> user.principal());
  }
}
