using System.Buffers;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Coffer.Core.Audit;

namespace Coffer.Server.Audit.Sinks;

/// <summary>
/// RFC 5424 messages, one per entry: <c>&lt;110&gt;1 {time} {host} coffer {pid} audit - {json}</c> (facility 13, log
/// audit; severity 6, informational), the entry's line as the message. Over UDP one datagram each (a lost datagram goes
/// unnoticed: UDP catches only local errors and a refused port); over TCP octet-counted frames (RFC 6587) on one
/// connection, opened again after a failure.
/// </summary>
internal sealed class AuditSyslogDevice(AuditSyslogSinkOptions options) : IAuditDevice
{
    private const int Priority = (13 * 8) + 6;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly string _header = $"1 {{0}} {Environment.MachineName} coffer {Environment.ProcessId} audit - ";
    private Socket? _socket;
    private NetworkStream? _stream;

    public string Name => $"syslog {options.Address}";

    public async Task WriteAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        await _lock.WaitAsync(timeout.Token);
        try
        {
            var socket = _socket ??= await ConnectAsync(timeout.Token);
            var frames = new ArrayBufferWriter<byte>(1024);
            foreach (var record in records)
            {
                var message = Message(record);
                if (socket.SocketType == SocketType.Dgram)
                {
                    await socket.SendAsync(message, SocketFlags.None, timeout.Token);
                }
                else
                {
                    frames.Write(Encoding.ASCII.GetBytes(message.Length.ToString(CultureInfo.InvariantCulture) + " "));
                    frames.Write(message);
                }
            }

            if (_stream is { } stream)
            {
                await stream.WriteAsync(frames.WrittenMemory, timeout.Token);
                await stream.FlushAsync(timeout.Token);
            }
        }
        catch
        {
            Close(); // reconnect for the next entries
            throw;
        }
        finally
        {
            _lock.Release();
        }
    }

    private byte[] Message(AuditRecord record)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        buffer.Write(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"<{Priority}>{string.Format(CultureInfo.InvariantCulture, _header, record.Entry.Time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture))}")));
        using (var json = new Utf8JsonWriter(buffer))
        {
            AuditRecordJson.Write(json, record);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private async Task<Socket> ConnectAsync(CancellationToken cancellationToken)
    {
        var udp = options.Address.Scheme == "udp";
        var socket = new Socket(udp ? SocketType.Dgram : SocketType.Stream, udp ? ProtocolType.Udp : ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(options.Address.Host, options.Address.Port, cancellationToken);
            _stream = udp ? null : new NetworkStream(socket, ownsSocket: false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private void Close()
    {
        _stream?.Dispose();
        _stream = null;
        _socket?.Dispose();
        _socket = null;
    }

    public ValueTask DisposeAsync()
    {
        Close();
        _lock.Dispose();
        return ValueTask.CompletedTask;
    }
}
