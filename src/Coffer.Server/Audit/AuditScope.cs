namespace Coffer.Server.Audit;

/// <summary>
/// The audit state of one request (a request feature): its ids, and the object an endpoint names when
/// the route does not (a restore learns its object's name from the blob).
/// </summary>
internal sealed class AuditScope(string requestId, string? correlationId)
{
    public string RequestId { get; } = requestId;

    /// <summary>The client's <c>x-ms-client-request-id</c> when it sent one, else the request id.</summary>
    public string CorrelationId { get; } = correlationId ?? requestId;

    public string? ObjectName { get; private set; }

    public string? ObjectVersion { get; private set; }

    /// <summary>True once the request's entry with its status is stored (<see cref="AuditMode.Release"/>): the auditor records no other.</summary>
    public bool OutcomeStored { get; private set; }

    public void MarkOutcomeStored() => OutcomeStored = true;

    /// <summary>Called by endpoints whose object is not in the route.</summary>
    public void Describe(string name, string? version)
    {
        ObjectName = name;
        ObjectVersion = version;
    }
}
