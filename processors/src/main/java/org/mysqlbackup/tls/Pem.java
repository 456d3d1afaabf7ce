package org.mysqlbackup.tls;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;

/** PEM text of a certificate or CRL (RFC 7468), for tools that do not read PKCS#12 such as openssl. */
final class Pem {
    private static final Base64.Encoder BASE64 =
            Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

    private Pem() {
    }

    static String certificate(X509Certificate certificate) throws CertificateEncodingException {
        return "-----BEGIN CERTIFICATE-----\n"
                + BASE64.encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    static String crl(java.security.cert.X509CRL crl) throws java.security.cert.CRLException {
        return "-----BEGIN X509 CRL-----\n"
                + BASE64.encodeToString(crl.getEncoded())
                + "\n-----END X509 CRL-----\n";
    }
}
