using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Coffer.Core.Crypto;

namespace Coffer.Core.Audit;

/// <summary>
/// The hash chain that makes the log tamper-evident: <c>hash_n = HMAC-SHA256(auditKey, hash_{n-1} || canonical(entry_n))</c>,
/// with <c>hash_0</c> all zeros and the key kept in the keyring (<see cref="Keyring.AuditChainKey"/>), so editing, inserting or
/// removing an entry breaks every later hash and only the holder of the root key could rewrite the chain.
/// </summary>
public sealed class AuditChain(byte[] key) : IDisposable
{
    // One keyed HMAC reused (a one-shot HMAC sets its key up per call); entries are hashed by one writer, the lock is uncontended.
    private readonly IncrementalHash _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
    private readonly ArrayBufferWriter<byte> _buffer = new(512);
    private readonly Lock _lock = new();

    /// <summary>How the chain key was derived from the root key before the keyring kept it; a keyring upgraded from then keeps that key.</summary>
    public const string KeyPurpose = "coffer-audit-chain-v1";

    public static byte[] Genesis => new byte[32];

    /// <summary>The record that follows <paramref name="previousHash"/> at <paramref name="sequence"/>.</summary>
    public AuditRecord Seal(long sequence, AuditEntry entry, ReadOnlySpan<byte> previousHash) =>
        new(sequence, entry, Hash(sequence, entry, previousHash));

    public byte[] Hash(long sequence, AuditEntry entry, ReadOnlySpan<byte> previousHash)
    {
        lock (_lock)
        {
            var buffer = _buffer;
            buffer.ResetWrittenCount();
            buffer.Write(previousHash);
            Field(buffer, sequence.ToString(CultureInfo.InvariantCulture));
            Field(buffer, entry.Time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
            Field(buffer, entry.ObjectId);
            Field(buffer, entry.ApplicationId);
            Field(buffer, entry.TenantId);
            Field(buffer, entry.Vault);
            Field(buffer, entry.Operation);
            Field(buffer, entry.ObjectKind);
            Field(buffer, entry.ObjectName);
            Field(buffer, entry.ObjectVersion);
            Field(buffer, entry.Status?.ToString(CultureInfo.InvariantCulture));
            Field(buffer, entry.RequestId);
            Field(buffer, entry.CorrelationId);
            Field(buffer, entry.ClientIp);
            if (entry.Issuer is not null)
            {
                Field(buffer, entry.Issuer); // after the last field, so entries from before issuers were recorded hash as they did
            }

            _hmac.AppendData(buffer.WrittenSpan);
            return _hmac.GetHashAndReset();
        }
    }

    public void Dispose() => _hmac.Dispose();

    /// <summary>
    /// Checks records read in order from sequence 1 (or continuing from <paramref name="previous"/>):
    /// consecutive sequences and every hash recomputed. Returns the first broken sequence, or null.
    /// </summary>
    public long? FirstBroken(IEnumerable<AuditRecord> records, AuditRecord? previous) =>
        FirstBrokenAfter(records, previous is null ? AuditAnchor.Start : new AuditAnchor(previous.Sequence, previous.Hash));

    /// <summary>Checks records that continue the chain after <paramref name="start"/> (the start of the log, an anchor, a segment's start).</summary>
    public long? FirstBrokenAfter(IEnumerable<AuditRecord> records, AuditAnchor start)
    {
        var expected = start.Sequence + 1;
        var previousHash = start.Hash;
        foreach (var record in records)
        {
            if (record.Sequence != expected || !CryptographicOperations.FixedTimeEquals(Hash(record.Sequence, record.Entry, previousHash), record.Hash))
            {
                return expected;
            }

            previousHash = record.Hash;
            expected++;
        }

        return null;
    }

    // Length-prefixed, so no choice of field values can make two entries read the same; null differs from empty.
    private static void Field(ArrayBufferWriter<byte> buffer, string? value)
    {
        if (value is null)
        {
            buffer.Write("-1:"u8);
            return;
        }

        var length = Encoding.UTF8.GetByteCount(value);
        var span = buffer.GetSpan(length + 12);
        length.TryFormat(span, out var digits, provider: CultureInfo.InvariantCulture);
        span[digits] = (byte)':';
        buffer.Advance(digits + 1 + Encoding.UTF8.GetBytes(value, span[(digits + 1)..]));
    }
}
