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
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The server's open connections with the client certificate each one authenticated with, so a
 * certificate revoked while its client is connected can be cut off at once rather than at its next
 * handshake. {@link #handler()} goes right after the TLS handler of each channel.
 */
public final class AuthenticatedChannels {
    private final Map<Channel, X509Certificate> byChannel = new ConcurrentHashMap<>();

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

    private final class Registrar extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext context, Object event) throws Exception {
            if (event instanceof SslHandshakeCompletionEvent completion && completion.isSuccess()) {
                register(context.channel());
            }
            super.userEventTriggered(context, event);
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
