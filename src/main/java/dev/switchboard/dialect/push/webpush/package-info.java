/**
 * Web Push for the push dialect (SPEC §2): RFC 8030 delivery, RFC 8291 {@code aes128gcm} message encryption and
 * RFC 8292 VAPID, on JDK crypto alone. Entry points: {@link dev.switchboard.dialect.push.webpush.VapidKeys}
 * (the configured key pair), {@link dev.switchboard.dialect.push.webpush.WebPushSubscription} (what
 * {@code REGISTER_FCM} carries), {@link dev.switchboard.dialect.push.webpush.WebPushSender} (one push, a
 * {@link dev.switchboard.dialect.push.webpush.WebPushResult} back), and the
 * {@link dev.switchboard.dialect.push.webpush.VapidKeyGenerator} command line.
 *
 * <p>Why not a library: {@code nl.martijndwars:web-push} brings Netty 4.1 and BouncyCastle, which clash with
 * Vert.x 5's Netty 4.2; {@code com.interaso:webpush} would add the Kotlin runtime for what is a few hundred lines
 * here — P-256 ECDH, HKDF-SHA-256, AES-128-GCM and ES256 are all in the JDK — and the POST has to go through
 * the non-blocking Vert.x client anyway. Correctness is pinned by the RFC 8291 Appendix A vector, reproduced
 * byte for byte in {@code WebPushEncryptionTest}.
 */
package dev.switchboard.dialect.push.webpush;
