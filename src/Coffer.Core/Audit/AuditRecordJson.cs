using System.Globalization;
using System.Text.Json;

namespace Coffer.Core.Audit;

/// <summary>
/// A record as one JSON object — the line of an export, a file sink, syslog, <c>coffer audit tail --output json</c> —
/// with every field the chain hashes, exactly (null kept apart from empty, the time to the millisecond), so a record
/// read back from it verifies. Never a value: an entry holds none.
/// </summary>
public static class AuditRecordJson
{
    public static void Write(Utf8JsonWriter json, AuditRecord record)
    {
        var e = record.Entry;
        json.WriteStartObject();
        json.WriteNumber("sequence", record.Sequence);
        json.WriteString("time", e.Time.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
        json.WriteString("objectId", e.ObjectId);
        json.WriteString("applicationId", e.ApplicationId);
        json.WriteString("tenantId", e.TenantId);
        if (e.Issuer is not null)
        {
            json.WriteString("issuer", e.Issuer);
        }

        json.WriteString("vault", e.Vault);
        json.WriteString("operation", e.Operation);
        json.WriteString("objectKind", e.ObjectKind);
        json.WriteString("objectName", e.ObjectName);
        json.WriteString("objectVersion", e.ObjectVersion);
        if (e.Status is { } status)
        {
            json.WriteNumber("status", status);
        }
        else
        {
            json.WriteNull("status");
        }

        json.WriteString("requestId", e.RequestId);
        json.WriteString("correlationId", e.CorrelationId);
        json.WriteString("clientIp", e.ClientIp);
        json.WriteString("hash", Convert.ToHexStringLower(record.Hash));
        json.WriteEndObject();
    }

    /// <exception cref="FormatException">A field is missing or of the wrong type.</exception>
    public static AuditRecord Read(JsonElement json)
    {
        try
        {
            var entry = new AuditEntry(
                DateTimeOffset.ParseExact(json.GetProperty("time").GetString()!, "yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
                Text(json, "objectId"),
                Text(json, "applicationId"),
                Text(json, "tenantId"),
                Text(json, "vault"),
                Text(json, "operation") ?? throw new FormatException("An audit record has no operation."),
                Text(json, "objectKind"),
                Text(json, "objectName"),
                Text(json, "objectVersion"),
                json.GetProperty("status") is { ValueKind: JsonValueKind.Number } status ? status.GetInt32() : null,
                Text(json, "requestId") ?? throw new FormatException("An audit record has no request id."),
                Text(json, "correlationId"),
                Text(json, "clientIp"),
                json.TryGetProperty("issuer", out _) ? Text(json, "issuer") : null);
            return new AuditRecord(json.GetProperty("sequence").GetInt64(), entry, Convert.FromHexString(json.GetProperty("hash").GetString()!));
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or ArgumentNullException)
        {
            throw new FormatException($"Not an audit record: {e.Message}", e);
        }
    }

    private static string? Text(JsonElement json, string name) => json.GetProperty(name).GetString();
}
