using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SparkTuner.Clients.Prometheus;
using SparkTuner.Core.Series;
using SparkTuner.TestSupport;

namespace SparkTuner.Clients.Tests.Prometheus;

/// <summary>
/// A real Prometheus serving HTTPS (its --web.config.file TLS) with a certificate from a private CA, as an OpenShift
/// service CA or a company CA would issue it: the client trusts exactly what Prometheus:CaFile names.
/// </summary>
public sealed class PrometheusTlsTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sparktuner-tls-" + Guid.NewGuid().ToString("N")[..12]);
    private PrometheusServer? _prometheus;

    private string CaFile => Path.Combine(_dir, "ca.crt");
    private string OtherCaFile => Path.Combine(_dir, "other-ca.crt");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        using var ca = NewCa("SparkTuner test CA");
        using var other = NewCa("Some other CA");
        await File.WriteAllTextAsync(CaFile, ca.ExportCertificatePem());
        await File.WriteAllTextAsync(OtherCaFile, other.ExportCertificatePem());

        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=prometheus", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var leaf = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1), [1, 2, 3, 4]);
        _prometheus = await PrometheusServer.StartAsync(tls: (leaf.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem()));
    }

    public async Task DisposeAsync()
    {
        if (_prometheus is not null) await _prometheus.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static X509Certificate2 NewCa(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddDays(2));
    }

    private PrometheusTimeSeriesSource Source(string? caFile = null, bool insecure = false) =>
        PrometheusTimeSeriesSource.Create(new PrometheusOptions { BaseUrl = _prometheus!.BaseUrl, CaFile = caFile, InsecureSkipVerify = insecure, TimeoutSeconds = 10 });

    [Fact]
    public async Task Https_CaFileNamesTheIssuer_VersionAndQueriesWork()
    {
        Assert.StartsWith("https://", _prometheus!.BaseUrl, StringComparison.Ordinal);
        using var source = Source(CaFile);
        Assert.StartsWith("2.", await source.VersionAsync(), StringComparison.Ordinal);
        var result = await source.QueryInstantAsync("vector(1)", DateTimeOffset.UtcNow);
        Assert.Single(result.Data);
    }

    [Fact]
    public async Task Https_NoCaFile_SystemTrustRefusesWithTlsMessage()
    {
        using var source = Source();
        var ex = await Assert.ThrowsAsync<DataSourceException>(() => source.VersionAsync());
        Assert.Equal("unreachable", ex.ErrorType);
        Assert.Contains("TLS handshake failed", ex.Message, StringComparison.Ordinal);
        Assert.Contains(_prometheus!.BaseUrl, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Https_CaFileOfAnotherCa_Refused()
    {
        using var source = Source(OtherCaFile);
        var ex = await Assert.ThrowsAsync<DataSourceException>(() => source.VersionAsync());
        Assert.Contains("TLS handshake failed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Https_InsecureSkipVerify_Accepted()
    {
        using var source = Source(insecure: true);
        Assert.StartsWith("2.", await source.VersionAsync(), StringComparison.Ordinal);
    }
}
