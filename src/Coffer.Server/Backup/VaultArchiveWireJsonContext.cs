using System.Text.Json.Serialization;
using Coffer.Core.Backup.Archive;

namespace Coffer.Server.Backup;

/// <summary>The whole-vault restore report on the wire: <c>{"restored":[…],"skipped":[…],"failed":[…]}</c>, camelCase.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(VaultRestoreReport))]
internal sealed partial class VaultArchiveWireJsonContext : JsonSerializerContext;
