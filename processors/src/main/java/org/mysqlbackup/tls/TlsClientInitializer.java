package org.mysqlbackup.tls;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.apache.camel.component.netty.ClientInitializerFactory;
import org.apache.camel.component.netty.DefaultClientInitializerFactory;
import org.apache.camel.component.netty.NettyProducer;

/**
 * The client's channel pipeline: camel-netty's own, with its TLS handler replaced by one from a
 * netty {@link SslContext} (BoringSSL) that also checks the server's certificate names the host
 * the client connects to ({@code server.host}), unless that check is switched off.
 */
public class TlsClientInitializer extends ClientInitializerFactory {
    private final SslContext sslContext;
    private final String host;
    private final int port;
    private final boolean verifyHostname;

    public TlsClientInitializer(SslContext sslContext, String host, int port, boolean verifyHostname) {
        this.sslContext = sslContext;
        this.host = host;
        this.port = port;
        this.verifyHostname = verifyHostname;
    }

    @Override
    public ClientInitializerFactory createPipelineFactory(NettyProducer producer) {
        return new DefaultClientInitializerFactory(producer) {
            @Override
            protected void initChannel(Channel channel) throws Exception {
                super.initChannel(channel);
                channel.pipeline().replace("ssl", "ssl", handler(channel));
            }
        };
    }

    private SslHandler handler(Channel channel) {
        SslHandler handler = sslContext.newHandler(channel.alloc(), host, port);
        if (verifyHostname) {
            SSLEngine engine = handler.engine();
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(parameters);
        }
        return handler;
    }

    @Override
    protected void initChannel(Channel channel) {
        throw new IllegalStateException("template only: camel-netty uses createPipelineFactory");
    }
}
