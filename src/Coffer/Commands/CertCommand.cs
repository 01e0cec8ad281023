using System.CommandLine;
using Coffer.Server.Hosting;
using Coffer.Server.Tls;

namespace Coffer.Cli.Commands;

/// <summary><c>coffer cert export</c>: writes the local CA certificate as PEM, for clients to trust.</summary>
internal static class CertCommand
{
    public static Command Create()
    {
        var dataDir = CommonOptions.DataDirectory();
        var output = new Option<string?>("--out") { Description = "File to write; standard output when omitted." };
        var export = new Command("export", "Write the CA certificate (PEM) that signs the server certificate.") { dataDir, output };
        export.SetAction(async (result, cancellationToken) =>
        {
            var options = new CofferOptions { DataDirectory = Path.GetFullPath(result.GetValue(dataDir)!) };
            var pem = CertificateAuthority.LoadOrCreate(options.TlsDirectory, TimeProvider.System).CertificatePem + "\n";
            if (result.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file, pem, cancellationToken);
            }
            else
            {
                await Console.Out.WriteAsync(pem);
            }

            return 0;
        });
        return new Command("cert", "The local certificate authority.") { export };
    }
}
