package org.mysqlbackup.tls;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import org.apache.camel.component.netty.DefaultServerInitializerFactory;
import org.apache.camel.component.netty.NettyConsumer;
import org.apache.camel.component.netty.ServerInitializerFactory;

/**
 * The server's channel pipeline: camel-netty's own (codecs, handler, executor), with its TLS
 * handler replaced by one from a netty {@link SslContext} (BoringSSL). Referenced from the route
 * as {@code serverInitializerFactory=#tlsServerInitializer}; camel-netty asks this template for a
 * per-consumer instance.
 */
public class TlsServerInitializer extends ServerInitializerFactory {
    private final SslContext sslContext;

    public TlsServerInitializer(SslContext sslContext) {
        this.sslContext = sslContext;
    }

    @Override
    public ServerInitializerFactory createPipelineFactory(NettyConsumer consumer) {
        return new DefaultServerInitializerFactory(consumer) {
            @Override
            protected void initChannel(Channel channel) throws Exception {
                super.initChannel(channel);
                channel.pipeline().replace("ssl", "ssl", sslContext.newHandler(channel.alloc()));
            }
        };
    }

    @Override
    protected void initChannel(Channel channel) {
        throw new IllegalStateException("template only: camel-netty uses createPipelineFactory");
    }
}
