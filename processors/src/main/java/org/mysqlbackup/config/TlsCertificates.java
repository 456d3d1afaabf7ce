package org.mysqlbackup.config;

import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The certificates whose expiry a side watches: its own and the CAs it trusts, by label. */
public final class TlsCertificates {
    private TlsCertificates() {
    }

    /** {@code ownLabel} for this side's certificate, {@code the CA} (numbered if several) for the CAs. */
    public static Map<String, X509Certificate> watched(String ownLabel, TlsSettings tls) {
        Map<String, X509Certificate> watched = new LinkedHashMap<>();
        watched.put(ownLabel, tls.ownCertificate());
        List<X509Certificate> cas = tls.trustedCertificates();
        for (int i = 0; i < cas.size(); i++) {
            watched.put(cas.size() == 1 ? "the CA" : "the CA #" + (i + 1), cas.get(i));
        }
        return watched;
    }
}
