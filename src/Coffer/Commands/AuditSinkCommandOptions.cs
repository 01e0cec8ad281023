using System.CommandLine;
using Coffer.Server.Audit.Sinks;

namespace Coffer.Cli.Commands;

/// <summary><c>serve</c>'s audit sink options: <c>--audit-file DIR</c>, <c>--audit-syslog udp|tcp://host:port</c>, each with its mode.</summary>
internal sealed class AuditSinkCommandOptions
{
    private const long MiB = 1024 * 1024;

    private readonly Option<string?> _file = new("--audit-file")
    {
        Description = "Also write every audit entry as a JSON line to files in this directory (audit-{yyyyMMdd}-{n}.jsonl: a new file each UTC day and at --audit-file-max-mb).",
    };

    private readonly Option<int> _fileMaxMb = new("--audit-file-max-mb") { Description = "Size at which an audit file is closed and the next one begun, in MiB.", DefaultValueFactory = _ => 100 };

    private readonly Option<string> _fileMode = Mode("--audit-file-mode", "--audit-file");

    private readonly Option<Uri?> _syslog = new("--audit-syslog")
    {
        Description = "Also send every audit entry to syslog (RFC 5424) at udp://host:port or tcp://host:port.",
    };

    private readonly Option<string> _syslogMode = Mode("--audit-syslog-mode", "--audit-syslog");

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _file, _fileMaxMb, _fileMode, _syslog, _syslogMode })
        {
            command.Options.Add(option);
        }
    }

    public AuditFileSinkOptions? File(ParseResult result) => result.GetValue(_file) is { } directory
        ? new AuditFileSinkOptions
        {
            Directory = Path.GetFullPath(directory),
            MaxBytes = result.GetValue(_fileMaxMb) * MiB,
            Required = AuditSinkOptions.ParseMode(result.GetValue(_fileMode)!)!.Value,
        }
        : null;

    public AuditSyslogSinkOptions? Syslog(ParseResult result) => result.GetValue(_syslog) is { } address
        ? new AuditSyslogSinkOptions { Address = address, Required = AuditSinkOptions.ParseMode(result.GetValue(_syslogMode)!)!.Value }
        : null;

    private static Option<string> Mode(string name, string sink)
    {
        var option = new Option<string>(name)
        {
            Description = $"required: a {sink} failure refuses writes and releases (503), as a failing audit database does; best-effort: it is logged.",
            DefaultValueFactory = _ => "required",
        };
        option.AcceptOnlyFromAmong("required", "best-effort");
        return option;
    }
}
