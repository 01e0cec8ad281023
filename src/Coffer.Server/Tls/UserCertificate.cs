using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Coffer.Server.Hosting;

namespace Coffer.Server.Tls;

/// <summary>
/// The server certificate an operator brings (<c>--tls-cert</c>/<c>--tls-key</c> PEM, or <c>--tls-pfx</c>), in place of
/// the one the generated CA issues. Read again when its files change or on SIGHUP; a read that fails keeps the certificate
/// served so far and is logged, so a half-copied file never takes the server down.
/// </summary>
internal sealed class UserCertificate : IDisposable
{
    private readonly CofferOptions _options;
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly PosixSignalRegistration? _hangup;
    private readonly Lock _reloading = new();
    private ILogger? _logger;
    private volatile X509Certificate2 _current;

    private UserCertificate(CofferOptions options, X509Certificate2 certificate)
    {
        _options = options;
        _current = certificate;
        foreach (var path in options.TlsFiles)
        {
            var watcher = new FileSystemWatcher(Path.GetDirectoryName(Path.GetFullPath(path))!, Path.GetFileName(path))
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            watcher.Changed += (_, _) => Reload("its file changed");
            watcher.Created += (_, _) => Reload("its file changed");
            watcher.Renamed += (_, _) => Reload("its file changed");
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }

        if (!OperatingSystem.IsWindows())
        {
            _hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true; // SIGHUP reloads; it does not stop the server
                Reload("SIGHUP");
            });
        }
    }

    public X509Certificate2 Current => _current;

    /// <summary>The operator's certificate when the options name one, else null.</summary>
    /// <exception cref="InvalidOperationException">Invalid options: the files cannot be read as a certificate with its private key.</exception>
    public static UserCertificate? Load(CofferOptions options)
    {
        if (options.TlsFiles.Count == 0)
        {
            return null;
        }

        try
        {
            return new UserCertificate(options, Read(options));
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new InvalidOperationException($"Invalid options:{Environment.NewLine}{(options.TlsPfx is null ? "--tls-cert/--tls-key" : "--tls-pfx")}: {e.Message}", e);
        }
    }

    public void UseLogger(ILogger logger) => _logger = logger;

    public void Dispose()
    {
        _hangup?.Dispose();
        _watchers.ForEach(w => w.Dispose());
    }

    private void Reload(string why)
    {
        lock (_reloading)
        {
            try
            {
                var certificate = Read(_options);
                if (certificate.Thumbprint == _current.Thumbprint)
                {
                    return;
                }

                _current = certificate; // the previous one may still serve a handshake under way: left to the collector
                _logger?.LogInformation("TLS certificate reloaded ({Why}): {Subject}, expires {NotAfter:u}.", why, certificate.Subject, certificate.NotAfter.ToUniversalTime());
            }
            catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                _logger?.LogError("TLS certificate not reloaded ({Why}), still serving {Subject}: {Message}", why, _current.Subject, e.Message);
            }
        }
    }

    private static X509Certificate2 Read(CofferOptions options)
    {
        var certificate = options.TlsPfx is { } pfx
            ? X509CertificateLoader.LoadPkcs12FromFile(pfx, options.TlsPfxPassword, X509KeyStorageFlags.EphemeralKeySet)
            : X509Certificate2.CreateFromPemFile(options.TlsCertificate!, options.TlsKey);
        if (!certificate.HasPrivateKey)
        {
            throw new CryptographicException("the certificate has no private key.");
        }

        return certificate;
    }
}
