using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Coffer.Core.Audit;

namespace Coffer.Server.Audit.Sinks;

/// <summary>
/// JSON lines (<see cref="AuditRecordJson"/>, the export's entry lines) in <c>{directory}/audit-{yyyyMMdd}-{n}.jsonl</c>:
/// a new file each UTC day and when the next lines would pass the size limit, so an operator's log shipper can take and
/// delete whole files. Lines are flushed to the operating system with each group, not to disk.
/// </summary>
internal sealed class AuditFileDevice(AuditFileSinkOptions options, TimeProvider time) : IAuditDevice
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);
    private FileStream? _file;
    private string? _day;
    private int _number;

    public string Name => $"file {options.Directory}";

    public async Task WriteAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            _buffer.ResetWrittenCount();
            await using (var json = new Utf8JsonWriter(_buffer))
            {
                foreach (var record in records)
                {
                    AuditRecordJson.Write(json, record);
                    await json.FlushAsync(cancellationToken);
                    json.Reset();
                    _buffer.Write("\n"u8);
                }
            }

            var file = Current(_buffer.WrittenCount);
            await file.WriteAsync(_buffer.WrittenMemory, cancellationToken);
            await file.FlushAsync(cancellationToken);
        }
        catch
        {
            await CloseAsync(); // a file that failed mid-write is not trusted with the next lines: the next write opens a new one
            throw;
        }
        finally
        {
            _lock.Release();
        }
    }

    private FileStream Current(int adding)
    {
        var day = time.GetUtcNow().ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        if (_file is not null && _day == day && (_file.Length == 0 || _file.Length + adding <= options.MaxBytes))
        {
            return _file;
        }

        _file?.Dispose();
        _file = null;
        Directory.CreateDirectory(options.Directory);
        _number = _day == day ? _number + 1 : Math.Max(1, LastNumber(day));
        _day = day;
        while (true)
        {
            var path = Path.Combine(options.Directory, $"audit-{day}-{_number:D3}.jsonl");
            var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 1, FileOptions.None);
            if (file.Length == 0 || file.Length + adding <= options.MaxBytes)
            {
                return _file = file;
            }

            file.Dispose();
            _number++;
        }
    }

    private int LastNumber(string day) =>
        Directory.EnumerateFiles(options.Directory, $"audit-{day}-*.jsonl")
            .Select(path => int.TryParse(Path.GetFileNameWithoutExtension(path)[(day.Length + 7)..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0)
            .DefaultIfEmpty(1)
            .Max();

    private async Task CloseAsync()
    {
        if (_file is { } file)
        {
            _file = null;
            await file.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _lock.WaitAsync();
        try
        {
            await CloseAsync();
        }
        finally
        {
            _lock.Release();
            _lock.Dispose();
        }
    }
}
