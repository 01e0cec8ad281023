namespace Coffer.Core.Storage;

/// <summary>
/// Keys, secrets and certificates with their versions: every part of the object store a provider implements, one
/// contract each; services depend on the part they use.
/// </summary>
public interface IObjectStore : IObjectVersionStore, IObjectLifecycleStore, IWholeObjectStore, IPendingOperationStore;
