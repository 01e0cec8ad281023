namespace Coffer.Server.Audit;

/// <summary>What an endpoint does, in the words of Azure's audit logs (<c>SecretGet</c>, <c>KeyRestore</c>, <c>VaultCreate</c>).</summary>
internal sealed record AuditOperation(string Name, string ObjectKind);
