using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SupervisionFlow.Web.Notifications;

/// <summary>
/// Which SMTP server certificates are accepted (<c>Notifications:Smtp</c>): by default what the system trusts for the
/// host name (MailKit's own check); with <c>CertificateThumbprint</c> exactly that certificate and no other; with
/// <c>DangerousAcceptAnyCertificate</c> anything (test relays only).
/// </summary>
public static class ServerCertificatePolicy
{
    /// <summary>The callback for MailKit's <c>ServerCertificateValidationCallback</c>; null keeps MailKit's default validation.</summary>
    public static RemoteCertificateValidationCallback? For(NotificationsOptions.SmtpSettings smtp)
    {
        ArgumentNullException.ThrowIfNull(smtp);
        if (!string.IsNullOrWhiteSpace(smtp.CertificateThumbprint))
        {
            var expected = Normalize(smtp.CertificateThumbprint);
            // Pinning replaces the chain and name checks: a self-signed relay certificate has neither, and a pin
            // that matches is a stronger statement than either.
            return (_, certificate, _, _) => certificate is not null
                && string.Equals(Thumbprint(certificate), expected, StringComparison.Ordinal);
        }
        if (smtp.DangerousAcceptAnyCertificate)
        {
            return (_, _, _, _) => true;
        }
        return null;
    }

    /// <summary>Upper-case hex without separators, as <see cref="Thumbprint"/> writes it.</summary>
    public static string Normalize(string thumbprint)
    {
        ArgumentNullException.ThrowIfNull(thumbprint);
        return new string([.. thumbprint.Where(c => c is not (':' or ' ' or '-')).Select(char.ToUpperInvariant)]);
    }

    /// <summary>The certificate's SHA-256 thumbprint (what <c>openssl x509 -fingerprint -sha256</c> prints, without colons).</summary>
    public static string Thumbprint(X509Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.GetCertHashString(HashAlgorithmName.SHA256);
    }
}
