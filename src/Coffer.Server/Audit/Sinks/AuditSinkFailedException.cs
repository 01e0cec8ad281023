namespace Coffer.Server.Audit.Sinks;

/// <summary>A required audit sink could not take the entries of a group, so the group is not committed.</summary>
internal sealed class AuditSinkFailedException(string sink, Exception inner) : Exception($"The required audit sink {sink} failed: {inner.Message}", inner);
