package org.mysqlbackup.tls;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import org.apache.camel.component.netty.DefaultServerInitializerFactory;
import org.apache.camel.component.netty.NettyConsumer;
import org.apache.camel.component.netty.ServerInitializerFactory;

/**
 * The server's channel pipeline: camel-netty's own (codecs, handler, executor), with its TLS
 * handler replaced by one from a netty {@link SslContext} (BoringSSL), followed by the
 * {@link AuthenticatedChannels} registrar. Referenced from the route as
 * {@code serverInitializerFactory=#tlsServerInitializer}; camel-netty asks this template for a
 * per-consumer instance.
 */
public class TlsServerInitializer extends ServerInitializerFactory {
    private final SslContext sslContext;
    private final AuthenticatedChannels channels;

    public TlsServerInitializer(SslContext sslContext) {
        this(sslContext, new AuthenticatedChannels());
    }

    public TlsServerInitializer(SslContext sslContext, AuthenticatedChannels channels) {
        this.sslContext = sslContext;
        this.channels = channels;
    }

    @Override
    public ServerInitializerFactory createPipelineFactory(NettyConsumer consumer) {
        return new DefaultServerInitializerFactory(consumer) {
            @Override
            protected void initChannel(Channel channel) throws Exception {
                super.initChannel(channel);
                // The peer's address goes to the engine so that a refused handshake can name it.
                if (channel.remoteAddress() instanceof InetSocketAddress remote) {
                    channel.pipeline().replace("ssl", "ssl", sslContext.newHandler(channel.alloc(),
                            remote.getHostString(), remote.getPort()));
                } else {
                    channel.pipeline().replace("ssl", "ssl", sslContext.newHandler(channel.alloc()));
                }
                channel.pipeline().addAfter("ssl", "authenticated-channels", channels.handler());
            }
        };
    }

    @Override
    protected void initChannel(Channel channel) {
        throw new IllegalStateException("template only: camel-netty uses createPipelineFactory");
    }
}
