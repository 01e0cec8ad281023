namespace Coffer.Server.Audit;

/// <summary>How the <see cref="Auditor"/> records an endpoint's requests (<see cref="AuditModes"/> says which an endpoint has).</summary>
internal enum AuditMode
{
    /// <summary>Recorded after the answer, in the background, in order.</summary>
    Read,

    /// <summary>
    /// Recorded with its effect: the request's first write transaction commits its entry (status empty) or fails with it
    /// (<see cref="Core.Audit.TransactionAudit"/>); the outcome, with its status, is recorded after the answer.
    /// </summary>
    Write,

    /// <summary>
    /// A POST that changes nothing and hands out what it computed (a blob, a signature, an archive): its one entry, with
    /// the status of its result, is stored between the handler and the result, so nothing leaves unrecorded.
    /// </summary>
    Release,
}
