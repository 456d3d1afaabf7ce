package org.mysqlbackup.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;

/** The certificate of a keystore this CA issued, e.g. to index one issued before the index existed. */
public final class KeystoreCertificates {
    private KeystoreCertificates() {
    }

    public static X509Certificate read(Path keystore, String alias, char[] password)
            throws IOException, GeneralSecurityException {
        return (X509Certificate) Pkcs12.readKeyEntry(keystore, alias, password).getCertificate();
    }
}
