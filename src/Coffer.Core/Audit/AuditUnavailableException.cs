namespace Coffer.Core.Audit;

/// <summary>A store could not append an audit record, so the write it belongs to was rolled back: nothing was done.</summary>
public sealed class AuditUnavailableException(Exception inner) : Exception("The audit log could not record this write, so it was not performed.", inner);
