using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SupervisionFlow.Web.Notifications;

namespace SupervisionFlow.Web.Tests.Notifications;

/// <summary>
/// A self-signed certificate for one test's TLS server, made here (RSA 2048, for localhost and 127.0.0.1, valid a
/// day) and written as PEM files, the form Python's ssl module loads; deleted on dispose.
/// </summary>
public sealed class ThrowAwayCertificate : IDisposable
{
    private readonly string _directory = NotificationsTestData.TempDirectory("tls");

    public ThrowAwayCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        // Round-trip through PFX, as a certificate handed over by an administrator would arrive.
        using var pfx = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx, "throw-away"), "throw-away", X509KeyStorageFlags.Exportable);
        CertificateFile = Path.Combine(_directory, "server.crt");
        KeyFile = Path.Combine(_directory, "server.key");
        File.WriteAllText(CertificateFile, pfx.ExportCertificatePem());
        File.WriteAllText(KeyFile, pfx.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
        Thumbprint = ServerCertificatePolicy.Thumbprint(pfx);
    }

    public string CertificateFile { get; }

    public string KeyFile { get; }

    /// <summary>SHA-256, upper-case hex: what <c>Notifications:Smtp:CertificateThumbprint</c> expects.</summary>
    public string Thumbprint { get; }

    public AiosmtpdTls ForServer(bool implicitTls) => new(CertificateFile, KeyFile, implicitTls);

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
