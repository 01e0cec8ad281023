namespace Coffer.Core.Storage;

/// <summary>Small named values: the deployment's default tenant and vault, sealed signing keys, certificate issuers and contacts.</summary>
public interface ISettingStore
{
    Task<string?> GetAsync(string name, CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="value"/> unless the name has one; returns the value that is stored.</summary>
    Task<string> GetOrAddAsync(string name, string value, CancellationToken cancellationToken);

    /// <summary>
    /// Stores each (name, value) whose name has none, all in one transaction, leaving stored values as they are;
    /// returns the names it stored. Names given twice are refused.
    /// </summary>
    Task<IReadOnlyList<string>> AddAllAsync(IReadOnlyList<(string Name, string Value)> entries, CancellationToken cancellationToken);

    Task SetAsync(string name, string value, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken);

    /// <summary>Every (name, value) whose name starts with <paramref name="prefix"/>, by name.</summary>
    Task<IReadOnlyList<(string Name, string Value)>> ListAsync(string prefix, CancellationToken cancellationToken);
}
