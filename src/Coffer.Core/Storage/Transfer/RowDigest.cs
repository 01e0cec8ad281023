using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Coffer.Core.Storage.Transfer;

/// <summary>
/// SHA-256 over rows, each column tagged with its type and length-prefixed, so two sequences of rows have the same
/// digest only when they are the same rows, column by column, in the same order. Times count to the tick, in UTC.
/// </summary>
internal sealed class RowDigest : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public long Rows { get; private set; }

    public void AddRow(StorageRow row)
    {
        Rows++;
        row.AddTo(this);
    }

    public RowDigest Add(string? value)
    {
        if (value is null)
        {
            return Null();
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        return Tagged((byte)'s', bytes.Length).Raw(bytes);
    }

    public RowDigest Add(byte[]? value) => value is null ? Null() : Tagged((byte)'x', value.Length).Raw(value);

    public RowDigest Add(long value) => Tagged((byte)'i', value);

    public RowDigest Add(int value) => Tagged((byte)'i', value);

    public RowDigest Add(long? value) => value is { } v ? Add(v) : Null();

    public RowDigest Add(int? value) => value is { } v ? Add((long)v) : Null();

    public RowDigest Add(bool value) => Tagged((byte)'b', value ? 1 : 0);

    public RowDigest Add(DateTimeOffset value) => Tagged((byte)'t', value.UtcTicks);

    public RowDigest Add(DateTimeOffset? value) => value is { } v ? Add(v) : Null();

    public string Finish() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public void Dispose() => _hash.Dispose();

    private RowDigest Null()
    {
        _hash.AppendData([(byte)'n']);
        return this;
    }

    private RowDigest Tagged(byte tag, long value)
    {
        Span<byte> buffer = stackalloc byte[9];
        buffer[0] = tag;
        BinaryPrimitives.WriteInt64BigEndian(buffer[1..], value);
        _hash.AppendData(buffer);
        return this;
    }

    private RowDigest Raw(byte[] bytes)
    {
        _hash.AppendData(bytes);
        return this;
    }
}
