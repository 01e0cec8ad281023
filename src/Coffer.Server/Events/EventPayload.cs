using System.Text.Json;
using Coffer.Core;
using Coffer.Core.Events;
using Coffer.Core.Vaults;

namespace Coffer.Server.Events;

/// <summary>
/// The body of one delivery, as Event Grid sends Key Vault events: an array of one event in the Event Grid schema, or
/// one CloudEvents 1.0 event. <c>data</c> carries Azure's fields (Id, VaultName, ObjectType, ObjectName, Version, NBF,
/// EXP — times in Unix seconds); the topic is the vault's Resource Manager id and the subject the object's name.
/// </summary>
internal static class EventPayload
{
    public const string EventGridContentType = "application/json";
    public const string CloudEventsContentType = "application/cloudevents+json";

    public static byte[] Create(VaultEvent raised, EventSchema schema, string vaultUri, string subscriptionId)
    {
        var topic = $"/subscriptions/{subscriptionId}/resourceGroups/{Vault.ResourceGroup}/providers/Microsoft.KeyVault/vaults/{raised.Vault}";
        var subject = raised.ObjectName ?? raised.Vault;
        var time = raised.Time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", System.Globalization.CultureInfo.InvariantCulture);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            if (schema == EventSchema.CloudEvents)
            {
                json.WriteStartObject();
                json.WriteString("specversion", "1.0");
                json.WriteString("id", raised.Id);
                json.WriteString("source", topic);
                json.WriteString("subject", subject);
                json.WriteString("type", raised.Type.WireName());
                json.WriteString("time", time);
                json.WriteString("datacontenttype", "application/json");
                WriteData(json, raised, vaultUri);
                json.WriteEndObject();
            }
            else
            {
                json.WriteStartArray();
                json.WriteStartObject();
                json.WriteString("id", raised.Id);
                json.WriteString("topic", topic);
                json.WriteString("subject", subject);
                json.WriteString("eventType", raised.Type.WireName());
                json.WriteString("eventTime", time);
                WriteData(json, raised, vaultUri);
                json.WriteString("dataVersion", "1");
                json.WriteString("metadataVersion", "1");
                json.WriteEndObject();
                json.WriteEndArray();
            }
        }

        return buffer.ToArray();
    }

    private static void WriteData(Utf8JsonWriter json, VaultEvent raised, string vaultUri)
    {
        var kind = raised.Type.Kind();
        json.WriteStartObject("data");
        json.WriteString("Id", kind is { } k ? $"{vaultUri}{k.Collection()}/{raised.ObjectName}/{raised.Version}" : vaultUri);
        json.WriteString("VaultName", raised.Vault);
        json.WriteString("ObjectType", kind?.DisplayName() ?? "Vault");
        json.WriteString("ObjectName", raised.ObjectName ?? raised.Vault);
        WriteNullable(json, "Version", raised.Version);
        WriteTime(json, "NBF", raised.NotBefore);
        WriteTime(json, "EXP", raised.Expires);
        json.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteTime(Utf8JsonWriter json, string name, DateTimeOffset? value)
    {
        if (value is { } time)
        {
            json.WriteNumber(name, time.ToUnixTimeSeconds());
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
