package org.mysqlbackup.tls;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.security.cert.Certificate;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.net.InetSocketAddress;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's open connections with the client certificate each one authenticated with, so a
 * certificate revoked while its client is connected can be cut off at once rather than at its next
 * handshake. {@link #handler()} goes right after the TLS handler of each channel.
 */
public final class AuthenticatedChannels {
    private static final Logger LOG = LoggerFactory.getLogger(AuthenticatedChannels.class);

    private final Map<Channel, X509Certificate> byChannel = new ConcurrentHashMap<>();
    private final HandshakeRefusalListener refusals;

    public AuthenticatedChannels() {
        this((clientId, remote, reason) -> { });
    }

    /**
     * @param refusals hears of handshakes that failed before any certificate was checked (no
     *     client certificate, no common protocol): the trust manager reports the others
     */
    public AuthenticatedChannels(HandshakeRefusalListener refusals) {
        this.refusals = refusals;
    }

    /** One connection that was closed because its certificate is revoked. */
    public record Closed(String clientId, String serial, String remote) {
    }

    /** Registers the channel once its handshake succeeded; it leaves when the channel closes. */
    public ChannelHandler handler() {
        return new Registrar();
    }

    public int size() {
        return byChannel.size();
    }

    /** Closes every open connection whose certificate {@code crl} revokes. */
    public List<Closed> closeRevoked(X509CRL crl) {
        List<Closed> closed = new ArrayList<>();
        if (crl == null) {
            return closed;
        }
        byChannel.forEach((channel, certificate) -> {
            if (crl.getRevokedCertificate(certificate) != null) {
                byChannel.remove(channel);
                channel.close();
                closed.add(new Closed(RevocationCheckingTrustManager.commonName(certificate),
                        certificate.getSerialNumber().toString(16), String.valueOf(channel.remoteAddress())));
            }
        });
        return closed;
    }

    /** Whether the trust manager saw the certificate (and so reported the refusal itself). */
    private static boolean checkedCertificate(Throwable cause) {
        for (Throwable cur = cause; cur != null; cur = cur.getCause()) {
            if (cur instanceof CertificateException) {
                return true;
            }
        }
        return false;
    }

    private static boolean handshakeFailure(Throwable cause) {
        for (Throwable cur = cause; cur != null; cur = cur.getCause()) {
            if (cur instanceof SSLHandshakeException) {
                return true;
            }
        }
        return false;
    }

    private static String remote(Channel channel) {
        return channel.remoteAddress() instanceof InetSocketAddress address
                ? address.getHostString() + ":" + address.getPort() : String.valueOf(channel.remoteAddress());
    }

    private final class Registrar extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext context, Object event) throws Exception {
            if (event instanceof SslHandshakeCompletionEvent completion) {
                if (completion.isSuccess()) {
                    register(context.channel());
                } else if (!checkedCertificate(completion.cause())) {
                    refusals.refused(null, remote(context.channel()), "TLS handshake failed: "
                            + completion.cause().getMessage());
                }
            }
            super.userEventTriggered(context, event);
        }

        /**
         * A failed handshake was reported above, with its reason: it needs no stack trace from
         * camel-netty's exception handler, only to be closed.
         */
        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) throws Exception {
            if (handshakeFailure(cause)) {
                LOG.debug("TLS handshake with {} failed", remote(context.channel()), cause);
                context.close();
                return;
            }
            super.exceptionCaught(context, cause);
        }

        private void register(Channel channel) {
            SslHandler ssl = channel.pipeline().get(SslHandler.class);
            try {
                Certificate[] peer = ssl.engine().getSession().getPeerCertificates();
                if (peer.length > 0 && peer[0] instanceof X509Certificate certificate) {
                    byChannel.put(channel, certificate);
                    channel.closeFuture().addListener(f -> byChannel.remove(channel));
                }
            } catch (SSLPeerUnverifiedException e) {
                // the consumer requires a certificate; a channel without one is refused anyway
            }
        }
    }
}
